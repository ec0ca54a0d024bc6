import type { Request, Response } from 'express';

/** How long shared caches (a CDN, a proxy) and browsers may reuse a public answer (HTTP_MAX_AGE_S...). */
export interface CacheSettings {
  maxAgeSeconds: number;
  /** How long a stale answer may still be served while one request revalidates it (RFC 5861). */
  staleWhileRevalidateSeconds: number;
}

/** The policy of one answer: the settings, and whether the election is private. */
export interface CachePolicy extends CacheSettings {
  /** A private election's answer: no cache at all may keep it (a shared one would hand it to anyone). */
  private: boolean;
}

/**
 * `Cache-Control` for a policy. Public: short, and servable stale while a single request revalidates
 * with the ETag, so a proxy in front sends the origin one request per election per `max-age` however
 * many readers poll. Private: `no-store`, never kept anywhere.
 */
export function cacheControl({ maxAgeSeconds, staleWhileRevalidateSeconds, private: isPrivate }: CachePolicy): string {
  if (isPrivate) return 'private, no-store';
  return `public, max-age=${maxAgeSeconds}, stale-while-revalidate=${staleWhileRevalidateSeconds}`;
}

/**
 * The strong ETag of an election's answer at one version: `"<epoch>.<version>"`, then whatever else
 * picks the bytes (a format, a round, a locale, the audience count the body carries). The same
 * election, version and parts give the same bytes on every node, so the tag is known before the body
 * is built and a `304` costs no encoding at all.
 */
export function versionTag(at: { epoch: string; version: number }, ...parts: Array<string | number>): string {
  // An ETag's characters are printable ASCII without `"` (RFC 9110 8.8.3); the parts are ids and tags.
  const safe = [at.epoch, at.version, ...parts].map((p) => String(p).replace(/[^\x21\x23-\x7e]/g, '_'));
  return `"${safe.join('.')}"`;
}

/**
 * Whether `If-None-Match` names `etag` (RFC 9110 13.1.2: a list or `*`, weak comparison). Not
 * express's `req.fresh`: that is a cache's freshness and says no to any request with
 * `Cache-Control: no-cache`, which fetch() adds to every conditional request; the origin answers the
 * condition all the same.
 */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

export interface Cacheable {
  /** From `versionTag`: known before the body is built. */
  etag: string;
  cache: CachePolicy;
  type: string;
  /** Built only when the answer is a `200`. */
  body: () => string | Promise<string>;
}

/**
 * The HTTP reads' two steps, for a route whose answer follows from one cached election: a conditional
 * request naming the version the node took as current less than HTTP_CACHE_TRUST_MS ago is answered
 * `304` from memory (`peek`, no IO); anything else reads the version (`get`) and answers. A `304` only
 * ever tells a reader to keep what it holds, so a node a little behind never hands out an older
 * version: a tag it does not know is read afresh.
 */
export async function serveCached<T>(req: Request, res: Response, { peek, get, answer }: { peek: () => T | null; get: () => Promise<T>; answer: (held: T) => Promise<Cacheable> | Cacheable }): Promise<void> {
  const trusted = peek();
  if (trusted !== null && req.headers['if-none-match']) {
    const { etag, cache } = await answer(trusted);
    if (notModified(req, res, etag, cache)) return;
  }
  await sendCacheable(req, res, await answer(await get()));
}

/**
 * Sends a cacheable GET answer: its ETag and Cache-Control, and a bodiless `304` (nothing built) when
 * the request's `If-None-Match` already names that ETag.
 */
export async function sendCacheable(req: Request, res: Response, { etag, cache, type, body }: Cacheable): Promise<void> {
  if (notModified(req, res, etag, cache)) return;
  // Built before the headers: a body that fails (a 410, a store error) answers without them.
  const text = await body();
  res.setHeader('ETag', etag).setHeader('Cache-Control', cacheControl(cache)).setHeader('Content-Type', type).status(200).send(text);
}

/** Answers `304` (with the ETag and Cache-Control) when `If-None-Match` names `etag`; false otherwise, nothing sent. */
export function notModified(req: Request, res: Response, etag: string, cache: CachePolicy): boolean {
  if (!noneMatch(req.headers['if-none-match'], etag)) return false;
  res.setHeader('ETag', etag).setHeader('Cache-Control', cacheControl(cache)).status(304).end();
  return true;
}

export const JSON_TYPE = 'application/json; charset=utf-8';
