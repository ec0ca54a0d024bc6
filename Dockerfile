# Tallyroom: one image for every node. Build: docker build -t tallyroom .
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
EXPOSE 3000
USER node
CMD ["node", "--import", "tsx", "server/main.ts"]
