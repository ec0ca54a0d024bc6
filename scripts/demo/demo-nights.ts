import type { NightItem } from '../../cli/replay/night-file.ts';
import type { BulletinInput } from '../../shared/schemas/bulletin.schema.ts';
import type { ElectionDefinition } from '../../shared/schemas/election.schema.ts';
import { knesset2022, knesset2022Final, knesset2022Votes } from '../../test/fixtures/rules.ts';
import { iran2017, iran2024, round1Final2024, seed000, seed001, seed002 } from '../../test/fixtures/seeds.ts';

/**
 * The demo's results nights, built from the seeds (test/fixtures/seeds.ts). Between the seeds'
 * bulletins sit illustrative ones, marked "DEMO" in their source and id, so the night is watchable:
 * counts rise, leads move, a race is decided before the final count, a runoff opens.
 */
export interface DemoNight {
  electionId: string;
  definition: ElectionDefinition;
  items: NightItem[];
}

const DEMO = 'DEMO: illustrative figures between the real briefings';

/** Bulletins `gapMs` apart on the demo's own clock (the replay divides by --speed). */
function timeline(bulletins: BulletinInput[], gapMs: number, pauses: Record<number, number> = {}): NightItem[] {
  let at = 0;
  return bulletins.map((bulletin, i) => {
    at += i === 0 ? 0 : gapMs + (pauses[i] ?? 0);
    return { kind: 'bulletin', line: i + 1, at, bulletin };
  });
}

const demoDefinition = (definition: ElectionDefinition): ElectionDefinition => ({ ...definition, name: `${definition.name} (demo replay)`, mode: 'test' });

/** 2017: one round. Seed 000 at 25 million counted, seed 002 the final; decided before the end. */
export function night2017(gapMs: number): DemoNight {
  const b = (n: number, issuedAt: string, ballotsCounted: number, votes: Record<string, number>): BulletinInput => ({
    id: `demo-2017-${n}`, issuedAt, source: DEMO, ballotsCounted, ballotsCast: 40_000_000, approximate: true, votes,
  });
  return {
    electionId: 'demo-iran-2017',
    definition: demoDefinition(iran2017),
    items: timeline(
      [
        b(1, '2017-05-20T03:00:00+04:30', 5_000_000, { rouhani: 2_900_000, raisi: 2_000_000, mirsalim: 60_000, 'hashemi-taba': 28_000 }),
        b(2, '2017-05-20T04:30:00+04:30', 12_000_000, { rouhani: 6_900_000, raisi: 4_850_000, mirsalim: 140_000, 'hashemi-taba': 66_000 }),
        b(3, '2017-05-20T06:00:00+04:30', 18_000_000, { rouhani: 10_400_000, raisi: 7_250_000, mirsalim: 210_000, 'hashemi-taba': 100_000 }),
        seed000,
        b(5, '2017-05-20T10:00:00+04:30', 32_000_000, { rouhani: 18_750_000, raisi: 12_680_000, mirsalim: 360_000, 'hashemi-taba': 175_000 }),
        b(6, '2017-05-20T12:00:00+04:30', 37_000_000, { rouhani: 21_700_000, raisi: 14_700_000, mirsalim: 400_000, 'hashemi-taba': 190_000 }),
        seed002,
      ],
      gapMs,
    ),
  };
}

/** 2024: a first round without a majority, then the runoff (seed 001 early in the count). */
export function night2024(gapMs: number): DemoNight {
  const r1 = (n: number, issuedAt: string, ballotsCounted: number, votes: Record<string, number>): BulletinInput => ({
    id: `demo-2024-r1-${n}`, round: 1, issuedAt, source: DEMO, ballotsCounted, ballotsCast: 24_535_185, approximate: true, votes,
  });
  const r2 = (n: number, issuedAt: string, ballotsCounted: number, votes: Record<string, number>): BulletinInput => ({
    id: `demo-2024-r2-${n}`, round: 2, issuedAt, source: DEMO, ballotsCounted, ballotsCast: 30_530_157, approximate: true, votes,
  });
  return {
    electionId: 'demo-iran-2024',
    definition: demoDefinition(iran2024),
    items: timeline(
      [
        r1(1, '2024-06-29T02:00:00+03:30', 6_000_000, { pezeshkian: 2_550_000, jalili: 2_330_000, ghalibaf: 830_000, pourmohammadi: 50_000 }),
        r1(2, '2024-06-29T05:00:00+03:30', 14_000_000, { pezeshkian: 5_950_000, jalili: 5_400_000, ghalibaf: 1_930_000, pourmohammadi: 118_000 }),
        r1(3, '2024-06-29T08:00:00+03:30', 20_000_000, { pezeshkian: 8_500_000, jalili: 7_730_000, ghalibaf: 2_760_000, pourmohammadi: 168_000 }),
        round1Final2024,
        r2(1, '2024-07-06T03:00:00+03:30', 10_000_000, { pezeshkian: 5_400_000, jalili: 4_500_000 }),
        seed001,
        r2(3, '2024-07-06T09:00:00+03:30', 26_000_000, { pezeshkian: 14_000_000, jalili: 11_550_000 }),
        {
          id: 'iran-2024-r2-final', round: 2, issuedAt: '2024-07-06T12:00:00+03:30', source: 'Interior Ministry (official final figures)',
          ballotsCounted: 30_530_157, final: true, votes: { pezeshkian: 16_384_403, jalili: 13_538_179 },
        },
      ],
      gapMs,
      // A week passes between the rounds: a longer pause before the runoff's first figures.
      { 4: gapMs * 2 },
    ),
  };
}

/** The Knesset lists' names and colours, for the pages (the fixture keys them by id only). */
const KNESSET_LISTS: Record<string, [string, string]> = {
  likud: ['Likud', '#1f4e9c'], 'yesh-atid': ['Yesh Atid', '#0aa0d6'], 'religious-zionism': ['Religious Zionism', '#c98a1b'],
  'national-unity': ['National Unity', '#3a6fd8'], shas: ['Shas', '#111111'], utj: ['United Torah Judaism', '#555555'],
  'yisrael-beiteinu': ['Yisrael Beiteinu', '#2b7a3d'], raam: ["Ra'am", '#1c8f5a'], 'hadash-taal': ["Hadash-Ta'al", '#c7302b'],
  labor: ['Labor', '#d0342c'], meretz: ['Meretz', '#4caf50'], balad: ['Balad', '#7b3f98'], 'jewish-home': ['Jewish Home', '#4a6fa5'], others: ['Others', '#9e9e9e'],
};

/**
 * Israel, 1 November 2022: 120 seats by D'Hondt over the lists past 3.25 %, with surplus-vote
 * agreements. The final bulletin is the Central Elections Committee's final list votes (test/fixtures/
 * rules.ts); the partial counts before it are illustrative (DEMO), the final shares scaled down.
 */
export function nightKnesset2022(gapMs: number): DemoNight {
  const partial = (n: number, issuedAt: string, share: number): BulletinInput => ({
    id: `demo-knesset-${n}`, issuedAt, source: DEMO, ballotsCounted: Math.round(4_764_742 * share), ballotsCast: 4_764_742,
    votes: Object.fromEntries(Object.entries(knesset2022Votes).map(([id, v]) => [id, Math.floor(v * share)])),
  });
  const definition: ElectionDefinition = {
    ...knesset2022,
    name: 'Knesset election 2022',
    candidates: knesset2022.candidates.map((c) => ({ id: c.id, name: KNESSET_LISTS[c.id]![0], color: KNESSET_LISTS[c.id]![1] })),
  };
  return {
    electionId: 'demo-knesset-2022',
    definition: demoDefinition(definition),
    items: timeline(
      [
        partial(1, '2022-11-02T02:00:00+02:00', 0.4),
        partial(2, '2022-11-02T08:00:00+02:00', 0.7),
        partial(3, '2022-11-02T14:00:00+02:00', 0.86),
        { ...knesset2022Final, id: 'knesset-2022-final', issuedAt: '2022-11-03T18:00:00+02:00' },
      ],
      gapMs,
    ),
  };
}
