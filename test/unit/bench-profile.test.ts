import { describe, expect, it } from 'vitest';
import { areaOf, renderProfile, summariseProfile, type CpuProfile } from '../../bench/lib/profile.ts';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });

// (root) -> publish (server) -> emit (socket.io) -> write (node) ; (root) -> (idle) ; (root) -> (garbage collector)
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 5, 6] },
    { id: 2, callFrame: frame('publish', 'file:///repo/server/push/subscriptions.ts', 22), children: [3] },
    { id: 3, callFrame: frame('emit', 'file:///repo/node_modules/socket.io/dist/broadcast-operator.js', 168), children: [4] },
    { id: 4, callFrame: frame('writeGeneric', 'node:internal/stream_base_commons', 150) },
    { id: 5, callFrame: frame('(idle)') },
    { id: 6, callFrame: frame('(garbage collector)') },
  ],
  samples: [2, 3, 3, 4, 4, 4, 5, 5, 6],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
};

describe('summariseProfile', () => {
  const s = summariseProfile(profile);

  it('splits busy time from idle time', () => {
    expect(s.totalMs).toBe(9);
    expect(s.busyMs).toBe(7);
  });

  it('gives self time by package, with the collector on its own', () => {
    expect(s.selfByArea).toEqual([
      { name: 'node internals', ms: 3, share: 3 / 7 },
      { name: 'socket.io', ms: 2, share: 2 / 7 },
      { name: 'tallyroom server/', ms: 1, share: 1 / 7 },
      { name: '(garbage collector)', ms: 1, share: 1 / 7 },
    ]);
  });

  it('gives self time by function, named with file and line', () => {
    expect(s.selfByFunction[0]).toEqual({ name: 'writeGeneric node:internal/stream_base_commons:151', ms: 3, share: 3 / 7 });
    expect(s.selfByFunction.map((l) => l.name)).toContain('emit socket.io/dist/broadcast-operator.js:169');
  });

  it("gives the inclusive time of Tallyroom's own functions (callees included)", () => {
    expect(s.ownInclusive).toEqual([{ name: 'publish server/push/subscriptions.ts:23', ms: 6, share: 6 / 7 }]);
  });

  it('renders markdown tables', () => {
    expect(renderProfile(s)).toContain('| socket.io | 2.0 | 28.6 % |');
  });
});

describe('areaOf', () => {
  it('names the package, scoped ones included', () => {
    expect(areaOf('file:///r/node_modules/@socket.io/redis-adapter/dist/index.js')).toBe('@socket.io/redis-adapter');
    expect(areaOf('file:///r/node_modules/.pnpm/x/node_modules/zod/v4/core.js')).toBe('zod');
    expect(areaOf('file:///r/shared/tally/delta.ts')).toBe('tallyroom shared/');
    expect(areaOf('')).toBe('(native / V8)');
  });
});
