/**
 * `npm run demo`: a Tallyroom server on the embedded store, and a results night replayed into it from
 * the seeds (2017, then 2024 with its runoff) and Israel's 2022 Knesset (party lists, D'Hondt, from the
 * Central Elections Committee's final results), in test mode. Options: --speed <factor> (default 1),
 * --exit (stop when the night is over), PORT (default 3000).
 */
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createApiClient } from '../cli/api-client.ts';
import { formatDelta, namesOf } from '../cli/format.ts';
import { replayNight } from '../cli/replay/replay.ts';
import { createApp } from '../server/app.ts';
import { ConfigError, loadConfig, type Config } from '../server/config.ts';
import { createMemoryStore } from '../server/store/memory-store.ts';
import { formatNight } from '../cli/commands/night.ts';
import type { NightSnapshot } from '../shared/schemas/night.schema.ts';
import { night2017, night2024, nightKnesset2022, type DemoNight } from './demo/demo-nights.ts';
import { majlisNight, type MajlisNight } from './demo/majlis-night.ts';

const { values } = parseArgs({ options: { speed: { type: 'string', default: '1' }, exit: { type: 'boolean', default: false } } });
const speed = Number(values.speed);
if (!(speed > 0)) {
  console.error(`demo: --speed "${values.speed}" must be a positive factor (2 = twice as fast)`);
  process.exit(2);
}

let config: Config;
try {
  // Always the embedded store and a token of its own: the demo never touches a real Redis.
  config = loadConfig({ ...process.env, REDIS_URL: '', INGEST_TOKENS: '', NODE_ENV: 'development', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
} catch (error) {
  console.error(`demo: ${(error as ConfigError).message}`);
  process.exit(2);
}
const store = createMemoryStore();
const app = createApp({ config, store, logger: pino({ level: config.logLevel }) });
await new Promise<void>((resolve) => {
  app.httpServer.once('error', (error: NodeJS.ErrnoException) => {
    console.error(error.code === 'EADDRINUSE' ? `demo: port ${config.port} is taken: run PORT=3001 npm run demo` : `demo: ${error.message}`);
    process.exit(1);
  });
  app.httpServer.listen(config.port, config.host, resolve);
});
const address = app.httpServer.address();
const base = `http://localhost:${typeof address === 'object' && address ? address.port : config.port}`;
const client = createApiClient({ baseUrl: base, token: config.generatedToken! });

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s: string) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s);

/** The pages come with the client build; say so plainly when this checkout serves none. */
async function pageNote(path: string): Promise<string> {
  const status = await fetch(`${base}${path}`).then((r) => r.status, () => 0);
  return status === 200 ? '' : dim('  (pages not built in this checkout)');
}

async function banner(nights: DemoNight[]): Promise<void> {
  const [first] = nights;
  console.log(`\n${bold('Tallyroom demo')}: three results nights, two Iranian ones from the seeds and Israel's 2022 Knesset (Central Elections Committee final), in TEST mode (every page shows TEST).`);
  console.log(`Server: ${base} (embedded store; nothing is kept after Ctrl-C)\n`);
  for (const night of nights) {
    console.log(`  ${bold(night.definition.name)}`);
    console.log(`    ticker     ${base}/e/${night.electionId}${await pageNote(`/e/${night.electionId}`)}`);
    console.log(`    graphics   ${base}/graphics/${night.electionId}${await pageNote(`/graphics/${night.electionId}`)}`);
    console.log(`    snapshot   ${base}/api/elections/${night.electionId}`);
  }
  console.log(`  ${bold('A Majlis-like night of 36 constituencies')} (illustrative, invented figures), after them`);
  console.log(`    night      ${base}/n/${majlis.nightId}${await pageNote(`/n/${majlis.nightId}`)}`);
  console.log(`    graphics   ${base}/graphics/n/${majlis.nightId}?layout=seats`);
  console.log(`    snapshot   ${base}/api/nights/${majlis.nightId}`);
  console.log(`\n  newsroom console  ${base}/console${await pageNote('/console')}`);
  console.log(`  API reference     ${base}/api/docs`);
  console.log(`  in a terminal     npm run tallyroom -- tail ${first!.electionId} --from ${base}`);
  console.log(`  post yourself     TALLYROOM_TOKEN=${config.generatedToken} npm run tallyroom -- post --help\n`);
}

async function play(night: DemoNight): Promise<boolean> {
  const defined = client.expectOk('definition', await client.send('PUT', `/api/elections/${night.electionId}`, night.definition));
  const names = namesOf(defined);
  const tag = night.electionId.replace('demo-', '');
  console.log(bold(`— ${night.definition.name}: ${night.items.length} bulletins —`));
  const summary = await replayNight({
    client,
    electionId: night.electionId,
    items: night.items,
    speed,
    onItem: ({ answer, message }) => {
      if (message) return console.log(`[${tag}] ${message}`);
      const source = answer.body.delta.source ? dim(`  ${answer.body.delta.source}`) : '';
      console.log(`[${tag}] ${formatDelta(answer.body.delta, names, 2)}${source}`);
    },
  });
  if (summary.stopped) console.error(`demo: the night stopped early: ${summary.stopped}`);
  return summary.stopped === null;
}

/** The night of many contests: its constituencies, the night, then their bulletins interleaved in time. */
async function playNight(night: MajlisNight): Promise<boolean> {
  console.log(bold(`— ${night.night.name}: ${night.night.contests.length} constituencies —`));
  let finals = 0;
  const summary = await replayNight({
    client,
    electionId: '',
    items: night.items,
    speed,
    onItem: ({ item, message }) => {
      if (message) return console.log(`[majlis] ${message}`);
      if (item.kind === 'bulletin' && item.bulletin.final) finals += 1;
      if (item.kind === 'bulletin' && item.bulletin.final && finals % 6 === 0) void showNight(night.nightId);
    },
  });
  if (summary.stopped) console.error(`demo: the night stopped early: ${summary.stopped}`);
  await showNight(night.nightId);
  return summary.stopped === null;
}

async function showNight(nightId: string): Promise<void> {
  const answer = await client.send('GET', `/api/nights/${nightId}`);
  if (answer.status === 200) console.log(`[majlis] ${formatNight(answer.body as NightSnapshot)}`);
}

const nights = [night2017(3000), night2024(3000), nightKnesset2022(3000)];
const majlis = majlisNight(1000);
await banner(nights);
let ok = true;
for (const night of nights) ok = (await play(night)) && ok;
ok = (await playNight(majlis)) && ok;
console.log(`\n${bold('The night is over.')} ${values.exit ? 'Stopping.' : `The server keeps running at ${base}: look around, post your own bulletins. Ctrl-C to stop.`}`);

async function stop(code: number): Promise<never> {
  await app.close();
  await store.close();
  process.exit(code);
}
if (values.exit) await stop(ok ? 0 : 1);
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
