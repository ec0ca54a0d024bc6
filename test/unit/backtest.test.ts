import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateResults } from '../../backtest/generate.ts';
import { backtest, CHECKPOINTS, REVEAL_ORDERS } from '../../backtest/replay.ts';
import { readResultsCsv, writeResultsCsv } from '../../backtest/results-file.ts';

const shipped = readFileSync(new URL('../../backtest/data/synthetic.csv', import.meta.url), 'utf8');

describe('the backtest harness on the shipped synthetic file', () => {
  it('is the file its stated generator makes', () => {
    expect(shipped).toBe(writeResultsCsv(generateResults(2026)));
  });

  it('reports every order and checkpoint, with sane errors, coverage and no wrong projection', () => {
    const report = backtest(readResultsCsv(shipped));
    expect(report.units).toBe(60);
    expect(report.winner).toBe('a');
    expect(report.orders.map((o) => o.order)).toEqual([...REVEAL_ORDERS]);
    for (const order of report.orders) {
      expect(order.checkpoints.map((c) => c.at)).toEqual([...CHECKPOINTS]);
      expect(order.wrongProjected).toBe(0);
      expect(order.ranges.checked).toBeGreaterThan(0);
      expect(order.ranges.rate).toBeGreaterThanOrEqual(0.9);
      for (const c of order.checkpoints) {
        expect(c.counted).toBeGreaterThanOrEqual(c.at);
        if (c.maxError !== null) expect(c.maxError).toBeLessThan(3);
        else expect(c.status).toBe('too-early');
      }
      // By 75 % counted, every order has an estimate.
      expect(order.checkpoints.at(-1)!.maxError).not.toBeNull();
    }
  });

  it('refuses a file not in the documented shape, naming the fault', () => {
    expect(() => readResultsCsv('id,name,votes_a\nu1,U,5\n')).toThrow('at least two votes_');
    expect(() => readResultsCsv('id,name,votes_a,votes_b,turnout\nu1,U,5,6,7\n')).toThrow('unknown columns: turnout');
    expect(() => readResultsCsv('id,name,votes_a,votes_b\nu1,U,5,x\n')).toThrow('row 2, column votes_b');
  });
});
