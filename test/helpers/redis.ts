import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis every integration test uses: `REDIS_URL`, or the machine's default. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A prefix no other test (or run) shares. */
export function randomPrefix(): string {
  return `tallyroom-test:${randomBytes(6).toString('hex')}:`;
}

/** Deletes this prefix's keys, and only those (never FLUSHALL: the Redis is shared). */
export async function deleteKeys(prefix: string, url: string = REDIS_URL): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true });
  await redis.connect();
  let deleted = 0;
  try {
    const stream = redis.scanStream({ match: `${prefix}*`, count: 500 });
    for await (const keys of stream as AsyncIterable<string[]>) {
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    }
  } finally {
    redis.disconnect();
  }
  return deleted;
}
