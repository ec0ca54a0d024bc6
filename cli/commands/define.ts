import type { Command } from 'commander';
import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { clientFor, serverOptions, type CliContext } from '../context.ts';
import { usageError } from '../exit-codes.ts';
import { formatSnapshot } from '../format.ts';
import { readDocument } from '../read-input.ts';

export function registerDefine(program: Command, ctx: CliContext): void {
  const command = program
    .command('define')
    .description('define or replace an election from a JSON or YAML file')
    .argument('<electionId>', 'the election id, e.g. iran-2017 (a-z, 0-9 and "-")')
    .argument('<file>', 'the definition: name, rule, candidates[, eligibleVoters, mode] ("-" for standard input)')
    .option('--mode <mode>', 'test (a rehearsal: pages show TEST) or live; overrides the file')
    .option('--json', 'print the snapshot as JSON');
  serverOptions(command, '--to', true).action(async (electionId: string, file: string, options: { mode?: string; json?: boolean; to?: string; token?: string }) => {
    const definition = await readDocument(file);
    if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) throw usageError(`${file} must hold one election definition (an object)`);
    if (options.mode !== undefined && options.mode !== 'test' && options.mode !== 'live') throw usageError(`--mode "${options.mode}": write test or live`);
    const body = options.mode ? { ...definition, mode: options.mode } : definition;
    const client = clientFor(ctx, options);
    const answer = await client.send('PUT', `/api/elections/${encodeURIComponent(electionId)}`, body);
    const snapshot = client.expectOk('definition', answer) as Snapshot;
    if (options.json) return ctx.out(JSON.stringify(snapshot));
    ctx.out(`${answer.status === 201 ? 'created' : 'defined'} ${electionId}: ${formatSnapshot(snapshot)}`);
  });
}

export function registerGoLive(program: Command, ctx: CliContext): void {
  const command = program
    .command('go-live')
    .description('switch a test election to live: DELETES its test figures and history; pages drop the TEST marker')
    .argument('<electionId>', 'the election')
    .requiredOption('--confirm <electionId>', 'the election id again, to confirm the deletion');
  serverOptions(command, '--to', true).action(async (electionId: string, options: { confirm: string; to?: string; token?: string }) => {
    const client = clientFor(ctx, options);
    const answer = await client.send('POST', `/api/elections/${encodeURIComponent(electionId)}/go-live`, { confirm: options.confirm });
    const snapshot = client.expectOk('go-live', answer) as Snapshot;
    ctx.out(`${electionId} is live (epoch ${snapshot.epoch}, v${snapshot.version}): test figures deleted`);
  });
}
