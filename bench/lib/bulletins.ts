import type { BulletinInput } from '../../shared/schemas/bulletin.schema.ts';
import type { ElectionDefinition } from '../../shared/schemas/election.schema.ts';

/**
 * Realistic elections and bulletins for the benchmark: 4 and 8 candidates under a 50 % majority rule,
 * figures rounded the way briefings read them out ("14.619 million"), each bulletin cumulative and
 * never lower than the last, so that every one is accepted. Pure and deterministic.
 */

export type FieldSize = 4 | 8;

interface Field {
  eligibleVoters: number;
  ballotsCast: number;
  /**
   * Each candidate's share of the ballots counted; the rest (4 %) are blank or void, which leaves room
   * for the drift so that the candidates never add up to more than the ballots counted.
   */
  candidates: Array<{ id: string; name: string; party?: string; color: string; share: number }>;
}

const FIELDS: Record<FieldSize, Field> = {
  // Shaped like a first round that goes to a runoff (Iran 2024: 24.5 million cast of 61.5 million).
  4: {
    eligibleVoters: 61_452_321,
    ballotsCast: 24_535_185,
    candidates: [
      { id: 'amini', name: 'Leila Amini', party: 'Reform Front', color: '#2e7d32', share: 0.425 },
      { id: 'bahrami', name: 'Reza Bahrami', party: 'Principlist Council', color: '#1565c0', share: 0.387 },
      { id: 'ghorbani', name: 'Mehdi Ghorbani', color: '#ef6c00', share: 0.138 },
      { id: 'daneshvar', name: 'Sara Daneshvar', color: '#6d4c41', share: 0.009 },
    ],
  },
  8: {
    eligibleVoters: 56_410_234,
    ballotsCast: 40_000_000,
    candidates: [
      { id: 'rostami', name: 'Hassan Rostami', party: 'Moderation and Development', color: '#7b2cbf', share: 0.3 },
      { id: 'karimi', name: 'Ebrahim Karimi', party: 'Combatant Clergy', color: '#2a9d8f', share: 0.265 },
      { id: 'sadeghi', name: 'Mostafa Sadeghi', party: 'Islamic Coalition', color: '#e76f51', share: 0.14 },
      { id: 'farahani', name: 'Narges Farahani', party: 'Green Path', color: '#43aa8b', share: 0.11 },
      { id: 'jafari', name: 'Ali Jafari', color: '#8d99ae', share: 0.07 },
      { id: 'mousavi', name: 'Zahra Mousavi', color: '#f9c74f', share: 0.04 },
      { id: 'hosseini', name: 'Kamran Hosseini', color: '#577590', share: 0.022 },
      { id: 'nazari', name: 'Parisa Nazari', color: '#f94144', share: 0.013 },
    ],
  },
};

/** The election a benchmark defines (PUT /api/elections/:id). */
export function benchDefinition(size: FieldSize, name = `Benchmark election, ${size} candidates`): ElectionDefinition {
  const field = FIELDS[size];
  return {
    name,
    eligibleVoters: field.eligibleVoters,
    rule: { kind: 'majority', threshold: 50 },
    candidates: field.candidates.map(({ id, name: candidateName, party, color }) => ({ id, name: candidateName, color, ...(party ? { party } : {}) })),
  };
}

/** Rounds to five significant figures, as briefings do ("14.619 million", "297,280"). */
export function roundLikeBriefing(value: number): number {
  if (value < 100_000) return Math.round(value);
  const unit = 10 ** (Math.floor(Math.log10(value)) - 4);
  return Math.round(value / unit) * unit;
}

export interface BulletinSeries {
  /** The next bulletin, with this `source` (which carries the send time). */
  next(source: string): BulletinInput & { id: string };
  /** How many bulletins were made. */
  readonly made: number;
}

/**
 * Cumulative bulletins for one election: the count rises evenly to 99.5 % of the ballots cast over
 * `steps` bulletins (then every figure stays there), shares drift a little from bulletin to bulletin,
 * and no figure ever goes down, so the server accepts every one without `correction`.
 */
export function createBulletinSeries(size: FieldSize, options: { steps: number; idPrefix: string }): BulletinSeries {
  const field = FIELDS[size];
  const steps = Math.max(1, options.steps);
  let made = 0;
  let counted = 0;
  const votes = new Map<string, number>(field.candidates.map((c) => [c.id, 0]));
  return {
    get made() {
      return made;
    },
    next(source) {
      made += 1;
      // Past the planned steps the figures stay as they are (the server accepts them with a note).
      if (made <= steps) {
        counted = Math.max(counted, roundLikeBriefing((field.ballotsCast * 0.995 * made) / steps));
        const drift = field.candidates.map((c, i) => c.share * (1 + 0.015 * Math.sin(made * 0.37 + i)));
        const scale = field.candidates.reduce((s, c) => s + c.share, 0) / drift.reduce((s, d) => s + d, 0);
        field.candidates.forEach((c, i) => votes.set(c.id, Math.max(votes.get(c.id)!, roundLikeBriefing(counted * drift[i]! * scale))));
      }
      return {
        id: `${options.idPrefix}-${made}`,
        source,
        ballotsCounted: counted,
        ballotsCast: field.ballotsCast,
        approximate: true,
        votes: Object.fromEntries(votes),
      };
    },
  };
}
