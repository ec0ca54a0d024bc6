import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerCall } from './commands/call.ts';
import { registerDefine, registerGoLive } from './commands/define.ts';
import { registerExport } from './commands/export.ts';
import { registerNight } from './commands/night.ts';
import { registerPost } from './commands/post.ts';
import { registerReplay } from './commands/replay.ts';
import { registerTail } from './commands/tail.ts';
import type { CliContext } from './context.ts';
import { CliError, ExitCode } from './exit-codes.ts';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/** The `tallyroom` program: every command, with --help for each. Exit codes: cli/exit-codes.ts. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('tallyroom')
    .description('Post, replay, export and watch Tallyroom results nights.\nServer: --to/--from or $TALLYROOM_URL (default http://localhost:3000); token: --token or $TALLYROOM_TOKEN.')
    .version(version)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .addHelpText('after', '\nExit codes: 0 done, 2 fix the command or file, 3 refused by the server (fix the data),\n4 fix the token, 5 server unreachable or unavailable (retry; resending is safe), 130 interrupted.');
  registerDefine(program, ctx);
  registerPost(program, ctx);
  registerCall(program, ctx);
  registerGoLive(program, ctx);
  registerReplay(program, ctx);
  registerExport(program, ctx);
  registerTail(program, ctx);
  registerNight(program, ctx);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI; resolves with the exit code. Errors are one line on stderr: what went wrong, what to do. */
export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ExitCode.Ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end with "errors" that are not; commander already printed the rest.
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    if (error instanceof CliError) {
      ctx.note(`tallyroom: ${error.message}`);
      return error.exitCode;
    }
    ctx.note(`tallyroom: unexpected error (a bug; please report it): ${(error as Error)?.stack ?? String(error)}`);
    return ExitCode.Internal;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.env.TALLYROOM_CLI_MAIN === '1') {
  const code = await run(process.argv.slice(2), {
    env: { url: process.env.TALLYROOM_URL, token: process.env.TALLYROOM_TOKEN },
    out: (line) => process.stdout.write(`${line}\n`),
    note: (line) => process.stderr.write(`${line}\n`),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  });
  process.exitCode = code;
}
