import { randomBytes } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { ElectionDefinitionSchema } from '../../shared/schemas/election.schema.ts';
import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { checkDefinitionChange } from '../../shared/tally/check-definition.ts';
import { initialState } from '../../shared/tally/election-state.ts';
import { checkModeChange, withInheritedMode } from '../../shared/tally/mode.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { checkVisibilityChange, withInheritedVisibility } from '../../shared/tally/visibility.ts';
import { refusalError, validationError } from '../errors/app-error.ts';
import type { ElectionWriter } from './election-writer.ts';

export interface DefinitionServiceDeps {
  writer: ElectionWriter;
  /** Called when a replaced definition changes what subscribers see. */
  publishSnapshot: (snapshot: Snapshot) => void;
  now?: () => Date;
}

export type DefineResult = { status: 201 | 200; snapshot: Snapshot };

/** A new epoch: random, so a store wiped and refilled never repeats an old one. */
export function newEpoch(): string {
  return randomBytes(9).toString('base64url');
}

/**
 * Defining and replacing elections. A replacement bumps the version (it changes what pages show) and
 * is kept in the history; an identical body changes nothing.
 */
export function createDefinitionService({ writer, publishSnapshot, now = () => new Date() }: DefinitionServiceDeps) {
  return {
    async define(electionId: string, body: unknown, by: string): Promise<DefineResult> {
      const parsed = ElectionDefinitionSchema.safeParse(body);
      if (!parsed.success) throw validationError(parsed.error, 'election definition');

      return writer.change<DefineResult>(electionId, (current, fresh) => {
        const at = now().toISOString();
        if (!current) {
          const definition = parsed.data;
          const state = initialState(newEpoch(), at);
          return {
            kind: 'commit',
            request: { electionId, expected: null, state, definition },
            committed: (stored) => ({ status: 201, snapshot: buildSnapshot(stored) }),
          };
        }
        const definition = withInheritedVisibility(current.definition, withInheritedMode(current.definition, parsed.data));
        if (canonicalJson(current.definition) === canonicalJson(definition)) {
          return { kind: 'answer', value: { status: 200, snapshot: buildSnapshot(current) } };
        }
        const problems = [...checkModeChange(current, definition), ...checkDefinitionChange(current, definition), ...checkVisibilityChange(current.definition, definition)];
        if (problems.length > 0) {
          if (!fresh) return { kind: 'recheck' };
          throw refusalError('definition', problems);
        }
        const state = { ...current.state, version: current.state.version + 1, updatedAt: at };
        return {
          kind: 'commit',
          request: { electionId, expected: current.state, state, definition, entry: { kind: 'definition', version: state.version, at, by, definition } },
          committed: (stored) => {
            const snapshot = buildSnapshot(stored);
            publishSnapshot(snapshot);
            return { status: 200, snapshot };
          },
        };
      });
    },
  };
}
