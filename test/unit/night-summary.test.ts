import { describe, expect, it } from 'vitest';
import { contestLine } from '../../shared/nights/contest-line.ts';
import { defaultMajority, nightSummary } from '../../shared/nights/night-summary.ts';
import { ContestStatus, type ContestLine, type SeatHolder } from '../../shared/schemas/night.schema.ts';
import type { ElectionDefinition } from '../../shared/schemas/election.schema.ts';
import { CallRequestSchema } from '../../shared/schemas/call.schema.ts';
import { evaluateCall } from '../../shared/tally/calls.ts';
import { iran2017, iran2024, round1Final2024, seed000, seed001, seed002 } from '../fixtures/seeds.ts';
import { newElection, play } from '../helpers/night.ts';
import { knesset2022, knesset2022Final, tehran2024, tehran2024Round1 } from '../fixtures/rules.ts';

const AT = '2026-12-04T20:00:00.000Z';

/** A contest line as the night holds it; only what the summary reads varies. */
function line(electionId: string, status: ContestLine['status'], holders: SeatHolder[], extra: Partial<ContestLine> = {}): ContestLine {
  return {
    electionId, name: electionId, mode: 'live', seats: 1, status, projectionStatus: null, round: status === ContestStatus.NotStarted ? null : 1,
    winners: status === ContestStatus.Decided ? holders : [], leading: status === ContestStatus.Counting ? holders : [],
    leader: null, percentCounted: null, ballotsCounted: 0, ballotsCast: null, eligibleVoters: null, turnout: null, epoch: 'e', version: 1, updatedAt: AT, ...extra,
  };
}
const seat = (party: string | null, seats = 1, color?: string): SeatHolder => ({ id: 'c', name: 'C', party, seats, ...(color ? { color } : {}) });

/** BBC results, UK general election 2019, Northern Ireland's 18 constituencies: each winner's party. */
const NI_2019: Array<[string, string]> = [
  ['belfast-east', 'DUP'], ['belfast-north', 'Sinn Féin'], ['belfast-south', 'SDLP'], ['belfast-west', 'Sinn Féin'],
  ['east-antrim', 'DUP'], ['east-londonderry', 'DUP'], ['fermanagh-and-south-tyrone', 'Sinn Féin'], ['foyle', 'SDLP'],
  ['lagan-valley', 'DUP'], ['mid-ulster', 'Sinn Féin'], ['newry-and-armagh', 'Sinn Féin'], ['north-antrim', 'DUP'],
  ['north-down', 'Alliance'], ['south-antrim', 'DUP'], ['south-down', 'Sinn Féin'], ['strangford', 'DUP'],
  ['upper-bann', 'DUP'], ['west-tyrone', 'Sinn Féin'],
];

/** House of Commons Library, UK general election 2024: seats by party of 650 (the Speaker counted apart). */
const UK_2024: Array<[string, number]> = [
  ['Labour', 411], ['Conservative', 121], ['Liberal Democrat', 72], ['SNP', 9], ['Sinn Féin', 7], ['Independent', 6], ['DUP', 5],
  ['Reform UK', 5], ['Plaid Cymru', 4], ['Green', 4], ['SDLP', 2], ['Alliance', 1], ['UUP', 1], ['TUV', 1], ['Speaker', 1],
];
const uk2024Lines = () => UK_2024.flatMap(([party, seats]) => Array.from({ length: seats }, (_, i) => line(`${party}-${i}`, ContestStatus.Decided, [seat(party)])));

describe('the night summary', () => {
  it('counts seats by party from each winner (BBC, Northern Ireland 2019: DUP 8, Sinn Féin 7, SDLP 2, Alliance 1; no majority of 10)', () => {
    const summary = nightSummary(NI_2019.map(([id, party]) => line(id, ContestStatus.Decided, [seat(party)])));
    expect(summary.parties.map((p) => [p.party, p.won])).toEqual([['DUP', 8], ['Sinn Féin', 7], ['SDLP', 2], ['Alliance', 1]]);
    expect(summary.majority).toEqual({ needed: 10, given: false, reachedBy: null });
    expect(summary.seats).toEqual({ total: 18, won: 18, leading: 0, notStarted: 0 });
    expect(summary.contests).toEqual({ total: 18, decided: 18, counting: 0, notStarted: 0 });
  });

  it('counts gains and losses against who held each seat (BBC, Northern Ireland 2019 against 2017: DUP -2, SDLP +2, Alliance +1, Sinn Féin level)', () => {
    const held2017: Record<string, string> = Object.fromEntries(NI_2019.map(([id]) => [id, 'DUP']));
    for (const id of ['belfast-west', 'fermanagh-and-south-tyrone', 'foyle', 'mid-ulster', 'newry-and-armagh', 'south-down', 'west-tyrone']) held2017[id] = 'Sinn Féin';
    held2017['north-down'] = 'Independent';
    const lines = NI_2019.map(([id, party]) => ({ ...line(id, ContestStatus.Decided, [seat(party)]), previous: held2017[id]! }));
    const net = nightSummary(lines).parties.map((p) => [p.party, p.won, p.gains, p.losses]);
    expect(net).toEqual([['DUP', 8, 0, 2], ['Sinn Féin', 7, 1, 1], ['SDLP', 2, 2, 0], ['Alliance', 1, 1, 0], ['Independent', 0, 0, 1]]);
    // The negative control: without who held the seats, no gains at all.
    expect(nightSummary(lines.map(({ previous: _, ...l }) => l)).parties.every((p) => p.gains === 0 && p.losses === 0)).toBe(true);
  });

  it('finds the majority reached (House of Commons Library, UK 2024: Labour 411 of 650, 326 needed)', () => {
    const summary = nightSummary(uk2024Lines());
    expect(summary.seats.total).toBe(650);
    expect(summary.majority).toEqual({ needed: 326, given: false, reachedBy: 'Labour' });
    expect(summary.parties.slice(0, 3).map((p) => [p.party, p.won])).toEqual([['Labour', 411], ['Conservative', 121], ['Liberal Democrat', 72]]);
  });

  it('does not call the majority on seats still counting, and takes the night\'s own figure when given', () => {
    // Labour's last 100 seats only leading: 311 won is short of 326, whatever it leads.
    const lines = uk2024Lines().map((l, i) => (i < 100 ? { ...l, status: ContestStatus.Counting, leading: l.winners, winners: [] } : l));
    const summary = nightSummary(lines);
    expect(summary.parties[0]).toEqual({ party: 'Labour', color: null, won: 311, leading: 100, gains: 0, losses: 0 });
    expect(summary.majority.reachedBy).toBeNull();
    expect(summary.seats).toEqual({ total: 650, won: 550, leading: 100, notStarted: 0 });
    expect(nightSummary(lines, 300).majority).toEqual({ needed: 300, given: true, reachedBy: 'Labour' });
  });

  it('counts list seats and several winners of one contest, and independents apart from parties', () => {
    const lines = [
      line('tehran', ContestStatus.Decided, [seat('Principlists', 20, '#1565c0'), seat('Reformists', 10, '#2e7d32')], { seats: 30 }),
      line('tabriz', ContestStatus.Counting, [seat('Principlists', 1), seat(null, 1), seat(null, 1)], { seats: 3 }),
      line('qom', ContestStatus.NotStarted, [], { seats: 2 }),
    ];
    const summary = nightSummary(lines);
    expect(summary.parties).toEqual([
      { party: 'Principlists', color: '#1565c0', won: 20, leading: 1, gains: 0, losses: 0 },
      { party: 'Reformists', color: '#2e7d32', won: 10, leading: 0, gains: 0, losses: 0 },
      { party: null, color: null, won: 0, leading: 2, gains: 0, losses: 0 },
    ]);
    expect(summary.seats).toEqual({ total: 35, won: 30, leading: 3, notStarted: 2 });
    expect(summary.majority.needed).toBe(defaultMajority(35));
    expect(defaultMajority(35)).toBe(18);
    expect(defaultMajority(650)).toBe(326);
  });

  it('adds turnout over the contests that know both ballots cast and eligible voters', () => {
    const lines = [
      line('a', ContestStatus.Counting, [], { ballotsCast: 40_000_000, eligibleVoters: 56_410_234 }),
      line('b', ContestStatus.Counting, [], { ballotsCast: 1_000, eligibleVoters: null }),
      line('c', ContestStatus.NotStarted, []),
    ];
    expect(nightSummary(lines).turnout).toEqual({ ballotsCast: 40_000_000, eligibleVoters: 56_410_234, percent: 70.909, contests: 1 });
    expect(nightSummary([]).turnout.percent).toBeNull();
  });
});

describe('a contest line', () => {
  it('is not started before any bulletin', () => {
    expect(contestLine(newElection(iran2017, 'iran-2017'))).toMatchObject({ electionId: 'iran-2017', status: 'not-started', seats: 1, winners: [], leading: [], round: null, eligibleVoters: 56_410_234, version: 0 });
  });

  it('counts, then is decided (Interior Ministry, Iran 2017: seed 000 leading, seed 002 final)', () => {
    const counting = contestLine(play(iran2017, seed000));
    expect(counting).toMatchObject({ status: 'counting', projectionStatus: 'leading', percentCounted: 62.5, ballotsCast: 40_000_000, turnout: 70.909 });
    expect(counting.leading).toEqual([{ id: 'rouhani', name: 'Hassan Rouhani', party: 'Moderation and Development', color: '#7b2cbf', seats: 1 }]);
    expect(counting.leader).toEqual({ id: 'rouhani', name: 'Hassan Rouhani', party: 'Moderation and Development', votes: 14_619_000, share: 58.057 });
    const decided = contestLine(play(iran2017, seed000, seed002));
    expect(decided).toMatchObject({ status: 'decided', projectionStatus: 'final', leading: [], winners: [{ id: 'rouhani', seats: 1 }] });
  });

  it('is decided by a desk call while the count goes on (Iran 2017, seed 000 and a call)', () => {
    const stored = play(iran2017, seed000);
    const result = evaluateCall(stored, CallRequestSchema.parse({ action: 'winner', winner: 'rouhani' }), 'desk', new Date(AT));
    if (!result.ok || result.unchanged) throw new Error('call not applied');
    expect(contestLine({ ...stored, state: result.state })).toMatchObject({ status: 'decided', projectionStatus: 'called', winners: [{ id: 'rouhani', party: 'Moderation and Development' }] });
  });

  it('counts on through a runoff (Interior Ministry, Iran 2024: round 1 final without a majority, then seed 001)', () => {
    expect(contestLine(play(iran2024, round1Final2024))).toMatchObject({ status: 'counting', round: 1, projectionStatus: 'final', winners: [] });
    expect(contestLine(play(iran2024, round1Final2024, seed001))).toMatchObject({ status: 'counting', round: 2, leading: [{ id: 'pezeshkian', party: null }] });
  });

  it('counts a list contest\'s seats per list (Central Elections Committee, Knesset 2022: Likud 32, Yesh Atid 24, Religious Zionism 14)', () => {
    const built = contestLine(play(knesset2022, knesset2022Final));
    expect(built).toMatchObject({ status: 'decided', seats: 120, leading: [] });
    const seats = Object.fromEntries(built.winners.map((h) => [h.party, h.seats]));
    expect(seats).toMatchObject({ likud: 32, 'yesh-atid': 24, 'religious-zionism': 14 });
    expect(built.winners.reduce((a, h) => a + h.seats, 0)).toBe(120);
    expect(nightSummary([built]).seats).toEqual({ total: 120, won: 120, leading: 0, notStarted: 0 });
  });

  it('counts the seats a quota round filled and leaves the rest counting for the runoff (Interior Ministry, Tehran 2024: 14 of 30 in round 1)', () => {
    const built = contestLine(play(tehran2024, tehran2024Round1));
    expect(built).toMatchObject({ status: 'counting', seats: 30, round: 1 });
    expect(built.winners).toHaveLength(14);
    expect(built.leading).toHaveLength(16);
    expect(nightSummary([built]).seats).toEqual({ total: 30, won: 14, leading: 16, notStarted: 0 });
  });

  it('fills a multi-seat definition\'s seats with the top candidates while counting (Iran 2017 figures as a three-seat plurality race)', () => {
    const threeSeats: ElectionDefinition = { ...iran2017, rule: { kind: 'plurality' }, seats: 3 };
    const stored = play(threeSeats, seed000);
    const built = contestLine(stored);
    expect(built.seats).toBe(3);
    expect(built.leading.map((h) => h.id)).toEqual(['rouhani', 'raisi', 'mirsalim']);
  });
});
