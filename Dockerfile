# Tallyroom: one image for every node. Build: docker build -t tallyroom .
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
# Dev dependencies (vite) build the pages; they are pruned once the pages are built.
RUN npm ci --no-audit --no-fund --include=dev
COPY . .
RUN npm run build:client && npm prune --omit=dev --no-audit --no-fund
ENV NODE_ENV=production
EXPOSE 3000
USER node
CMD ["node", "--import", "tsx", "server/main.ts"]
