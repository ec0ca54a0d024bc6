import { describe, expect, it } from 'vitest';
import { checkHistory, createHistoryRecorder, postOutcome, type Op, type PostOutcome } from '../helpers/history-checker.ts';

const ok = (version: number, duplicate = false): PostOutcome => ({ type: 'ok', version, duplicate });
const post = (id: string, invokedAt: number, completedAt: number, outcome: PostOutcome): Op => ({ kind: 'post', id, invokedAt, completedAt, outcome });
const read = (invokedAt: number, completedAt: number, version: number): Op => ({ kind: 'read', invokedAt, completedAt, version });
const final = (readAt: number, ...ids: string[]) => ({ readAt, entries: ids.map((id, i) => ({ version: i + 1, id })) });

/** A clean night: two posters, a lost reply resolved by a resend, a refusal, reads that only go forward. */
const clean: Op[] = [
  post('a', 0, 2, ok(1)),
  post('b', 1, 3, { type: 'unknown' }),
  post('b', 4, 5, ok(2, true)),
  post('c', 4, 6, { type: 'fail' }),
  read(3, 4, 1),
  read(6, 7, 2),
];

describe('checkHistory', () => {
  it('accepts a history a versioned register allows', () => {
    expect(checkHistory(clean, final(10, 'a', 'b'))).toEqual([]);
  });

  it('negative control: a version given twice is reported', () => {
    const doubled = [...clean, post('d', 8, 9, ok(2))];
    expect(checkHistory(doubled, final(10, 'a', 'b', 'd'))).toContain('version 2 was given to b and to d');
  });

  it('negative control: a read going back in real time is reported', () => {
    const back = [...clean, read(8, 9, 1)];
    expect(checkHistory(back, final(10, 'a', 'b'))).toEqual(['a read at 8 saw version 1, after a read had seen 2']);
    // ...and a read that misses a 201 completed before it began.
    expect(checkHistory([post('a', 0, 1, ok(1)), read(2, 3, 0)], final(4, 'a'))).toEqual(['a read at 2 saw version 0, after a post had seen 1']);
  });

  it('only a read that began after another ended is bound by it; overlapping reads may see either version', () => {
    expect(checkHistory([post('a', 0, 5, ok(1)), read(1, 2, 1), read(3, 4, 0)], final(6, 'a'))).toContain('a read at 3 saw version 0, after a read had seen 1');
    expect(checkHistory([post('a', 0, 5, ok(1)), read(1, 4, 1), read(3, 4, 0)], final(6, 'a'))).toEqual([]);
  });

  it('negative control: an unknown outcome never resolved is reported', () => {
    const late = [...clean, post('e', 9, 12, { type: 'unknown' })];
    expect(checkHistory(late, final(10, 'a', 'b'))).toEqual(["bulletin e's unknown outcome (at 12) is never resolved"]);
    // The final read after it resolves it either way: applied or not.
    expect(checkHistory(late, final(13, 'a', 'b'))).toEqual([]);
    expect(checkHistory(late, final(13, 'a', 'b', 'e'))).toEqual([]);
  });

  it('negative control: an accepted bulletin lost, stored twice, at another version, or a gap, are reported', () => {
    expect(checkHistory(clean, final(10, 'a'))).toContain('bulletin b was accepted (version 2) but is not in the history: lost');
    expect(checkHistory(clean, final(10, 'a', 'b', 'b'))).toContain('bulletin b is in the history 2 times (versions 2, 3)');
    expect(checkHistory(clean, final(10, 'b', 'a'))).toContain('bulletin a was told version 1 but the history has it at 2');
    expect(checkHistory(clean, { readAt: 10, entries: [{ version: 1, id: 'a' }, { version: 3, id: 'b' }] })).toContain('the history has version 3 at position 2 (a gap or a repeat)');
    expect(checkHistory(clean, final(10, 'a', 'b', 'c'))).toContain('bulletin c was refused every time it was sent, yet it is in the history');
    expect(checkHistory([post('a', 0, 1, ok(1)), post('a', 2, 3, ok(2, true))], final(4, 'a', 'x'))).toContain('bulletin a was told versions 1, 2');
  });
});

describe('createHistoryRecorder and postOutcome', () => {
  it('records invoke and completion times from the clock, and reads HTTP answers as outcomes', () => {
    let t = 0;
    const recorder = createHistoryRecorder(() => ++t);
    const done = recorder.post('a');
    done(postOutcome({ status: 201, body: { version: 1 } }));
    recorder.read()(1);
    expect(recorder.ops).toEqual([post('a', 1, 2, ok(1)), read(3, 4, 1)]);
    expect(postOutcome({ status: 200, body: { version: 4, duplicate: true } })).toEqual(ok(4, true));
    expect(postOutcome({ status: 409, body: { error: { code: 'counts_backwards' } } })).toEqual({ type: 'fail' });
    expect(postOutcome({ status: 503, body: { error: { code: 'store_unavailable' } } })).toEqual({ type: 'fail' });
    expect(postOutcome({ status: 503, body: { error: { code: 'outcome_unknown' } } })).toEqual({ type: 'unknown' });
    expect(postOutcome(null)).toEqual({ type: 'unknown' });
  });
});
