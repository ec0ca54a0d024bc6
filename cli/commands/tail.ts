import type { Command } from 'commander';
import { errorStatus } from '../../shared/codes/error-codes.ts';
import type { SubscribeAck } from '../../shared/events.ts';
import { createElectionFeed, type FeedNext, type FeedUpdate } from '../../client/sdk/election-feed.ts';
import type { TallySocket } from '../../client/sdk/link.ts';
import { clientFor, serverOptions, type CliContext } from '../context.ts';
import { CliError, ExitCode, exitCodeOfStatus } from '../exit-codes.ts';
import { formatDelta, formatSnapshot, namesOf } from '../format.ts';

interface TailOptions {
  from?: string;
  json?: boolean;
  count?: string;
}

/** Prints each update the feed hands over; says when `limit` deltas have been printed. */
function printer(ctx: CliContext, options: TailOptions, limit: number) {
  let names = new Map<string, string>();
  let printed = 0;
  const print = (event: string, data: unknown, human: string) => ctx.out(options.json ? JSON.stringify({ event, data }) : human);
  return {
    print,
    get done(): boolean {
      return printed >= limit;
    },
    update(update: FeedUpdate): void {
      if (printed >= limit) return;
      if (update.kind === 'snapshot') {
        names = namesOf(update.snapshot);
        print('snapshot', update.snapshot, `snapshot ${formatSnapshot(update.snapshot)}`);
      } else {
        print('delta', update.delta, formatDelta(update.delta, names));
        printed++;
      }
    },
  };
}

/**
 * Follows one election on `socket` and prints each change. The SDK's feed keeps the version order
 * across reconnections (socket.io's own): it subscribes again with the version and epoch it holds, and
 * hands over the missed deltas, or the fresh snapshot when they cannot all be replayed.
 */
function follow(ctx: CliContext, socket: TallySocket, electionId: string, options: TailOptions, origin: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const out = printer(ctx, options, options.count === undefined ? Infinity : Number(options.count));
    const feed = createElectionFeed(electionId, (update) => out.update(update));
    const stop = () => {
      socket.disconnect();
      resolve();
    };
    const next = (step: FeedNext) => {
      if (out.done) stop();
      else if (step === 'resync') subscribe();
    };
    const subscribe = () =>
      socket.emit('subscribe', feed.request(), (ack: SubscribeAck) => {
        if (ack.ok) return next(feed.acknowledge(ack));
        socket.disconnect();
        reject(new CliError(`subscribe refused (${ack.error.code}: ${ack.error.message})`, exitCodeOfStatus(errorStatus[ack.error.code] ?? 500)));
      });
    socket.on('connect', subscribe);
    socket.on('disconnect', () => feed.abandon());
    socket.on('delta', (delta) => next(feed.receiveDelta(delta)));
    socket.on('snapshot', (snapshot) => next(feed.receiveSnapshot(snapshot)));
    socket.on('audience', (u) => {
      if (options.json) out.print('audience', u, '');
    });
    socket.on('connect_error', (error) => {
      if (feed.snapshot) return ctx.note(`connection lost (${error.message}); retrying`);
      socket.disconnect();
      reject(new CliError(`cannot reach ${origin} (${error.message}): is the server running? pass --from or set TALLYROOM_URL`, ExitCode.Unavailable));
    });
    process.once('SIGINT', stop);
  });
}

/** `tallyroom tail`: subscribes and prints each delta as it arrives. */
export function registerTail(program: Command, ctx: CliContext): void {
  const command = program
    .command('tail')
    .description('subscribe to an election and print each change as it arrives (Ctrl-C to stop)')
    .argument('<electionId>', 'the election')
    .option('--json', 'print raw events as NDJSON ({ event, data })')
    .option('--count <n>', 'exit after this many deltas (for scripts)');
  serverOptions(command, '--from', false).action(async (electionId: string, options: TailOptions) => {
    const { io } = await import('socket.io-client');
    const { origin } = clientFor(ctx, options);
    const socket: TallySocket = io(origin, { transports: ['websocket'], reconnectionDelayMax: 5000 });
    await follow(ctx, socket, electionId, options, origin);
  });
}
