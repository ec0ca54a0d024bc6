import { describe, expect, it } from 'vitest';
import { planGroup, type Change, type Decision } from '../../server/ingest/change-plan.ts';
import { AppError } from '../../server/errors/app-error.ts';
import { initialState, type StoredElection } from '../../shared/tally/election-state.ts';
import { iran2017 } from '../fixtures/seeds.ts';

/**
 * The writer's pure step: a group of changes decided in order, each on the election the one before
 * left, into one store request (or a fresh read, or answers that need no commit).
 */
const at = new Date('2026-11-23T12:00:00.000Z');
const current: StoredElection = { electionId: 'x', definition: iran2017, state: initialState('e1', at.toISOString()) };

/** A change that moves the election one version on, with a history entry; answers `label`. */
function bump(label: string, bulletin?: { id: string; hash: string }): Change<string> & { decided: () => number } {
  let decided = 0;
  return {
    decided: () => decided,
    ...(bulletin ? { bulletin: { ...bulletin, seen: () => `seen ${label}` } } : {}),
    decide(election): Decision<string> {
      decided++;
      const state = { ...election!.state, version: election!.state.version + 1 };
      return { kind: 'commit', state, entry: { kind: 'definition', version: state.version, at: at.toISOString(), by: 'desk', definition: iran2017 }, committed: () => ({ value: label }) };
    },
  };
}
const refused = (confirm = true): Change<string> => ({
  decide: (): Decision<string> => (confirm ? { kind: 'refuse', error: new AppError('counts_backwards', 'no') } : { kind: 'answer', value: 'as is' }),
});
const items = (...changes: Array<Change<string>>) => changes.map((change) => ({ change: change as Change<unknown> }));

describe('planning a group of changes', () => {
  it('decides each change on the state the one before left, into one request from the version read', () => {
    const group = items(bump('a', { id: 'a', hash: 'ha' }), bump('b', { id: 'b', hash: 'hb' }), bump('c'));
    const plan = planGroup('x', current, false, group, at);
    if (plan.recheck) throw new Error('unexpected recheck');
    expect(plan.commits.map((c) => c.stored.state.version)).toEqual([1, 2, 3]);
    expect(plan.request).toMatchObject({ electionId: 'x', expected: current.state, state: { version: 3 } });
    expect(plan.request!.entries.map((e) => [e.entry.version, e.bulletin?.id])).toEqual([[1, 'a'], [2, 'b'], [3, undefined]]);
    expect(plan.owners).toEqual(group);
    expect(plan.settled).toEqual([]);
  });

  it('answers a bulletin whose id an earlier one of the group takes as seen, without deciding it', () => {
    const again = bump('again', { id: 'a', hash: 'h2' });
    const group = items(bump('a', { id: 'a', hash: 'ha' }), again);
    const plan = planGroup('x', current, false, group, at);
    if (plan.recheck) throw new Error('unexpected recheck');
    expect(again.decided()).toBe(0);
    expect(plan.settled).toEqual([{ item: group[1], outcome: { kind: 'seen', seen: { version: 1, hash: 'ha' } } }]);
    expect(plan.request!.entries).toHaveLength(1);
  });

  it('asks for a fresh read when a refusal rests on a cached copy, and settles it as refused on a fresh one', () => {
    const group = items(bump('a'), refused(), bump('c'));
    expect(planGroup('x', current, true, group, at)).toEqual({ recheck: true });
    const plan = planGroup('x', current, false, group, at);
    if (plan.recheck) throw new Error('unexpected recheck');
    expect(plan.settled.map((s) => s.outcome.kind)).toEqual(['refused']);
    expect(plan.commits.map((c) => c.stored.state.version)).toEqual([1, 2]);
  });

  it('confirms only the answers that say so on a fresh read; a throw refuses its change alone', () => {
    const unchanged: Change<string> = { decide: () => ({ kind: 'answer', value: 'unchanged', confirm: true }) };
    expect(planGroup('x', current, true, items(unchanged), at)).toEqual({ recheck: true });
    const broken: Change<string> = {
      decide: () => {
        throw new AppError('not_found', 'no election "x"');
      },
    };
    const plan = planGroup('x', current, true, items(refused(false), broken), at);
    if (plan.recheck) throw new Error('unexpected recheck');
    expect(plan.settled.map((s) => s.outcome.kind)).toEqual(['value', 'error']);
    expect(plan.request).toBeNull();
  });

  it('creates an election that does not exist (expected: none), and lists no entry it lacks', () => {
    const create: Change<string> = {
      decide: (election) => {
        expect(election).toBeNull();
        return { kind: 'commit', state: current.state, definition: iran2017, committed: () => ({ value: 'created' }) };
      },
    };
    const plan = planGroup('x', null, false, items(create), at);
    if (plan.recheck) throw new Error('unexpected recheck');
    expect(plan.request).toEqual({ electionId: 'x', expected: null, state: current.state, definition: iran2017, entries: [] });
    expect(plan.owners).toEqual([]);
  });
});
