import type { NightItem } from '../../cli/replay/night-file.ts';
import type { BulletinInput } from '../../shared/schemas/bulletin.schema.ts';
import type { ElectionDefinition } from '../../shared/schemas/election.schema.ts';
import type { NightDefinition } from '../../shared/schemas/night.schema.ts';

/**
 * An ILLUSTRATIVE Majlis-like night for the demo: the shape is public (Iran's parliament is elected in
 * constituencies grouped by province, most of them single-seat, with principlist and reformist lists
 * and many independents), every name of a constituency and candidate and every figure is invented.
 * 36 single-seat constituencies in six provinces, plurality (the real rule's 20 % threshold and runoffs,
 * and Tehran's 30 seats, wait for multi-seat rules). Deterministic: the same night every run.
 */
export const MAJLIS_NIGHT_ID = 'demo-majlis';
const PROVINCES = ['tehran', 'isfahan', 'khorasan', 'fars', 'azarbaijan', 'khuzestan'] as const;
const PER_PROVINCE = 6;
const ILLUSTRATIVE = 'DEMO: illustrative figures (invented), not results';

/** A small deterministic generator (mulberry32), so the demo night is the same every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const title = (s: string) => s[0]!.toUpperCase() + s.slice(1);

export interface MajlisNight {
  nightId: string;
  night: NightDefinition;
  /** Each constituency's definition, then every bulletin of the night in time order (contests interleaved). */
  items: NightItem[];
}

function constituency(province: string, n: number, rand: () => number): { electionId: string; definition: ElectionDefinition; eligible: number } {
  const eligible = 150_000 + Math.round(rand() * 250_000);
  return {
    electionId: `demo-${province}-${n}`,
    eligible,
    definition: {
      name: `${title(province)} ${n} (illustrative)`,
      mode: 'test',
      eligibleVoters: eligible,
      rule: { kind: 'plurality' },
      candidates: [
        { id: 'principlist', name: `Principlist candidate ${title(province)} ${n}`, party: 'Principlists', color: '#1565c0' },
        { id: 'reformist', name: `Reformist candidate ${title(province)} ${n}`, party: 'Reformists', color: '#2e7d32' },
        { id: 'independent', name: `Independent candidate ${title(province)} ${n}`, color: '#8d6e63' },
      ],
    },
  };
}

/** Three bulletins a constituency: about a third counted, two thirds, the final count. */
function bulletins(electionId: string, eligible: number, rand: () => number): BulletinInput[] {
  const cast = Math.round(eligible * (0.35 + rand() * 0.25));
  const weights = [0.3 + rand() * 0.4, 0.2 + rand() * 0.4, 0.05 + rand() * 0.35];
  const sum = weights.reduce((a, b) => a + b, 0);
  return [0.3, 0.7, 1].map((part, i) => {
    const counted = Math.round(cast * part);
    const [p, r, ind] = weights.map((w) => Math.floor((counted * 0.97 * w) / sum)) as [number, number, number];
    return { id: `${electionId}-${i + 1}`, source: ILLUSTRATIVE, ballotsCounted: counted, ballotsCast: cast, final: part === 1, votes: { principlist: p, reformist: r, independent: ind } };
  });
}

/** The demo's Majlis-like night: definitions, the night, then bulletins every `gapMs` on the demo's clock. */
export function majlisNight(gapMs = 1000): MajlisNight {
  const rand = random(1403);
  const contests = PROVINCES.flatMap((province) => Array.from({ length: PER_PROVINCE }, (_, i) => ({ province, ...constituency(province, i + 1, rand) })));
  const night: NightDefinition = {
    name: 'Majlis-like night (demo, illustrative figures)',
    contests: contests.map((c) => c.electionId),
    majority: Math.floor(contests.length / 2) + 1,
    keyContests: ['demo-tehran-1', 'demo-isfahan-1', 'demo-fars-1'],
    regions: Object.fromEntries(PROVINCES.map((p) => [p, { name: title(p), contests: contests.filter((c) => c.province === p).map((c) => c.electionId) }])),
  };
  const definitions: NightItem[] = contests.map((c, i) => ({ kind: 'definition', line: i + 1, at: null, electionId: c.electionId, definition: c.definition }));
  // Each contest's bulletins in its order; contests interleave at random times over the night.
  const timed = contests.flatMap((c) => {
    const start = rand() * 20;
    return bulletins(c.electionId, c.eligible, rand).map((bulletin, i) => ({ at: (start + i * (8 + rand() * 12)) * gapMs, electionId: c.electionId, bulletin }));
  });
  timed.sort((a, b) => a.at - b.at);
  const line = definitions.length + 2;
  const items: NightItem[] = [
    ...definitions,
    { kind: 'night', line: definitions.length + 1, at: null, nightId: MAJLIS_NIGHT_ID, night },
    ...timed.map((t, i): NightItem => ({ kind: 'bulletin', line: line + i, at: Math.round(t.at), electionId: t.electionId, bulletin: t.bulletin })),
  ];
  return { nightId: MAJLIS_NIGHT_ID, night, items };
}
