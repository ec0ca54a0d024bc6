import { beforeAll, describe, expect, it } from 'vitest';
import { createTallyClient, subscribe } from '../../client/sdk/index.ts';
import { iran2017 } from '../fixtures/seeds.ts';
import { define, useTestServer } from '../helpers/test-server.ts';
import { eventually } from '../helpers/wait-for.ts';

describe('the SDK reports the audience of an election', () => {
  const server = useTestServer({ store: 'memory', env: { AUDIENCE_INTERVAL_MS: '100' } });
  beforeAll(async () => {
    await define(server, 'watched', iran2017);
    await define(server, 'elsewhere', iran2017);
  });

  it('from the snapshot first, then from audience events, per election, as subscribers come and go', async () => {
    const seen: number[] = [];
    const first = subscribe('watched', { onAudience: (n) => seen.push(n) }, { url: server.url });
    await eventually(() => (seen.at(-1) === 1 ? true : undefined), 5000, 'audience 1');

    // Two more on one client, one of them on another election: only "watched" counts them.
    const other = createTallyClient({ url: server.url });
    const otherSeen: Record<string, number[]> = { watched: [], elsewhere: [] };
    other.subscribe('watched', { onAudience: (n) => otherSeen.watched!.push(n) });
    other.subscribe('elsewhere', { onAudience: (n) => otherSeen.elsewhere!.push(n) });
    await eventually(() => (seen.at(-1) === 2 && otherSeen.watched!.at(-1) === 2 ? true : undefined), 5000, 'audience 2 on both');
    await eventually(() => (otherSeen.elsewhere!.at(-1) === 1 ? true : undefined), 5000, 'audience 1 elsewhere');

    other.close();
    await eventually(() => (seen.at(-1) === 2 ? undefined : seen.at(-1)), 5000, 'a departure').then((n) => expect(n).toBe(1));
    // Every value reported is a whole count, never a list of who.
    expect(seen.every((n) => Number.isInteger(n) && n >= 0)).toBe(true);
    first.unsubscribe();
  });
});
