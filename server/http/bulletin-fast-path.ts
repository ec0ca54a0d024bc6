import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import proxyAddr from 'proxy-addr';
import type { Metrics } from '../ops/metrics.ts';
import type { HeaderMiddleware } from '../security/http-hardening.ts';
import type { Security } from '../security/security.ts';
import { BodyError } from './body-errors.ts';
import { idempotencyKeyOf, type BulletinAnswer } from './bulletin-answer.ts';
import { readableElectionId } from './election-id.ts';
import { answerError } from './error-middleware.ts';
import type { createInFlight } from './in-flight.ts';
import { meterIngest } from './ingest-meter.ts';
import { BODY_LIMIT_BYTES } from './json-body.ts';

export interface BulletinFastPathDeps {
  answer: BulletinAnswer;
  admit: Security['admitIngest'];
  /** The headers every API answer carries, in express's order (security headers, then CORS). */
  headers: readonly HeaderMiddleware[];
  inFlight: ReturnType<typeof createInFlight>;
  metrics: Metrics;
  logger: Logger;
  /** express's compiled `trust proxy` setting (`app.get('trust proxy fn')`), for the client's address. */
  trust: (address: string, hop: number) => boolean;
}

/** The requests taken: `POST /api/elections/<id>/bulletins`, nothing percent-encoded, no query string. */
const ROUTE = /^\/api\/elections\/([^/?%]+)\/bulletins\/?$/;
/** A plain JSON body in UTF-8; any other type, charset or encoding goes to express, which answers it. */
const PLAIN_JSON = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

function runHeaders(middleware: HeaderMiddleware, req: IncomingMessage, res: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => middleware(req, res, (error) => (error ? reject(error) : resolve())));
}

/** The body as JSON, as express.json({ strict: false }) reads it: empty is `{}`, a BOM is skipped. */
function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  if (Number(req.headers['content-length']) > limit) return Promise.reject(BodyError.tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cutShort = () => reject(BodyError.cutShort());
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.removeAllListeners('data');
      req.resume();
      reject(BodyError.tooLarge(limit));
    });
    req.once('aborted', cutShort);
    req.once('error', cutShort);
    req.once('end', () => {
      if (size > limit) return;
      let text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.length === 0) return resolve({});
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(BodyError.notJson());
      }
    });
  });
}

/**
 * The ingest hot path without express's router: `POST /api/elections/:id/bulletins` with a plain JSON
 * body is answered here with the same steps, in the same order, as the express route (security and
 * CORS headers, in-flight count, metrics, rate limits, token and scope, body, the one bulletin answer,
 * errors in the one shape), so a client cannot tell which answered; the router and body-parser were a
 * quarter of the CPU of each bulletin (docs/benchmarks.md). Returns false for every other request,
 * which express then serves.
 */
export function bulletinFastPath(deps: BulletinFastPathDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  async function handle(req: IncomingMessage, res: ServerResponse, rawId: string): Promise<void> {
    deps.inFlight.track(res);
    let code: string | undefined;
    meterIngest(deps.metrics, res, () => code);
    try {
      for (const middleware of deps.headers) await runHeaders(middleware, req, res);
      const principal = await deps.admit(proxyAddr(req, deps.trust), req.headers.authorization, rawId);
      const body = await readJson(req, BODY_LIMIT_BYTES);
      const { status, json } = await deps.answer(readableElectionId(rawId), body, principal.label, idempotencyKeyOf(req.headers));
      res.statusCode = status;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(json);
    } catch (error) {
      code = answerError(deps.logger, error, req.method, req.url, res) ?? undefined;
    }
  }
  return (req, res) => {
    const electionId = fastPathElection(req);
    if (electionId === null) return false;
    void handle(req, res, electionId);
    return true;
  };
}

/**
 * The election of a request the fast path takes (as in the URL), or null for one express serves:
 * `POST /api/elections/<id>/bulletins` with a plain UTF-8 JSON body, no query string, nothing
 * percent-encoded, no content encoding.
 */
export function fastPathElection(req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>): string | null {
  if (req.method !== 'POST') return null;
  const match = ROUTE.exec(req.url ?? '');
  if (!match) return null;
  const type = req.headers['content-type'];
  if (type === undefined || !PLAIN_JSON.test(type)) return null;
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return null;
  return match[1]!;
}
