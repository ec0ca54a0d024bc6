/**
 * A child process holding many raw socket.io clients, for the reconnect-storm test (run with
 * `node --import tsx test/helpers/storm-clients.ts <url> <count> <electionId>`). Each client subscribes,
 * and subscribes again with what it holds after every reconnect (socket.io's own reconnection, with
 * its randomised backoff). It prints one JSON line each time every client is subscribed again:
 * `{"event":"all-subscribed","count":N,"recovered":R}` (R: how many caught up rather than took a snapshot).
 */
import { io, type Socket } from 'socket.io-client';
import type { SubscribeAck } from '../../shared/events.ts';

const [url, countArg, electionId] = process.argv.slice(2) as [string, string, string];
const count = Number(countArg);
const subscribed = new Set<Socket>();
let recovered = 0;
let announced = false;

function announce(): void {
  if (subscribed.size === count && !announced) {
    announced = true;
    process.stdout.write(`${JSON.stringify({ event: 'all-subscribed', count, recovered })}\n`);
    recovered = 0;
  }
}

for (let i = 0; i < count; i++) {
  const socket = io(url, { transports: ['websocket'], reconnectionDelay: 250, reconnectionDelayMax: 4000, randomizationFactor: 1, timeout: 20_000 });
  let held: { version: number; epoch: string } | null = null;
  socket.on('connect', () => {
    const request = held ? { electionId, sinceVersion: held.version, epoch: held.epoch } : { electionId };
    socket.timeout(20_000).emit('subscribe', request, (error: Error | null, ack?: SubscribeAck) => {
      if (error || !ack?.ok) return void socket.disconnect().connect();
      held = { version: ack.snapshot.version, epoch: ack.snapshot.epoch };
      if (ack.recovered) recovered++;
      subscribed.add(socket);
      announce();
    });
  });
  socket.on('delta', (delta) => {
    if (held && delta.prevVersion === held.version) held = { version: delta.version, epoch: delta.epoch };
  });
  socket.on('disconnect', () => {
    subscribed.delete(socket);
    announced = false;
  });
}
