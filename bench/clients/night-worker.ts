/**
 * A night subscriber process: many lightweight socket.io clients on raw `ws`, each subscribed to one
 * night room. Each keeps its own night state from what it receives (the version, every contest's line
 * version, the summary) by the client's rules (`applyNightChange`'s), counts its `night` frames, and
 * reports a digest of that state, so the driver can check every subscriber ends exactly on the
 * server's night. Driven over `process.send` (fork): connect, mark, at, report, stop.
 */
import { createHash } from 'node:crypto';
import { WebSocket } from 'ws';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { CONNECT_DEFAULT_NAMESPACE, encodeEvent, parseFrame, PONG, websocketUrl } from '../lib/protocol.ts';

interface Line {
  electionId: string;
  version: number;
}
interface Held {
  epoch: string;
  version: number;
  /** By contest position in the night. */
  lines: Int32Array;
  summary: string;
  frames: number;
}

export type NightWorkerCommand =
  | { cmd: 'connect'; url: string; nightId: string; count: number; localAddress: string }
  | { cmd: 'mark' }
  | { cmd: 'at'; version: number }
  | { cmd: 'report' }
  | { cmd: 'stop' };

/** What `report` answers: how many subscribers hold each state digest, and what went wrong. */
export interface NightWorkerReport {
  digests: Record<string, number>;
  /** `night` frames per subscriber since the last mark: the most and the total. */
  maxFrames: number;
  totalFrames: number;
  gaps: number;
  /** Events at or below the version held: a change delivered twice. */
  doubled: number;
  /** A line older than the one held. */
  regressions: number;
  errors: string[];
}

const held: Held[] = [];
const sockets: WebSocket[] = [];
const positions = new Map<string, number>();
const problems = { gaps: 0, doubled: 0, regressions: 0, errors: [] as string[] };

/** The digest of a night state: its version, each contest's line version in order, the summary. */
export function nightDigest(version: number, lineVersions: ArrayLike<number>, summary: unknown): string {
  return createHash('sha1').update(`${version}|${Array.from(lineVersions).join(',')}|${typeof summary === 'string' ? summary : canonicalJson(summary)}`).digest('hex').slice(0, 16);
}

function fromSnapshot(snapshot: { epoch: string; version: number; contests: Line[]; summary: unknown }): Held {
  if (positions.size === 0) snapshot.contests.forEach((c, i) => positions.set(c.electionId, i));
  const lines = new Int32Array(snapshot.contests.length);
  snapshot.contests.forEach((c) => (lines[positions.get(c.electionId)!] = c.version));
  return { epoch: snapshot.epoch, version: snapshot.version, lines, summary: canonicalJson(snapshot.summary), frames: 0 };
}

function onChange(state: Held, change: { epoch: string; prevVersion: number; version: number; contests: Line[]; summary?: unknown }): void {
  state.frames += 1;
  if (change.epoch !== state.epoch || change.prevVersion > state.version) return void (problems.gaps += 1);
  if (change.version <= state.version) return void (problems.doubled += 1);
  for (const line of change.contests) {
    const at = positions.get(line.electionId);
    if (at === undefined) continue;
    if (line.version < state.lines[at]!) problems.regressions += 1;
    else state.lines[at] = line.version;
  }
  state.version = change.version;
  if (change.summary !== undefined) state.summary = canonicalJson(change.summary);
}

function subscribeOne(url: string, nightId: string, index: number, localAddress: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(websocketUrl(url), { perMessageDeflate: false, localAddress, handshakeTimeout: 20_000 });
    sockets.push(ws);
    ws.on('message', (data: Buffer) => {
      const frame = parseFrame(data.toString('utf8'));
      if (frame.kind === 'ping') return void ws.send(PONG);
      if (frame.kind === 'open') return void ws.send(CONNECT_DEFAULT_NAMESPACE);
      if (frame.kind === 'connect') return void ws.send(encodeEvent('subscribeNight', [{ nightId }], 1));
      if (frame.kind === 'ack') {
        const answer = frame.args[0] as { ok?: boolean; snapshot?: Parameters<typeof fromSnapshot>[0] } | undefined;
        if (!answer?.ok || !answer.snapshot) return reject(new Error(`night subscribe refused: ${JSON.stringify(answer).slice(0, 200)}`));
        held[index] = fromSnapshot(answer.snapshot);
        return resolve();
      }
      if (frame.kind === 'event' && frame.name === 'night' && held[index]) onChange(held[index], frame.args[0] as Parameters<typeof onChange>[1]);
    });
    ws.on('error', (error) => {
      if (problems.errors.length < 5) problems.errors.push(error.message);
      reject(error);
    });
  });
}

async function connect(c: Extract<NightWorkerCommand, { cmd: 'connect' }>): Promise<void> {
  for (let i = 0; i < c.count; i += 64) {
    await Promise.all(Array.from({ length: Math.min(64, c.count - i) }, (_, j) => subscribeOne(c.url, c.nightId, i + j, c.localAddress)));
  }
}

function report(): NightWorkerReport {
  const digests: Record<string, number> = {};
  for (const s of held) {
    const d = nightDigest(s.version, s.lines, s.summary);
    digests[d] = (digests[d] ?? 0) + 1;
  }
  return { digests, maxFrames: Math.max(0, ...held.map((s) => s.frames)), totalFrames: held.reduce((a, s) => a + s.frames, 0), ...problems, errors: problems.errors };
}

if (process.send) {
  process.on('message', (message: NightWorkerCommand) => {
    const answer = (value: unknown) => process.send!({ ok: true, value });
    const fail = (error: unknown) => process.send!({ ok: false, error: error instanceof Error ? error.message : String(error) });
    if (message.cmd === 'connect') return void connect(message).then(() => answer(held.length), fail);
    if (message.cmd === 'mark') {
      for (const s of held) s.frames = 0;
      return answer(null);
    }
    if (message.cmd === 'at') return answer(held.filter((s) => s.version >= message.version).length);
    if (message.cmd === 'report') return answer(report());
    for (const ws of sockets) ws.terminate();
    answer(null);
    process.exit(0);
  });
}
