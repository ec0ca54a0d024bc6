import type { Logger } from 'pino';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { ErrorCode } from '../../shared/codes/error-codes.ts';
import { contestLine } from '../../shared/nights/contest-line.ts';
import { buildNightSnapshot } from '../../shared/nights/night-snapshot.ts';
import { NightDefinitionSchema, type NightSnapshot } from '../../shared/schemas/night.schema.ts';
import type { StoredElection } from '../../shared/tally/election-state.ts';
import type { BulletinProblem } from '../../shared/tally/problems.ts';
import { AppError, refusalError, validationError } from '../errors/app-error.ts';
import { newEpoch } from '../ingest/definition-service.ts';
import { inScope, type Principal } from '../security/token-registry.ts';
import { inBatches } from '../store/batches.ts';
import { casToken, type Store } from '../store/store.ts';

/** Told of every change to a night's register: a line (at the night version it took) or a new definition. */
export interface NightListener {
  changed(nightId: string, version: number): void;
}

export interface NightServiceDeps {
  store: Store;
  logger: Logger;
  /** The night push (`server/push/night-push.ts`); none: nobody is told. */
  listener?: NightListener;
  now?: () => Date;
}

export type DefineNightResult = { status: 200 | 201; snapshot: NightSnapshot };

/** The contests a night may not hold: unknown ones, private ones, and (for a scoped token) those outside its scope. */
function contestProblems(ids: readonly string[], loaded: ReadonlyArray<StoredElection | null>, principal: Principal | undefined): BulletinProblem[] {
  return ids.flatMap((id, index): BulletinProblem[] => {
    const stored = loaded[index];
    const path = `contests.${index}`;
    if (!stored) return [{ code: ErrorCode.UnknownContest, path, message: `no election "${id}": define it first (PUT /api/elections/${id})` }];
    if (stored.definition.visibility === 'private') return [{ code: ErrorCode.PrivateContest, path, message: `election "${id}" is private; a night is read by everyone, so it holds public elections only` }];
    if (principal && !inScope(principal, id)) return [{ code: ErrorCode.Forbidden, path, message: `token "${principal.label}" may not act on election "${id}"` }];
    return [];
  });
}

/**
 * Nights: defining them, reading them, and keeping each night's line of a contest current as the
 * contest changes. The lines live in the store (one register per night), so every node reads the same.
 */
export function createNightService({ store, logger, listener, now = () => new Date() }: NightServiceDeps) {
  const nights = store.nights;

  async function snapshot(nightId: string): Promise<NightSnapshot | null> {
    const stored = await nights.loadNight(nightId);
    return stored ? buildNightSnapshot(stored) : null;
  }

  /** Lines written by a definition whose election has moved on since it was read, recorded again; the last version taken. */
  async function catchUpLines(nightId: string, lines: ReadonlyArray<{ electionId: string; epoch: string; version: number }>): Promise<number> {
    const tokens = await inBatches(lines, (l) => store.readCas(l.electionId));
    const moved = lines.filter((l, i) => tokens[i] !== casToken(l));
    let last = 0;
    for (const line of moved) {
      const stored = await store.load(line.electionId);
      const [version] = stored ? await nights.recordLine([nightId], contestLine(stored), now().toISOString()) : [null];
      last = Math.max(last, version ?? 0);
    }
    return last;
  }

  return {
    snapshot,

    list: () => nights.listNights(),

    /**
     * Defines or replaces a night. Every contest must be a public election the token may act on; a
     * refusal writes nothing. A commit racing the definition is not lost: `defineNight` records which
     * nights hold each election before it writes the lines, so a later commit updates its line itself,
     * and the versions read back afterwards (`catchUpLines`) bring in any commit made in between.
     */
    async define(nightId: string, body: unknown, principal?: Principal): Promise<DefineNightResult> {
      const parsed = NightDefinitionSchema.safeParse(body);
      if (!parsed.success) throw validationError(parsed.error, 'night definition');
      const definition = parsed.data;
      const current = await nights.loadNight(nightId);
      if (current && canonicalJson(current.definition) === canonicalJson(definition)) return { status: 200, snapshot: buildNightSnapshot(current) };
      const loaded = await inBatches(definition.contests, (id) => store.load(id));
      const problems = contestProblems(definition.contests, loaded, principal);
      if (problems.length > 0) throw refusalError('night', problems);
      const lines = loaded.map((stored) => contestLine(stored!));
      const at = now().toISOString();
      let version = await nights.defineNight({ nightId, definition, epoch: newEpoch(), at, lines });
      version = Math.max(version, await catchUpLines(nightId, lines));
      listener?.changed(nightId, version);
      const written = await snapshot(nightId);
      if (!written) throw new AppError(ErrorCode.StoreUnavailable, 'the night was written but could not be read back; read it again');
      return { status: current ? 200 : 201, snapshot: written };
    },

    /**
     * After a commit: the contest's new line into every night holding it. Runs off the answer's path;
     * a failure leaves the nights' line as it was until the contest's next change (logged).
     */
    contestChanged(stored: StoredElection): void {
      void (async () => {
        const ids = await nights.nightsOf(stored.electionId);
        if (ids.length === 0) return;
        const versions = await nights.recordLine(ids, contestLine(stored), now().toISOString());
        versions.forEach((version, i) => {
          if (version !== null) listener?.changed(ids[i]!, version);
        });
      })().catch((error: unknown) => logger.warn({ err: error, electionId: stored.electionId }, 'a night line could not be updated'));
    },
  };
}

export type NightService = ReturnType<typeof createNightService>;
