import type { Command } from 'commander';
import { clientFor, serverOptions, type CliContext } from '../context.ts';
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
 * The body of a desk call, `{ action: winner | runoff | retract | certify, ... }`. PROVISIONAL: written
 * against the calls route issue 3 is adding (`POST /api/elections/:id/calls`); the server validates.
 */
export function callFromOptions(o: CallOptions): Record<string, unknown> {
  const chosen = [o.winner !== undefined, o.runoff !== undefined, o.retract === true, o.certify === true].filter(Boolean).length;
  if (chosen !== 1) throw usageError('say one thing: --winner <candidate>, --runoff <a> <b>, --retract or --certify');
  const extra = { ...(o.round !== undefined ? { round: Number(o.round) } : {}), ...(o.note !== undefined ? { note: o.note } : {}) };
  if (o.winner !== undefined) return { action: 'winner', winner: o.winner, ...extra };
  if (o.runoff !== undefined) {
    if (o.runoff.length !== 2) throw usageError(`--runoff takes two candidates, got ${o.runoff.length}`);
    return { action: 'runoff', runoff: o.runoff, ...extra };
  }
  return { action: o.retract ? 'retract' : 'certify', ...extra };
}

export function registerCall(program: Command, ctx: CliContext): void {
  const command = program
    .command('call')
    .description("record the decision desk's call: a winner, a runoff pair, a retraction, or a certified count")
    .argument('<electionId>', 'the election')
    .option('--winner <candidate>', 'call the round for this candidate')
    .option('--runoff <candidates...>', 'call a runoff between these two candidates')
    .option('--retract', 'withdraw the standing call')
    .option('--certify', 'certify the final count')
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
    ctx.out(`call recorded at v${result.version ?? '?'}: ${JSON.stringify(body)}`);
  });
}
