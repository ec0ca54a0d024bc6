import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { readJsonAnswer } from '../../client/sdk/json-request.ts';
import { clientFor, serverOptions, type CliContext } from '../context.ts';
import { CliError, ExitCode } from '../exit-codes.ts';

/** Writes to a file or stdout, honouring back-pressure. */
function sink(path: string | undefined) {
  const stream = path ? createWriteStream(path) : process.stdout;
  return {
    async write(chunk: string) {
      if (!stream.write(chunk)) await once(stream, 'drain');
    },
    async close() {
      if (path) await new Promise<void>((resolve, reject) => (stream as ReturnType<typeof createWriteStream>).end((e?: Error | null) => (e ? reject(e) : resolve())));
    },
  };
}

export function registerExport(program: Command, ctx: CliContext): void {
  const command = program
    .command('export')
    .description('export a night as NDJSON (every accepted bulletin and definition change, with versions and receive times)')
    .argument('<electionId>', 'the election')
    .option('-o, --output <file>', 'write to this file instead of standard output');
  serverOptions(command, '--from', false).action(async (electionId: string, options: { output?: string; from?: string }) => {
    const client = clientFor(ctx, options);
    const res = await client.stream(`/api/elections/${encodeURIComponent(electionId)}/bulletins?format=ndjson`);
    if (!res.ok) client.expectOk('export', await readJsonAnswer(res));
    const out = sink(options.output);
    let last = '';
    let lines = 0;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        const text = decoder.decode(chunk, { stream: true });
        lines += text.split('\n').length - 1;
        last = (last + text).slice(-4096);
        await out.write(text);
      }
    } catch (error) {
      throw new CliError(`the export was cut short after ${lines} lines (${(error as Error).message}): run it again`, ExitCode.Unavailable);
    } finally {
      await out.close();
    }
    const end = last.trimEnd().split('\n').at(-1) ?? '';
    if (!end.startsWith('{"type":"end"')) throw new CliError(`the export was cut short after ${lines} lines (no end line): run it again`, ExitCode.Unavailable);
    if (options.output) ctx.note(`exported ${lines} lines of ${electionId} to ${options.output}`);
  });
}
