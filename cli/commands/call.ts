import type { Command } from 'commander';
import { clientFor, serverOptions, type CliContext } from '../context.ts';
import type { CallAccepted } from '../../shared/schemas/api.schema.ts';
import type { Call, CallRequest } from '../../shared/schemas/call.schema.ts';
import { CliError, ExitCode, usageError } from '../exit-codes.ts';

interface CallOptions {
  winner?: string;
  runoff?: string[];
  retract?: boolean;
  certify?: boolean;
  round?: string;
  note?: string;
  to?: string;
  token?: string;
}

/**
 * The body of a desk call (`CallRequestSchema`: `{ action: winner | runoff | retract | certify, ... }`)
 * for `POST /api/elections/:id/calls`; the server validates the rest (known candidates, what stands).
 */
export function callFromOptions(o: CallOptions): CallRequest {
  const chosen = [o.winner !== undefined, o.runoff !== undefined, o.retract === true, o.certify === true].filter(Boolean).length;
  if (chosen !== 1) throw usageError('say one thing: --winner <candidate>, --runoff <a> <b>, --retract or --certify');
  if (o.round !== undefined && !/^[12]$/.test(o.round)) throw usageError(`--round "${o.round}": write 1, or 2 for a runoff`);
  const extra = { ...(o.round !== undefined ? { round: Number(o.round) } : {}), ...(o.note !== undefined ? { note: o.note } : {}) };
  if (o.winner !== undefined) return { action: 'winner', winner: o.winner, ...extra };
  if (o.runoff !== undefined) {
    if (o.runoff.length !== 2) throw usageError(`--runoff takes two candidates, got ${o.runoff.length}`);
    return { action: 'runoff', runoff: [o.runoff[0]!, o.runoff[1]!], ...extra };
  }
  return { action: o.retract ? 'retract' : 'certify', ...extra };
}

/** A recorded call in a few words, as the desk would say it. */
export function callWords(call: Call): string {
  const round = `round ${call.round}`;
  if (call.action === 'winner') return `${call.winner} called as the winner of ${round}`;
  if (call.action === 'runoff') return `runoff called between ${call.runoff.join(' and ')}`;
  return call.action === 'retract' ? `call in ${round} retracted` : `${round} certified`;
}

export function registerCall(program: Command, ctx: CliContext): void {
  const command = program
    .command('call')
    .description("record the decision desk's call: a winner, a runoff pair, a retraction, or a certified count")
    .argument('<electionId>', 'the election')
    .option('--winner <candidate>', 'call the round for this candidate')
    .option('--runoff <candidates...>', 'call a runoff between these two candidates')
    .option('--retract', 'withdraw the standing call (and certification) of the round')
    .option('--certify', 'certify the round once its count is final')
    .option('--round <n>', 'the round (default: the latest with results)')
    .option('--note <text>', 'why, for the history');
  serverOptions(command, '--to', true).action(async (electionId: string, options: CallOptions) => {
    const body = callFromOptions(options);
    const client = clientFor(ctx, options);
    const answer = await client.send('POST', `/api/elections/${encodeURIComponent(electionId)}/calls`, body);
    if (answer.status === 404 && /no route/.test(String(answer.body?.error?.message))) {
      throw new CliError(`${client.origin} has no calls endpoint yet (POST /api/elections/:id/calls): upgrade the server`, ExitCode.Refused);
    }
    const result = client.expectOk('call', answer);
    if (answer.status === 200) {
      ctx.out(`already so at v${result.version}: nothing changed`);
      return;
    }
    const { call, by } = (result as CallAccepted).call;
    ctx.out(`v${result.version}: ${callWords(call)} (by ${by})`);
  });
}
