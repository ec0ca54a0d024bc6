import type { ServerStatus } from '../../shared/events.ts';
import type { StoreConnection } from '../store/store.ts';
import type { TallyServer } from './subscriptions.ts';

/**
 * Tells this node's clients when the store goes away and comes back (`status` event), so pages can mark
 * their figures stale while nothing can be accepted, and catch up as soon as it returns, without a
 * restart of anything. Follows the store's own connection (`down` when Redis drops, `up` when it is
 * back); a store without one (the embedded) never goes away. A socket that connects during an outage
 * is told at once. `onBack` runs when the store returns: it may have come back empty (restarted
 * without its data), so copies cached meanwhile go.
 */
export function broadcastStoreStatus(io: TallyServer, connection: StoreConnection | undefined, { onBack }: { onBack?: () => void } = {}): void {
  if (!connection) return;
  let current: ServerStatus['store'] = connection.up ? 'available' : 'unavailable';
  const set = (next: ServerStatus['store']) => {
    if (next === current) return;
    current = next;
    io.local.emit('status', { store: next });
  };
  connection.on('up', () => {
    if (current === 'unavailable') onBack?.();
    set('available');
  });
  connection.on('down', () => set('unavailable'));
  io.on('connection', (socket) => {
    if (current === 'unavailable') socket.emit('status', { store: current });
  });
}
