import type { Command } from 'commander';
import type { BulletinInput } from '../../shared/schemas/bulletin.schema.ts';
import { clientFor, collect, serverOptions, type CliContext } from '../context.ts';
import { usageError } from '../exit-codes.ts';
import { readFigure } from '../figure.ts';
import { formatDelta } from '../format.ts';
import { readDocument } from '../read-input.ts';

interface PostOptions {
  file?: string;
  id?: string;
  round?: string;
  counted?: string;
  cast?: string;
  eligible?: string;
  vote: string[];
  source?: string;
  issuedAt?: string;
  approximate?: boolean;
  final?: boolean;
  correction?: boolean;
  json?: boolean;
  to?: string;
  token?: string;
}

/** The bulletin the flags describe, over the file's if one is given (flags win). */
export async function bulletinFromOptions(o: PostOptions): Promise<BulletinInput> {
  const base = (o.file ? await readDocument(o.file) : {}) as Record<string, unknown>;
  if (typeof base !== 'object' || base === null || Array.isArray(base)) throw usageError(`${o.file} must hold one bulletin object`);
  const bulletin: Record<string, unknown> = { ...base };
  let approximate = false;
  const figure = (text: string, flag: string) => {
    const f = readFigure(text, flag);
    approximate ||= f.approximate;
    return f.value;
  };
  if (o.id !== undefined) bulletin.id = o.id;
  if (o.round !== undefined) bulletin.round = Number(o.round);
  if (o.counted !== undefined) bulletin.ballotsCounted = figure(o.counted, '--counted');
  if (o.cast !== undefined) bulletin.ballotsCast = figure(o.cast, '--cast');
  if (o.eligible !== undefined) bulletin.eligibleVoters = figure(o.eligible, '--eligible');
  if (o.source !== undefined) bulletin.source = o.source;
  if (o.issuedAt !== undefined) bulletin.issuedAt = o.issuedAt;
  if (o.vote.length > 0) {
    const votes = { ...(bulletin.votes as Record<string, number> | undefined) };
    for (const entry of o.vote) {
      const eq = entry.indexOf('=');
      if (eq <= 0) throw usageError(`--vote "${entry}": write candidate=figure, e.g. --vote rouhani=14.619m`);
      votes[entry.slice(0, eq).trim()] = figure(entry.slice(eq + 1), `--vote ${entry.slice(0, eq).trim()}`);
    }
    bulletin.votes = votes;
  }
  if (o.approximate || approximate) bulletin.approximate = true;
  if (o.final) bulletin.final = true;
  if (o.correction) bulletin.correction = true;
  if (bulletin.ballotsCounted === undefined) throw usageError('no ballots counted: pass --counted <figure> (or a --file with ballotsCounted)');
  if (bulletin.votes === undefined) throw usageError('no votes: pass --vote candidate=figure (repeat it), or a --file with votes');
  return bulletin as BulletinInput;
}

export function registerPost(program: Command, ctx: CliContext): void {
  const command = program
    .command('post')
    .description('post one bulletin; figures may be written as read out ("14.619 million", "297,276", "over 40m")')
    .argument('<electionId>', 'the election, e.g. iran-2017')
    .option('-f, --file <path>', 'a bulletin as JSON or YAML ("-" for standard input); flags override its fields')
    .option('--id <id>', 'idempotency key: resending the same id and figures is harmless')
    .option('--round <n>', '1, or 2 for a runoff')
    .option('--counted <figure>', 'ballots counted so far')
    .option('--cast <figure>', 'ballots cast in total, when announced')
    .option('--eligible <figure>', 'eligible voters, when this bulletin says otherwise than the election')
    .option('--vote <candidate=figure>', 'votes for one candidate; repeat for each', collect, [])
    .option('--source <text>', 'who released the figures')
    .option('--issued-at <time>', 'when they were released (ISO 8601, e.g. 2017-05-20T07:30:00+04:30)')
    .option('--approximate', 'the figures are rounded as reported (also set by "over", "about"...)')
    .option('--final', 'the final count of the round')
    .option('--correction', 'corrects earlier figures (counts may go down)')
    .option('--json', "print the server's answer as JSON");
  serverOptions(command, '--to', true).action(async (electionId: string, options: PostOptions) => {
    const bulletin = await bulletinFromOptions(options);
    const client = clientFor(ctx, options);
    const answer = await client.send('POST', `/api/elections/${encodeURIComponent(electionId)}/bulletins`, bulletin);
    const body = client.expectOk('bulletin', answer);
    if (options.json) return ctx.out(JSON.stringify(body));
    if (body.duplicate) return ctx.out(`already accepted at v${body.version}: nothing changed`);
    const names = new Map<string, string>();
    ctx.out(`accepted ${formatDelta(body.delta, names)}`);
    for (const warning of body.warnings as string[]) ctx.note(`warning: ${warning}`);
  });
}
