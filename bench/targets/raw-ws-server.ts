/**
 * The floor of the machine: a raw `ws` server that speaks just enough socket.io for the same
 * subscribers (open packet, namespace connect, the subscribe ack) and pushes each delta as one
 * pre-built WebSocket frame written to every socket: no per-socket encoding, framing or copying. It
 * sends no heartbeats: a floor should not pay them (socket.io sends one per socket every 25 s).
 * Driven by the bench driver over IPC.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { nowNs, stampSource } from '../lib/clock.ts';
import { serveIpc } from '../lib/ipc.ts';
import { CONNECT_DEFAULT_NAMESPACE, encodeAck, encodeServerTextFrame, EngineType, parseFrame, SocketType } from '../lib/protocol.ts';
import { subscribeAnswer, type BaselineCommand, type BaselineHello } from './baseline-messages.ts';

const httpServer = createServer();
const wss = new WebSocketServer({ server: httpServer, path: '/socket.io/', perMessageDeflate: false, clientTracking: false });
const rooms = new Map<string, Set<WebSocket>>();
let answer: unknown = null;
let sids = 0;

function room(electionId: string): Set<WebSocket> {
  let members = rooms.get(electionId);
  if (!members) rooms.set(electionId, (members = new Set()));
  return members;
}

const open = `${EngineType.open}${JSON.stringify({ sid: randomBytes(8).toString('hex'), upgrades: [], pingInterval: 25_000, pingTimeout: 20_000, maxPayload: 1_000_000 })}`;

wss.on('connection', (ws) => {
  ws.send(open);
  const joined: string[] = [];
  ws.on('message', (data: Buffer) => {
    const text = data.toString('utf8');
    if (text === CONNECT_DEFAULT_NAMESPACE) {
      ws.send(`${CONNECT_DEFAULT_NAMESPACE}{"sid":"s${++sids}"}`);
      return;
    }
    const frame = parseFrame(text);
    if (frame.kind === 'event' && frame.name === 'subscribe' && frame.id !== null) {
      const { electionId } = frame.args[0] as { electionId: string };
      room(electionId).add(ws);
      joined.push(electionId);
      ws.send(encodeAck(frame.id, [answer]));
    }
  });
  ws.on('close', () => {
    for (const electionId of joined) rooms.get(electionId)?.delete(ws);
  });
});

function handle(command: BaselineCommand): unknown {
  if (command.cmd === 'setup') {
    answer = subscribeAnswer(command.snapshot);
    return null;
  }
  command.delta.source = stampSource(nowNs());
  const frame = encodeServerTextFrame(Buffer.from(`${EngineType.message}${SocketType.event}${JSON.stringify(['delta', command.delta])}`));
  // ws has no public call to send an already-framed message; writing to its socket is the only way
  // to skip the per-socket framing that `send` does. Nothing else writes to these sockets meanwhile.
  for (const ws of rooms.get(command.electionId) ?? []) (ws as unknown as { _socket: Socket })._socket.write(frame);
  return command.delta.version;
}

httpServer.listen(0, '127.0.0.1', () => {
  serveIpc<BaselineCommand>({ port: (httpServer.address() as AddressInfo).port } satisfies BaselineHello, handle);
});
