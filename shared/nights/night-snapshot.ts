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

/** A contest line with its region in the night. */
export function nightContest(line: ContestLine, regionOf: ReadonlyMap<string, string>): NightContest {
  return { ...line, region: regionOf.get(line.electionId) ?? null };
}

/**
 * The night as `GET /api/nights/:id` and a night subscribe ack carry it: a line per contest in the
 * definition's order, each with its region, and the summary of those lines.
 */
export function buildNightSnapshot(register: NightRegister): NightSnapshot {
  const { definition } = register;
  const regionOf = regionsByContest(definition);
  const lines = definition.contests.flatMap((id) => (register.lines[id] ? [register.lines[id]] : []));
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
    contests: lines.map((line) => nightContest(line, regionOf)),
    summary: nightSummary(lines, definition.majority),
  };
}
