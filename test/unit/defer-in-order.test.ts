import { describe, expect, it } from 'vitest';
import { deferInOrder } from '../../server/ingest/defer-in-order.ts';

describe('deferInOrder', () => {
  it('runs after the caller goes on, once each, in call order', async () => {
    const ran: string[] = [];
    const deferred = deferInOrder((v: string) => ran.push(v));
    deferred('a');
    deferred('b');
    ran.push('caller');
    await new Promise((resolve) => setImmediate(resolve));
    deferred('c');
    await new Promise((resolve) => setImmediate(resolve));
    expect(ran).toEqual(['caller', 'a', 'b', 'c']);
  });
});
