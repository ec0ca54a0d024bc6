import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.ts';

/** A socket.io client typed with the wire contract. */
export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A real socket.io client on a WebSocket, of its own (no shared connection, no reconnection), once it
 * is connected; rejects with the server's `connect_error`. `opened` records it first, so a test can
 * close it whatever happens.
 */
export async function connectSocket(url: string, { opened, ...options }: Partial<ManagerOptions & SocketOptions> & { opened?: Array<{ close(): unknown }> } = {}): Promise<TestSocket> {
  const socket: TestSocket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...options });
  opened?.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}
