import { beforeAll, describe, expect, it } from 'vitest';
import { useLocale } from '../../client/common/i18n.ts';
import { electionHeadline, roundHeadline } from '../../client/common/headline.ts';
import { previewBulletin, suggestedRound } from '../../client/console/preview-model.ts';
import { parseGraphicsParams } from '../../client/graphics/params.ts';
import { graphicsView } from '../../client/graphics/view-model.ts';
import type { CallRequest } from '../../shared/schemas/call.schema.ts';
import { evaluateCall } from '../../shared/tally/calls.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { iran2017, iran2024, round1Final2024, seed000, seed001, seed002 } from '../fixtures/seeds.ts';
import { NOW, play } from '../helpers/night.ts';

// The pages speak the page's language; these tests read like an en-US reader's page.
beforeAll(() => useLocale({ language: 'en', locale: 'en-US', dir: 'ltr', source: 'query' }));

const snap = (...args: Parameters<typeof play>) => buildSnapshot(play(...args));

describe('headlines in plain words', () => {
  it('says who leads, by how much, with how much counted (rounded down)', () => {
    const s = snap(iran2017, seed000);
    expect(roundHeadline(s, s.rounds[0]!)).toMatchObject({ text: 'Hassan Rouhani leads by 4.5 million with 62% counted', tone: 'counting' });
  });

  it('says who wins once final', () => {
    const s = snap(iran2017, seed000, seed002);
    expect(electionHeadline(s)).toMatchObject({ text: 'Hassan Rouhani wins', tone: 'final' });
  });

  it('names the runoff pair, and the runoff leader with the count when no total is known', () => {
    const first = snap(iran2024, round1Final2024);
    expect(electionHeadline(first).text).toBe('Runoff: Masoud Pezeshkian vs Saeed Jalili');
    const runoff = snap(iran2024, round1Final2024, seed001);
    expect(electionHeadline(runoff).text).toBe('Masoud Pezeshkian leads by 2 million with 20,000,000 ballots counted');
  });

  it('says so before anything is counted, and counts small margins in votes', () => {
    expect(electionHeadline(snap(iran2017)).text).toBe('No results yet');
    const close = snap(iran2017, { ...seed000, votes: { rouhani: 12_500_500, raisi: 12_500_000 } });
    expect(electionHeadline(close).text).toBe('Hassan Rouhani leads by 500 votes with 62% counted');
  });
});

describe('graphics query and view', () => {
  it('parses layout, round, candidates and max, falling back rather than blanking', () => {
    expect(parseGraphicsParams('?layout=lower-third&round=2&candidates=a,%20b&max=3')).toEqual({ layout: 'lower-third', round: 2, candidates: ['a', 'b'], max: 3, backdrop: null, showStatus: false });
    expect(parseGraphicsParams('?layout=nonsense&round=x&max=-1')).toMatchObject({ layout: 'bars', round: null, candidates: null, max: 6 });
  });

  it('shows the chosen round and candidates, by votes', () => {
    const s = snap(iran2024, round1Final2024, seed001);
    const latest = graphicsView(s, parseGraphicsParams(''))!;
    expect(latest.round).toBe('Runoff');
    expect(latest.candidates.map((c) => c.id)).toEqual(['pezeshkian', 'jalili']);
    const first = graphicsView(s, parseGraphicsParams('?round=1&candidates=ghalibaf,jalili'))!;
    expect(first.candidates.map((c) => [c.id, c.share])).toEqual([['jalili', '40.3%'], ['ghalibaf', '14.4%']]);
    expect(graphicsView(snap(iran2017), parseGraphicsParams(''))).toBeNull();
  });
});

describe('console preview', () => {
  it('previews with the server functions: the delta, the next state and the words', () => {
    const s = snap(iran2017, seed000);
    const preview = previewBulletin(s, seed002, NOW);
    if (!preview.ok) throw new Error(JSON.stringify(preview.issues));
    expect(preview.delta).toMatchObject({ version: 2, prevVersion: 1, ballotsCountedChange: 15_000_000 });
    expect(preview.delta.candidates.find((c) => c.id === 'rouhani')?.votesChange).toBe(8_881_000);
    expect(preview.headline.text).toBe('Hassan Rouhani wins');
    expect(preview.warnings.some((w) => w.includes('Mostafa Mirsalim'))).toBe(true);
  });

  it('lists schema and rule problems by field', () => {
    const s = snap(iran2017, seed000);
    const bad = previewBulletin(s, { ...seed000, id: 'x', ballotsCounted: 26_000_000, votes: { raisi: 1, nobody: 5 } }, NOW);
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.issues.map((i) => i.path).sort()).toEqual(['votes.nobody', 'votes.raisi']);
    const malformed = previewBulletin(s, { ballotsCounted: -1, votes: {} }, NOW);
    expect(malformed.ok ? [] : malformed.issues.map((i) => i.path)).toEqual(['ballotsCounted']);
  });

  it('suggests the runoff once round 1 ended without a winner', () => {
    expect(suggestedRound(snap(iran2017, seed000))).toBe(1);
    expect(suggestedRound(snap(iran2024, round1Final2024))).toBe(2);
  });
});

describe('desk calls in plain words', () => {
  const withCall = (stored: ReturnType<typeof play>, body: CallRequest, by = 'AP') => {
    const result = evaluateCall(stored, body, by, NOW);
    if (!result.ok || result.unchanged) throw new Error('call not applied');
    return { ...stored, state: result.state };
  };

  it('names the desk on the ticker headline and badges the graphics', () => {
    const called = withCall(play(iran2017, seed000), { action: 'winner', winner: 'rouhani' });
    const s = buildSnapshot(called);
    expect(electionHeadline(s)).toMatchObject({ text: 'Hassan Rouhani wins (called by AP)', tone: 'decided' });
    expect(graphicsView(s, parseGraphicsParams(''))).toMatchObject({ badge: 'Called', headline: 'Hassan Rouhani wins (called by AP)' });
    expect(graphicsView(snap(iran2017, seed000), parseGraphicsParams(''))?.badge).toBe('');
  });

  it('says when the called winner trails, a runoff call, a retraction and a certification', () => {
    const trailing = buildSnapshot(withCall(play(iran2017, seed000), { action: 'winner', winner: 'raisi', note: 'rural vote out' }));
    expect(electionHeadline(trailing)).toMatchObject({ text: 'Ebrahim Raisi wins (called by AP)', detail: 'Hassan Rouhani still leads the count. rural vote out' });
    const runoff = buildSnapshot(withCall(play(iran2024, { ...round1Final2024, id: 'partial', final: false }), { action: 'runoff', runoff: ['pezeshkian', 'jalili'] }));
    expect(electionHeadline(runoff)).toMatchObject({ text: 'Runoff: Masoud Pezeshkian vs Saeed Jalili (called by AP)', tone: 'runoff' });
    const retracted = buildSnapshot(withCall(withCall(play(iran2017, seed000), { action: 'winner', winner: 'rouhani' }), { action: 'retract', note: 'too soon' }, 'chief'));
    expect(electionHeadline(retracted)).toMatchObject({ text: 'Call retracted: Hassan Rouhani leads by 4.5 million with 62% counted', detail: 'Retracted by chief. too soon' });
    const certified = buildSnapshot(withCall(play(iran2017, seed000, seed002), { action: 'certify' }, 'Guardian Council'));
    expect(electionHeadline(certified)).toMatchObject({ text: 'Hassan Rouhani wins', detail: 'Certified result (Guardian Council)', tone: 'final' });
    expect(graphicsView(certified, parseGraphicsParams(''))?.badge).toBe('Certified');
  });
});
