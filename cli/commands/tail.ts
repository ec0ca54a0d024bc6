import type { Command } from 'commander';
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.ts';
import type { CompactDelta } from '../../shared/schemas/compact-delta.schema.ts';
import type { Delta, Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { expandWireDelta } from '../../shared/tally/compact-delta.ts';
import { applyDelta } from '../../shared/tally/delta.ts';
import { clientFor, serverOptions, type CliContext } from '../context.ts';
import { CliError, ExitCode, exitCodeOfStatus } from '../exit-codes.ts';
import { errorStatus } from '../../shared/codes/error-codes.ts';
import { formatDelta, formatSnapshot, namesOf } from '../format.ts';

interface TailOptions {
  from?: string;
  json?: boolean;
  count?: string;
}

/**
 * Subscribes and prints each delta as it arrives. Keeps its place across reconnections: it subscribes
 * again with the version and epoch it holds, prints the missed deltas, or the fresh snapshot when they
 * cannot all be replayed. (The client SDK of issue 4 does the same for pages; this stays dependency-light.)
 */
export function registerTail(program: Command, ctx: CliContext): void {
  const command = program
    .command('tail')
    .description('subscribe to an election and print each change as it arrives (Ctrl-C to stop)')
    .argument('<electionId>', 'the election')
    .option('--json', 'print raw events as NDJSON ({ event, data })')
    .option('--count <n>', 'exit after this many deltas (for scripts)');
  serverOptions(command, '--from', false).action(async (electionId: string, options: TailOptions) => {
    const { io } = await import('socket.io-client');
    await new Promise<void>((resolve, reject) => {
        const client = clientFor(ctx, options);
        const limit = options.count === undefined ? Infinity : Number(options.count);
        const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(client.origin, { transports: ['websocket'], reconnectionDelayMax: 5000 });
        let held: { version: number; epoch: string } | null = null;
        // The whole snapshot, kept only to expand compact deltas (the figures they leave out are derived).
        let current: Snapshot | null = null;
        let names = new Map<string, string>();
        let printed = 0;
        const print = (event: string, data: unknown, human: string) => ctx.out(options.json ? JSON.stringify({ event, data }) : human);
        const done = () => {
          socket.disconnect();
          resolve();
        };
        const takeSnapshot = (snapshot: Snapshot) => {
          held = { version: snapshot.version, epoch: snapshot.epoch };
          current = snapshot;
          names = namesOf(snapshot);
          print('snapshot', snapshot, `snapshot ${formatSnapshot(snapshot)}`);
        };
        const takeDelta = (received: Delta | CompactDelta) => {
          if (!held || received.epoch !== held.epoch || received.version <= held.version) return;
          if (received.prevVersion !== held.version) return void subscribe();
          const delta = current && expandWireDelta(current, received);
          if (!delta) return void subscribe();
          current = current && applyDelta(current, delta);
          held.version = delta.version;
          print('delta', delta, formatDelta(delta, names));
          if (++printed >= limit) done();
        };
        const subscribe = () => {
          const request = held ? { electionId, sinceVersion: held.version, epoch: held.epoch } : { electionId };
          socket.emit('subscribe', request, (ack) => {
            if (!ack.ok) {
              socket.disconnect();
              const status = errorStatus[ack.error.code] ?? 500;
              return reject(new CliError(`subscribe refused (${ack.error.code}: ${ack.error.message})`, exitCodeOfStatus(status)));
            }
            if (!ack.recovered) takeSnapshot(ack.snapshot);
            for (const delta of ack.missed) takeDelta(delta);
          });
        };
        socket.on('connect', subscribe);
        socket.on('delta', takeDelta);
        socket.on('snapshot', (s: Snapshot) => {
          if (s.electionId === electionId) takeSnapshot(s);
        });
        socket.on('audience', (u) => {
          if (options.json) print('audience', u, '');
        });
        socket.on('connect_error', (error) => {
          if (!held) {
            socket.disconnect();
            reject(new CliError(`cannot reach ${client.origin} (${error.message}): is the server running? pass --from or set TALLYROOM_URL`, ExitCode.Unavailable));
          } else ctx.note(`connection lost (${error.message}); retrying`);
        });
        process.once('SIGINT', done);
      });
  });
}

