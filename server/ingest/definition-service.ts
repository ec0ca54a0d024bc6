import { randomBytes } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { ElectionDefinitionSchema, type ElectionDefinition } from '../../shared/schemas/election.schema.ts';
import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { checkDefinitionChange } from '../../shared/tally/check-definition.ts';
import { initialState, type StoredElection } from '../../shared/tally/election-state.ts';
import { checkModeChange, withInheritedMode } from '../../shared/tally/mode.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { checkVisibilityChange, withInheritedVisibility } from '../../shared/tally/visibility.ts';
import { refusalError, validationError } from '../errors/app-error.ts';
import type { Decision, ElectionWriter } from './election-writer.ts';

export interface DefinitionServiceDeps {
  writer: ElectionWriter;
}

export type DefineResult = { status: 201 | 200; snapshot: Snapshot };

/** A new epoch: random, so a store wiped and refilled never repeats an old one. */
export function newEpoch(): string {
  return randomBytes(9).toString('base64url');
}

/**
 * A definition on the latest state: a creation, nothing (the same body), a refusal, or a replacement,
 * which bumps the version (it changes what pages show), is kept in the history and pushes the snapshot.
 */
function decideDefinition(electionId: string, current: StoredElection | null, body: ElectionDefinition, by: string, at: Date): Decision<DefineResult> {
  const atIso = at.toISOString();
  if (!current) {
    return { kind: 'commit', state: initialState(newEpoch(), atIso), definition: body, committed: (stored) => ({ value: { status: 201, snapshot: buildSnapshot(stored) } }) };
  }
  const definition = withInheritedVisibility(current.definition, withInheritedMode(current.definition, body));
  if (canonicalJson(current.definition) === canonicalJson(definition)) return { kind: 'answer', value: { status: 200, snapshot: buildSnapshot(current) } };
  const problems = [...checkModeChange(current, definition), ...checkDefinitionChange(current, definition), ...checkVisibilityChange(current.definition, definition)];
  if (problems.length > 0) return { kind: 'refuse', error: refusalError('definition', problems) };
  const state = { ...current.state, version: current.state.version + 1, updatedAt: atIso };
  return {
    kind: 'commit',
    state,
    definition,
    entry: { kind: 'definition', version: state.version, at: atIso, by, definition },
    committed: (stored) => {
      const snapshot = buildSnapshot(stored);
      return { value: { status: 200, snapshot }, push: { snapshot } };
    },
  };
}

/** Defining and replacing elections: parse here; the writer decides, commits and publishes. */
export function createDefinitionService({ writer }: DefinitionServiceDeps) {
  return {
    async define(electionId: string, body: unknown, by: string): Promise<DefineResult> {
      const parsed = ElectionDefinitionSchema.safeParse(body);
      if (!parsed.success) throw validationError(parsed.error, 'election definition');
      return writer.submit<DefineResult>(electionId, { decide: (current, at) => decideDefinition(electionId, current, parsed.data, by, at) });
    },
  };
}
