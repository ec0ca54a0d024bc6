import { describe, expect, it } from 'vitest';
import { createKeyedSerializer } from '../../server/ingest/keyed-serializer.ts';

/** A promise with its resolver outside, to hold a task open until the test lets it go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

describe('createKeyedSerializer', () => {
  it('runs tasks of one key one at a time, in arrival order', async () => {
    const serialize = createKeyedSerializer();
    const log: string[] = [];
    const first = gate();
    const a = serialize('k', async () => { log.push('a start'); await first.opened; log.push('a end'); });
    const b = serialize('k', async () => { log.push('b'); });
    await Promise.resolve();
    expect(log).toEqual(['a start']);
    first.open();
    await Promise.all([a, b]);
    expect(log).toEqual(['a start', 'a end', 'b']);
  });

  it('runs different keys concurrently, and goes on after a failure', async () => {
    const serialize = createKeyedSerializer();
    const held = gate();
    const slow = serialize('x', () => held.opened.then(() => 'x'));
    await expect(serialize('y', async () => 'y')).resolves.toBe('y');
    const failing = serialize('x', async () => { throw new Error('boom'); });
    const after = serialize('x', async () => 'after');
    held.open();
    await expect(slow).resolves.toBe('x');
    await expect(failing).rejects.toThrow('boom');
    await expect(after).resolves.toBe('after');
  });
});
