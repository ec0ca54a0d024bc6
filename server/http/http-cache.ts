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
 * Sends a cacheable GET answer: its ETag and Cache-Control, and a bodiless `304` (nothing built) when
 * the request's `If-None-Match` already names that ETag.
 */
export async function sendCacheable(req: Request, res: Response, { etag, cache, type, body }: Cacheable): Promise<void> {
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', cacheControl(cache));
  if (noneMatch(req.headers['if-none-match'], etag)) {
    res.status(304).end();
    return;
  }
  const text = await body();
  res.setHeader('Content-Type', type);
  res.status(200).send(text);
}

export const JSON_TYPE = 'application/json; charset=utf-8';
