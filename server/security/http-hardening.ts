import { STATUS_CODES, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import cors from 'cors';
import helmet from 'helmet';
import { ErrorCode } from '../../shared/codes/error-codes.ts';

/**
 * A connect-style middleware that only sets headers and calls `next`: usable by express and by the
 * bulletin fast path on plain Node requests.
 */
export type HeaderMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * helmet's headers with a strict Content-Security-Policy: scripts, styles, fonts and connections
 * only from this server, no inline script or style, nothing framed except by `FRAME_ANCESTORS`.
 * The pages are built for it (the browser tests run under this very policy). `/api/docs` sets its own.
 */
export function securityHeaders({ frameAncestors }: { frameAncestors: string[] }): HeaderMiddleware {
  const framing = frameAncestors.join(' ');
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors,
      },
    },
    // X-Frame-Options only knows DENY and SAMEORIGIN; with an allow-list, frame-ancestors alone decides.
    xFrameOptions: framing === "'none'" ? { action: 'deny' } : framing === "'self'" ? { action: 'sameorigin' } : false,
    // Embedding pages elsewhere must not need their cooperation.
    crossOriginEmbedderPolicy: false,
  });
}

/**
 * Swagger UI injects inline styles (and SVG icons as data: URLs), so the reference page gets a policy
 * of its own, scoped to `/api/docs`: scripts still only from this server, no inline script anywhere.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Sets `DOCS_CSP`; mounted after any app-wide CSP, so it replaces it on the docs' paths only. */
export const docsSecurityHeaders: HeaderMiddleware = (_req, res, next) => {
  res.setHeader('content-security-policy', DOCS_CSP);
  next();
};

/** Whether a browser origin may call the API or open a socket: listed, `*`, or none sent (not a browser). */
export function originAllowed(allowed: readonly string[], origin: string | undefined): boolean {
  if (!origin) return true;
  return allowed.includes('*') || allowed.includes(origin);
}

/** CORS for `/api`: only `CORS_ORIGINS` get the headers; others are left to the browser's same-origin rule. */
export function corsPolicy({ corsOrigins }: { corsOrigins: readonly string[] }): HeaderMiddleware {
  const handler = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && originAllowed(corsOrigins, origin)),
    methods: ['GET', 'HEAD', 'PUT', 'POST'],
    allowedHeaders: ['authorization', 'content-type', 'idempotency-key'],
    maxAge: 600,
  });
  return (req, res, next) => handler(req as Parameters<typeof handler>[0], res, next);
}

/**
 * socket.io's `allowRequest`: a browser handshake from a foreign origin is refused unless listed, so a
 * page elsewhere cannot ride a reader's connection (WebSockets are not covered by CORS). Same-origin
 * pages (Origin matching Host) and non-browser clients (no Origin) pass.
 */
export function socketOriginCheck({ corsOrigins }: { corsOrigins: readonly string[] }) {
  return (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => {
    const origin = req.headers.origin;
    const sameOrigin = origin !== undefined && req.headers.host !== undefined && new URL(origin, 'http://x').host === req.headers.host;
    if (sameOrigin || originAllowed(corsOrigins, origin)) return callback(null, true);
    callback(`origin ${origin} is not allowed (CORS_ORIGINS)`, false);
  };
}

function rawJsonError(socket: Duplex, status: number, code: ErrorCode, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/**
 * Requests Node's parser rejects before express sees them (huge headers, a broken request line) get
 * our JSON error body with a 4xx instead of Node's bare answer.
 */
export function answerClientErrors(httpServer: HttpServer): void {
  httpServer.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    if (error.code === 'HPE_HEADER_OVERFLOW') return rawJsonError(socket, 431, ErrorCode.HeadersTooLarge, 'the request headers are too large');
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return rawJsonError(socket, 408 as number, ErrorCode.BadRequest, 'the request took too long to arrive');
    rawJsonError(socket, 400, ErrorCode.BadRequest, 'the request is malformed HTTP');
  });
}
