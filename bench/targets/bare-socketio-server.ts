/**
 * The floor of the stack: a bare socket.io server (same version and options as Tallyroom's) that
 * answers `subscribe` by joining the room and pushes each delta with one `io.to(room).emit`. No
 * validation, no store, no HTTP ingest. Driven by the bench driver over IPC.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { electionRoom } from '../../shared/rooms.ts';
import { nowNs, stampSource } from '../lib/clock.ts';
import { serveIpc } from '../lib/ipc.ts';
import { subscribeAnswer, type BaselineCommand, type BaselineHello } from './baseline-messages.ts';

const httpServer = createServer();
const io = new Server(httpServer, { serveClient: false });
let answer: unknown = null;

io.on('connection', (socket) => {
  socket.on('subscribe', (request: { electionId: string }, ack: (answer: unknown) => void) => {
    void socket.join(electionRoom(request.electionId));
    ack(answer);
  });
});

function handle(command: BaselineCommand): unknown {
  if (command.cmd === 'setup') {
    answer = subscribeAnswer(command.snapshot);
    return null;
  }
  // The stamp is taken before emit, which serialises the delta once for the whole room.
  command.delta.source = stampSource(nowNs());
  io.to(electionRoom(command.electionId)).emit('delta', command.delta);
  return command.delta.version;
}

httpServer.listen(0, '127.0.0.1', () => {
  serveIpc<BaselineCommand>({ port: (httpServer.address() as AddressInfo).port } satisfies BaselineHello, handle);
});
