/**
 * A subscriber process: thousands of lightweight socket.io clients on raw `ws`. Each one does what a
 * real client does on the wire (Engine.IO v4 over WebSocket only, answers pings, connects the default
 * namespace, emits `subscribe` with an ack) and JSON-parses every frame it receives, but keeps no
 * per-client state beyond a ledger slot, so one process can hold many thousands of them.
 *
 * Driven by the bench driver over IPC (`messages.ts`).
 */
import { WebSocket } from 'ws';
import { latencyUs, nowNs, readStamp } from '../lib/clock.ts';
import { serveIpc } from '../lib/ipc.ts';
import { applyWireDelta, stateFromSnapshot, summarisePhase, type TallyState, type WireDeltaLike } from '../lib/conflation-checks.ts';
import { DeliveryLedger } from '../lib/ledger.ts';
import { readOpenFileLimit } from '../lib/proc.ts';
import { CONNECT_DEFAULT_NAMESPACE, encodeEvent, parseFrame, PONG, websocketUrl, type Frame } from '../lib/protocol.ts';
import type { CollectResult, ConnectResult, FrameStats, WorkerCommand, WorkerHello } from './messages.ts';

const HANDSHAKE_TIMEOUT_MS = 20_000;
const ATTEMPTS = 3;
const SUBSCRIBE_ACK_ID = 1;
/** Server events besides `delta` that a subscriber may get and a real client would use (not measured). */
const INFORMATIONAL_EVENTS = new Set(['audience']);

interface Group {
  sockets: WebSocket[];
  ledger: DeliveryLedger | null;
  delivered: number;
  closing: boolean;
  closedEarly: number;
  protocolErrors: number;
  protocolSamples: string[];
  deltaFrames: FrameStats;
  pingsAnswered: number;
  informationalEvents: number;
  /** Set for the conflation phase: each subscriber keeps its own tally and the times of its delta frames. */
  tracked: Tracked | null;
}

interface Tracked {
  states: TallyState[];
  /** Receive times (ns) of each subscriber's delta frames since the last `mark`. */
  times: number[][];
  gaps: number[];
}

const groups = new Map<string, Group>();

function newGroup(): Group {
  return {
    sockets: [],
    ledger: null,
    delivered: 0,
    closing: false,
    closedEarly: 0,
    protocolErrors: 0,
    protocolSamples: [],
    deltaFrames: { count: 0, min: Number.POSITIVE_INFINITY, max: 0, total: 0 },
    pingsAnswered: 0,
    informationalEvents: 0,
    tracked: null,
  };
}

function protocolError(group: Group, what: string): void {
  group.protocolErrors += 1;
  if (group.protocolSamples.length < 5) group.protocolSamples.push(what.slice(0, 200));
}

/** A delta in the conflation phase: applied to the subscriber's own tally, its receive time kept. */
function onTrackedDelta(tracked: Tracked, index: number, delta: WireDeltaLike): void {
  tracked.times[index]!.push(nowNs());
  if (!applyWireDelta(tracked.states[index]!, delta)) tracked.gaps[index]! += 1;
}

/** A delta after the subscribe ack: the measured path. */
function onDelta(group: Group, index: number, frame: Extract<Frame, { kind: 'event' }>, bytes: number): void {
  if (group.tracked) return onTrackedDelta(group.tracked, index, frame.args[0] as WireDeltaLike);
  const now = nowNs();
  const delta = frame.args[0] as { version?: unknown; source?: unknown } | undefined;
  const stamp = readStamp(delta?.source);
  if (!group.ledger || typeof delta?.version !== 'number' || Number.isNaN(stamp)) {
    protocolError(group, `delta without an armed ledger, a version or a stamp: ${JSON.stringify(delta).slice(0, 120)}`);
    return;
  }
  if (group.ledger.record(index, delta.version, latencyUs(stamp, now)) === 'first') group.delivered += 1;
  const f = group.deltaFrames;
  f.count += 1;
  f.total += bytes;
  if (bytes < f.min) f.min = bytes;
  if (bytes > f.max) f.max = bytes;
}

interface Ready {
  ackFrameBytes: number;
  snapshotBytes: number;
}

/** One subscriber: resolves once its subscribe ack says ok, then keeps measuring what arrives. */
function subscribeOne(group: Group, index: number, url: string, electionId: string, localAddress: string): Promise<{ ws: WebSocket; ready: Ready }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, localAddress, handshakeTimeout: HANDSHAKE_TIMEOUT_MS });
    let ready = false;
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('no subscribe ack within 20 s'));
    }, HANDSHAKE_TIMEOUT_MS);
    ws.on('message', (data: Buffer) => {
      let frame: Frame;
      try {
        frame = parseFrame(data.toString('utf8'));
      } catch (error) {
        protocolError(group, String(error));
        return;
      }
      if (frame.kind === 'event' && frame.name === 'delta' && ready) return onDelta(group, index, frame, data.length);
      // Other server events a real client may get (the audience count): parsed, counted, not measured.
      if (frame.kind === 'event' && INFORMATIONAL_EVENTS.has(frame.name)) {
        group.informationalEvents += 1;
        return;
      }
      switch (frame.kind) {
        case 'ping':
          ws.send(PONG);
          group.pingsAnswered += 1;
          return;
        case 'open':
          ws.send(CONNECT_DEFAULT_NAMESPACE);
          return;
        case 'connect':
          ws.send(encodeEvent('subscribe', [{ electionId }], SUBSCRIBE_ACK_ID));
          return;
        case 'ack': {
          const answer = frame.args[0] as { ok?: boolean; snapshot?: unknown; error?: unknown } | undefined;
          clearTimeout(timer);
          if (frame.id !== SUBSCRIBE_ACK_ID || !answer?.ok) {
            ws.terminate();
            reject(new Error(`subscribe refused: ${JSON.stringify(answer?.error ?? answer).slice(0, 200)}`));
            return;
          }
          ready = true;
          if (group.tracked) {
            group.tracked.states[index] = stateFromSnapshot(answer.snapshot as Parameters<typeof stateFromSnapshot>[0]);
            group.tracked.times[index] = [];
            group.tracked.gaps[index] = 0;
          }
          // Measure the snapshot once per group: stringifying 15,000 of them would only load the client.
          const snapshotBytes = index === 0 ? Buffer.byteLength(JSON.stringify(answer.snapshot)) : 0;
          resolve({ ws, ready: { ackFrameBytes: data.length, snapshotBytes } });
          return;
        }
        default:
          protocolError(group, `unexpected ${frame.kind}${frame.kind === 'event' ? ` "${frame.name}"` : ''}`);
      }
    });
    ws.on('error', (error) => {
      if (!ready) {
        clearTimeout(timer);
        reject(error);
      }
    });
    ws.on('close', () => {
      clearTimeout(timer);
      if (!ready) reject(new Error('closed before the subscribe ack'));
      else if (!group.closing) group.closedEarly += 1;
    });
  });
}

async function connect(command: Extract<WorkerCommand, { cmd: 'connect' }>): Promise<ConnectResult> {
  const group = groups.get(command.group) ?? newGroup();
  groups.set(command.group, group);
  if (command.track) group.tracked ??= { states: [], times: [], gaps: [] };
  const started = performance.now();
  const result: ConnectResult = { connected: 0, retries: 0, errors: [], failed: 0, ms: 0, ackFrameBytes: 0, snapshotBytes: 0 };
  const urls = command.urls.map(websocketUrl);
  let next = 0;
  async function lane(): Promise<void> {
    while (next < command.count) {
      const index = next++;
      for (let attempt = 1; ; attempt++) {
        try {
          const place = command.offset + index;
          const url = urls[place % urls.length]!;
          const { ws, ready } = await subscribeOne(group, index, url, command.electionId, command.addresses[place % command.addresses.length]!);
          group.sockets[index] = ws;
          result.connected += 1;
          if (index === 0) Object.assign(result, ready);
          break;
        } catch (error) {
          if (attempt < ATTEMPTS) {
            result.retries += 1;
            continue;
          }
          result.failed += 1;
          if (result.errors.length < 5) result.errors.push(String(error));
          break;
        }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, command.concurrency) }, lane));
  result.ms = performance.now() - started;
  return result;
}

function requireGroup(name: string): Group {
  const group = groups.get(name);
  if (!group) throw new Error(`no subscriber group "${name}"`);
  return group;
}

function requireTracked(name: string): Tracked {
  const tracked = requireGroup(name).tracked;
  if (!tracked) throw new Error(`group "${name}" does not keep tallies (connect it with track)`);
  return tracked;
}

async function closeGroup(name: string): Promise<number> {
  const group = requireGroup(name);
  group.closing = true;
  await Promise.all(
    group.sockets.map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === WebSocket.CLOSED) return resolve();
          ws.once('close', () => resolve());
          ws.terminate();
        }),
    ),
  );
  groups.delete(name);
  return group.sockets.length;
}

async function handle(command: WorkerCommand): Promise<unknown> {
  switch (command.cmd) {
    case 'connect':
      return connect(command);
    case 'arm': {
      const group = requireGroup(command.group);
      group.ledger = new DeliveryLedger(group.sockets.length, command.firstVersion, command.versions);
      group.delivered = 0;
      return group.sockets.length;
    }
    case 'progress':
      return requireGroup(command.group).delivered;
    case 'collect': {
      const group = requireGroup(command.group);
      if (!group.ledger) throw new Error(`group "${command.group}" was never armed`);
      const result: CollectResult = {
        tally: group.ledger.tally(),
        closedEarly: group.closedEarly,
        protocolErrors: group.protocolErrors,
        protocolSamples: group.protocolSamples,
        deltaFrames: group.deltaFrames,
        pingsAnswered: group.pingsAnswered,
        informationalEvents: group.informationalEvents,
      };
      return result;
    }
    case 'close':
      return closeGroup(command.group);
    case 'mark': {
      const tracked = requireTracked(command.group);
      tracked.times = tracked.times.map(() => []);
      tracked.gaps = tracked.gaps.map(() => 0);
      return tracked.states.length;
    }
    case 'at-version':
      return requireTracked(command.group).states.filter((s) => s.version >= command.version).length;
    case 'summarise': {
      const t = requireTracked(command.group);
      return summarisePhase(t.states.map((state, i) => ({ state, times: t.times[i]!, gaps: t.gaps[i]! })), command.expected, command.windowMs);
    }
  }
}

serveIpc<WorkerCommand>({ hello: true, pid: process.pid, openFileLimit: readOpenFileLimit() } satisfies WorkerHello, handle);
