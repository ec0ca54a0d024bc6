import type { TallyServer } from './subscriptions.ts';

interface EngineConnection {
  on(event: 'packetCreate', listener: () => void): void;
  id: string;
  readyState: string;
  writeBuffer: Array<{ data?: unknown }>;
  transport: { name: string; socket?: { bufferedAmount?: number; terminate?: () => void } };
  close(discard?: boolean): void;
}

/** The bytes this node holds for one connection and has not handed to the kernel yet. */
export function unsentBytes(conn: EngineConnection): number {
  let bytes = conn.transport.socket?.bufferedAmount ?? 0;
  for (const packet of conn.writeBuffer) {
    const data = packet.data;
    bytes += typeof data === 'string' ? data.length : data instanceof Uint8Array ? data.byteLength : 0;
  }
  return bytes;
}

/**
 * Cuts off a client that stops reading before its unsent bytes pass `maxBytes`, so one stalled reader
 * cannot grow the server's memory without bound. Checked as each packet is queued for a connection
 * (the engine does work per connection then anyway); a connection that keeps up has an empty queue,
 * so the check is a few reads. The WebSocket
 * is terminated, not closed: a close handshake would wait behind the very bytes it cannot deliver.
 * The client sees a disconnect, reconnects when it reads again, and catches up (or takes a snapshot).
 */
export function cutOffSlowClients(io: TallyServer, maxBytes: number, onCut: (bytes: number) => void = () => {}): void {
  io.engine.on('connection', (conn: EngineConnection) => {
    conn.on('packetCreate', () => {
      if (conn.readyState !== 'open') return;
      const bytes = unsentBytes(conn);
      if (bytes <= maxBytes) return;
      onCut(bytes);
      const ws = conn.transport.socket;
      if (conn.transport.name === 'websocket' && ws?.terminate) ws.terminate();
      else conn.close(true);
    });
  });
}
