import { describe, expect, it } from 'vitest';
import { checkHistory, deliveryFailures, historyFailures } from '../../bench/lib/checks.ts';
import { DeliveryLedger, mergeTallies } from '../../bench/lib/ledger.ts';

describe('DeliveryLedger', () => {
  it('counts each (subscriber, version) once, with its latency', () => {
    const ledger = new DeliveryLedger(2, 10, 3);
    expect(ledger.record(0, 10, 5)).toBe('first');
    expect(ledger.record(0, 11, 7)).toBe('first');
    expect(ledger.record(1, 10, 9)).toBe('first');
    expect(ledger.record(0, 10, 1)).toBe('duplicate');
    expect(ledger.delivered).toBe(3);
    const t = ledger.tally();
    expect(t).toMatchObject({ subscribers: 2, firstVersion: 10, versions: 3, delivered: 3, missing: 3, duplicates: 1, unexpected: 0 });
    // The duplicate's latency does not replace the first delivery's.
    expect([...t.latencies].sort((a, b) => a - b)).toEqual([5, 7, 9]);
    expect([...t.lastParse]).toEqual([9, 7, Number.NaN]);
    expect([...t.firstParse]).toEqual([5, 7, Number.NaN]);
  });

  it('counts versions outside the range, and unknown subscribers, as unexpected', () => {
    const ledger = new DeliveryLedger(1, 10, 2);
    expect(ledger.record(0, 9, 1)).toBe('unexpected');
    expect(ledger.record(0, 12, 1)).toBe('unexpected');
    expect(ledger.record(0, 10.5, 1)).toBe('unexpected');
    expect(ledger.record(1, 10, 1)).toBe('unexpected');
    expect(ledger.tally()).toMatchObject({ delivered: 0, missing: 2, unexpected: 4 });
  });

  it('merges the tallies of several processes: sums, and the latest last parse per version', () => {
    const a = new DeliveryLedger(1, 1, 2);
    a.record(0, 1, 10);
    a.record(0, 2, 20);
    const b = new DeliveryLedger(2, 1, 2);
    b.record(0, 1, 30);
    b.record(1, 1, 5);
    b.record(1, 1, 5);
    const merged = mergeTallies([a.tally(), b.tally()]);
    expect(merged).toMatchObject({ subscribers: 3, delivered: 4, missing: 2, duplicates: 1 });
    expect([...merged.lastParse]).toEqual([30, 20]);
    expect([...merged.firstParse]).toEqual([5, 20]);
    expect(merged.latencies).toHaveLength(4);
    expect(() => mergeTallies([a.tally(), new DeliveryLedger(1, 2, 2).tally()])).toThrow(/different version ranges/);
  });
});

describe('deliveryFailures', () => {
  const clean = { subscribers: 2, versions: 3, delivered: 6, missing: 0, duplicates: 0, unexpected: 0, closedEarly: 0, protocolErrors: 0 };

  it('finds nothing wrong when every subscriber got every version once', () => {
    expect(deliveryFailures('x', clean)).toEqual([]);
  });

  it('names every way a run can lose or double a message', () => {
    expect(deliveryFailures('T @ 2', { ...clean, delivered: 5, missing: 1 })).toEqual(['T @ 2: 1 of 6 deliveries missing']);
    expect(deliveryFailures('T', { ...clean, duplicates: 2 })).toEqual(['T: 2 deliveries duplicated']);
    expect(deliveryFailures('T', { ...clean, unexpected: 1 })).toEqual(['T: 1 deltas of versions nobody posted']);
    expect(deliveryFailures('T', { ...clean, closedEarly: 3 })).toEqual(['T: 3 subscribers disconnected during the measurement']);
    expect(deliveryFailures('T', { ...clean, protocolErrors: 1 })).toEqual(['T: 1 frames did not parse or were not deltas']);
    expect(deliveryFailures('T', { ...clean, delivered: 4 })[0]).toMatch(/accounting mismatch/);
  });
});

describe('checkHistory', () => {
  const accepted = [
    { id: 'a', version: 2 },
    { id: 'b', version: 3 },
    { id: 'c', version: 4 },
  ];

  it('passes when the history lists each accepted bulletin once, at its version', () => {
    const check = checkHistory(accepted, accepted);
    expect(check).toEqual({ accepted: 3, listed: 3, missing: [], duplicated: [], unacknowledged: [], wrongVersion: [] });
    expect(historyFailures('h', check)).toEqual([]);
  });

  it('finds missing, doubled, unacknowledged and misplaced bulletins', () => {
    const listed = [
      { id: 'a', version: 2 },
      { id: 'a', version: 5 },
      { id: 'b', version: 9 },
      { id: 'z', version: 6 },
    ];
    const check = checkHistory(accepted, listed);
    expect(check).toMatchObject({ missing: ['c'], duplicated: ['a'], unacknowledged: ['z'], wrongVersion: ['b'] });
    const failures = historyFailures('ingest', check);
    expect(failures).toHaveLength(4);
    expect(failures[0]).toBe('ingest: 1 accepted bulletins missing from the history (c)');
  });
});
