import type { ContestLine, NightContest, NightDefinition, NightSnapshot } from '../schemas/night.schema.ts';
import { nightSummary } from './night-summary.ts';

/** What a night snapshot is built from: the definition, the register's epoch and version, the lines. */
export interface NightRegister {
  nightId: string;
  definition: NightDefinition;
  epoch: string;
  version: number;
  updatedAt: string;
  lines: Readonly<Record<string, ContestLine>>;
}

/** Region id by election id, from the night's regions. */
export function regionsByContest(definition: Pick<NightDefinition, 'regions'>): Map<string, string> {
  const regionOf = new Map<string, string>();
  for (const [regionId, region] of Object.entries(definition.regions ?? {})) for (const id of region.contests) regionOf.set(id, regionId);
  return regionOf;
}

/** Each contest line as the night places it: with its region, and the party that held it before. */
export function placeInNight(definition: Pick<NightDefinition, 'regions' | 'previous'>): (line: ContestLine) => NightContest {
  const regionOf = regionsByContest(definition);
  const previous = definition.previous ?? {};
  return (line) => ({ ...line, region: regionOf.get(line.electionId) ?? null, previous: previous[line.electionId] ?? null });
}

/**
 * The night as `GET /api/nights/:id` and a night subscribe ack carry it: a line per contest in the
 * definition's order, each with its region, and the summary of those lines.
 */
export function buildNightSnapshot(register: NightRegister): NightSnapshot {
  const { definition } = register;
  const place = placeInNight(definition);
  const contests = definition.contests.flatMap((id) => (register.lines[id] ? [place(register.lines[id])] : []));
  return {
    nightId: register.nightId,
    name: definition.name,
    ...(definition.names ? { names: definition.names } : {}),
    epoch: register.epoch,
    version: register.version,
    updatedAt: register.updatedAt,
    majority: definition.majority ?? null,
    keyContests: definition.keyContests ?? [],
    regions: Object.entries(definition.regions ?? {}).map(([id, r]) => ({ id, name: r.name, ...(r.names ? { names: r.names } : {}) })),
    contests,
    summary: nightSummary(contests, definition.majority),
  };
}
