import type { Command } from 'commander';
import { clientFor, serverOptions, type CliContext } from '../context.ts';
import { CliError, ExitCode, exitCodeOfStatus, usageError } from '../exit-codes.ts';
import type { ReplaySummary } from '../replay/replay.ts';
import { readText } from '../read-input.ts';

interface ReplayOptions {
  to?: string;
  token?: string;
  election?: string;
  speed: string;
  maxGap?: string;
  keepGoing?: boolean;
  define?: boolean;
  mode: string;
}

function readSpeed(text: string): number {
  if (text === 'max') return Number.POSITIVE_INFINITY;
  const speed = Number(text);
  if (!Number.isFinite(speed) || speed <= 0) throw usageError(`--speed "${text}": write a positive factor (10 = ten times faster) or max`);
  return speed;
}

export function summaryLine(electionId: string, s: ReplaySummary): string {
  const seconds = (s.elapsedMs / 1000).toFixed(1);
  return `replayed ${s.sent} of ${s.total} lines to ${electionId} in ${seconds} s: ${s.accepted} accepted, ${s.duplicates} already there, ${s.refused} refused`;
}

export function registerReplay(program: Command, ctx: CliContext): void {
  const command = program
    .command('replay')
    .description('post an exported or hand-written NDJSON night with its original spacing divided by --speed')
    .argument('<file>', 'NDJSON: an export, or one bulletin per line ("-" for standard input)')
    .option('--election <id>', "the election to post to (default: the export header's)")
    .option('--speed <factor>', 'divide the original spacing by this; "max" for no waiting', '1')
    .option('--max-gap <seconds>', 'never wait longer than this between two lines')
    .option('--keep-going', 'go on after a refused line (the exit code is still 3)')
    .option('--define', "define the election first from the export header's definition")
    .option('--mode <mode>', 'with --define: test (the default: a replay is a rehearsal) or live', 'test');
  serverOptions(command, '--to', true).action(async (file: string, options: ReplayOptions) => {
    const speed = readSpeed(options.speed);
    const maxGapMs = options.maxGap === undefined ? undefined : Number(options.maxGap) * 1000;
    if (maxGapMs !== undefined && !(maxGapMs >= 0)) throw usageError(`--max-gap "${options.maxGap}": write a number of seconds`);
    // Loaded on use, so that every other command starts faster.
    const [{ NightFileError, parseNight }, { replayNight }, { SingleBar }] = await Promise.all([import('../replay/night-file.ts'), import('../replay/replay.ts'), import('cli-progress')]);
    let night;
    try {
      night = parseNight(readText(file), file === '-' ? 'stdin' : file);
    } catch (error) {
      if (error instanceof NightFileError) throw usageError(`${error.message} (nothing was sent)`);
      throw error;
    }
    const everyLineNamed = night.items.length > 0 && night.items.every((item) => item.kind === 'night' || item.electionId !== undefined);
    const electionId = options.election ?? night.header?.electionId ?? (everyLineNamed ? '' : undefined);
    if (electionId === undefined) throw usageError(`${file} has no election header and not every line names its election: pass --election <id>`);
    const client = clientFor(ctx, options);
    if (options.define) {
      if (!night.header) throw usageError(`${file} has no election header to define from: define the election with "tallyroom define" first`);
      const answer = await client.send('PUT', `/api/elections/${encodeURIComponent(electionId)}`, { ...night.header.definition, mode: options.mode });
      client.expectOk('definition', answer);
    }

    const bar = ctx.stderrIsTTY ? new SingleBar({ format: ' {bar} {value}/{total} lines | {status}', hideCursor: true, stream: process.stderr }) : null;
    bar?.start(night.items.length, 0, { status: 'starting' });
    const abort = new AbortController();
    const interrupt = () => abort.abort();
    process.once('SIGINT', interrupt);
    let summary: ReplaySummary;
    try {
      summary = await replayNight({
        client,
        electionId,
        items: night.items,
        speed,
        maxGapMs,
        keepGoing: options.keepGoing,
        signal: abort.signal,
        onWait: (ms, next) => bar?.update({ status: `line ${next.line} in ${(ms / 1000).toFixed(1)} s` }),
        onItem: (event) => {
          bar?.update(event.index + 1, { status: `line ${event.item.line} ${event.outcome}${event.answer.body?.version ? ` (v${event.answer.body.version})` : ''}` });
          if (event.message && options.keepGoing) ctx.note(event.message);
        },
      });
    } finally {
      bar?.stop();
      process.removeListener('SIGINT', interrupt);
    }
    ctx.out(summaryLine(electionId || `${new Set(night.items.flatMap((i) => (i.electionId ? [i.electionId] : []))).size} contests`, summary));
    if (abort.signal.aborted) throw new CliError(summary.stopped ?? 'interrupted', ExitCode.Interrupted);
    if (summary.stopped) {
      throw new CliError(`stopped at ${summary.stopped}`, exitCodeOfStatus(summary.stoppedStatus ?? 422));
    }
    if (summary.refused > 0) throw new CliError(`${summary.refused} line(s) refused (see above)`, ExitCode.Refused);
  });
}
