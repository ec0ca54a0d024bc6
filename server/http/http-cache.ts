import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

/** How long a poller may reuse an answer without asking again. */
export interface CachePolicy {
  maxAgeSeconds: number;
  /** A private election's answer: no shared cache (a CDN, a proxy) may keep it. */
  private: boolean;
}

/** `Cache-Control` for a policy: short and explicit, revalidated with the ETag once stale. */
export function cacheControl({ maxAgeSeconds, private: isPrivate }: CachePolicy): string {
  return `${isPrivate ? 'private' : 'public'}, max-age=${maxAgeSeconds}, must-revalidate`;
}

/** A strong ETag of a body: the same bytes, the same tag, on every node. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
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

/**
 * Sends `body` as a cacheable GET answer: its ETag and Cache-Control, and a bodiless `304` when the
 * request's `If-None-Match` already names that ETag.
 */
export function sendCacheable(req: Request, res: Response, { body, type, cache }: { body: string; type: string; cache: CachePolicy }): void {
  const etag = etagOf(body);
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', cacheControl(cache));
  res.setHeader('Content-Type', type);
  if (noneMatch(req.headers['if-none-match'], etag)) {
    res.status(304).end();
    return;
  }
  res.status(200).send(body);
}
