import type { Command } from 'commander';
import type { Socket } from 'socket.io-client';
import { errorStatus } from '../../shared/codes/error-codes.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.ts';
import type { NightContest, NightSnapshot, NightSummary } from '../../shared/schemas/night.schema.ts';
import { clientFor, serverOptions, type CliContext } from '../context.ts';
import { CliError, ExitCode, exitCodeOfStatus, usageError } from '../exit-codes.ts';
import { readDocument } from '../read-input.ts';

/** "Principlists 30 (+60), Reformists 10": seats won and (leading) per party. */
export function formatParties(summary: NightSummary): string {
  return summary.parties.map((p) => `${p.party ?? 'independents'} ${p.won}${p.leading > 0 ? ` (+${p.leading})` : ''}`).join(', ') || 'no seats yet';
}

/** One line for a night: contests by status, seats, the majority. */
export function formatNight(night: NightSnapshot): string {
  const { contests, majority, seats } = night.summary;
  const control = majority.reachedBy ? `${majority.reachedBy} has a majority` : `${majority.needed} for a majority`;
  return `${night.name} v${night.version}: ${contests.decided} decided, ${contests.counting} counting, ${contests.notStarted} not started; ${seats.won}/${seats.total} seats won (${control}): ${formatParties(night.summary)}`;
}

/** One line for a changed contest. */
export function formatContest(line: NightContest): string {
  const holders = line.status === 'decided' ? line.winners : line.leading;
  const who = holders.map((h) => `${h.name}${h.party ? ` (${h.party})` : ''}`).join(', ');
  const counted = line.percentCounted === null ? '' : `, ${line.percentCounted}% counted`;
  return `  ${line.electionId}: ${line.status}${who ? ` ${line.status === 'decided' ? 'won by' : 'led by'} ${who}` : ''}${counted}`;
}

function registerNightDefine(night: Command, ctx: CliContext): void {
  const command = night
    .command('define')
    .description('define or replace a night of many contests from a JSON or YAML file')
    .argument('<nightId>', 'the night id, e.g. majlis-2024')
    .argument('<file>', 'the night: name, contests[, majority, keyContests, regions] ("-" for standard input)')
    .option('--json', 'print the night snapshot as JSON');
  serverOptions(command, '--to', true).action(async (nightId: string, file: string, options: { json?: boolean; to?: string; token?: string }) => {
    const body = await readDocument(file);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw usageError(`${file} must hold one night definition (an object)`);
    const client = clientFor(ctx, options);
    const answer = await client.send('PUT', `/api/nights/${encodeURIComponent(nightId)}`, body);
    const snapshot = client.expectOk('night', answer) as NightSnapshot;
    if (options.json) return ctx.out(JSON.stringify(snapshot));
    ctx.out(`${answer.status === 201 ? 'created' : 'defined'} ${nightId}: ${formatNight(snapshot)}`);
  });
}

/** Follows the night with the SDK's feed and prints the night, then each changed contest and the summary. */
function follow(ctx: CliContext, socket: Socket<ServerToClientEvents, ClientToServerEvents>, nightId: string, options: { json?: boolean; count?: string }, origin: string, followNight: typeof import('../../client/sdk/night-feed.ts').followNight): Promise<void> {
  const limit = options.count === undefined ? Infinity : Number(options.count);
  return new Promise<void>((resolve, reject) => {
    let held: NightSnapshot | null = null;
    let changes = 0;
    const stop = () => {
      feed.close();
      socket.disconnect();
      resolve();
    };
    const feed = followNight(socket, nightId, {
      onNight: (night) => {
        const changed = held && held.epoch === night.epoch ? night.contests.filter((c, i) => c.version !== held!.contests[i]?.version) : null;
        held = night;
        if (options.json) ctx.out(JSON.stringify({ event: changed ? 'night' : 'snapshot', data: changed ? { version: night.version, contests: changed, summary: night.summary } : night }));
        else ctx.out(changed ? [`v${night.version}: ${formatParties(night.summary)}`, ...changed.map(formatContest)].join('\n') : `snapshot ${formatNight(night)}`);
        if (changed && ++changes >= limit) stop();
      },
      onError: (error) => {
        socket.disconnect();
        reject(new CliError(`subscribe refused (${error.code}: ${error.message})`, exitCodeOfStatus(errorStatus[error.code] ?? 500)));
      },
    });
    socket.on('connect_error', (error) => {
      if (held) return ctx.note(`connection lost (${error.message}); retrying`);
      socket.disconnect();
      reject(new CliError(`cannot reach ${origin} (${error.message}): is the server running? pass --from or set TALLYROOM_URL`, ExitCode.Unavailable));
    });
    process.once('SIGINT', stop);
  });
}

function registerNightTail(night: Command, ctx: CliContext): void {
  const command = night
    .command('tail')
    .description('subscribe to a night and print each change as it arrives (Ctrl-C to stop)')
    .argument('<nightId>', 'the night')
    .option('--json', 'print events as NDJSON ({ event, data })')
    .option('--count <n>', 'exit after this many changes (for scripts)');
  serverOptions(command, '--from', false).action(async (nightId: string, options: { json?: boolean; count?: string; from?: string }) => {
    const [{ io }, { followNight }] = await Promise.all([import('socket.io-client'), import('../../client/sdk/night-feed.ts')]);
    const { origin } = clientFor(ctx, options);
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(origin, { transports: ['websocket'], reconnectionDelayMax: 5000 });
    await follow(ctx, socket, nightId, options, origin, followNight);
  });
}

/** `tallyroom night define|tail`. */
export function registerNight(program: Command, ctx: CliContext): void {
  const night = program.command('night').description('nights of many contests: define one, or follow it');
  registerNightDefine(night, ctx);
  registerNightTail(night, ctx);
  night.commands.forEach((c) => c.exitOverride());
}
