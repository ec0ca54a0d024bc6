import type { Redis } from 'ioredis';
import type { ServerStatus } from '../../shared/events.ts';
import type { TallyServer } from './subscriptions.ts';

/**
 * Tells this node's clients when the store goes away and comes back (`status` event), so pages can mark
 * their figures stale while nothing can be accepted, and catch up as soon as it returns, without a
 * restart of anything. Follows the store's own connection: `close` when Redis drops, `ready` when it
 * is back. A socket that connects during an outage is told at once. `onBack` runs when the store
 * returns: it may have come back empty (restarted without its data), so copies cached meanwhile go.
 */
export function broadcastStoreStatus(io: TallyServer, redis: Redis | null, { onBack }: { onBack?: () => void } = {}): void {
  if (!redis) return;
  let current: ServerStatus['store'] = redis.status === 'ready' ? 'available' : 'unavailable';
  const set = (next: ServerStatus['store']) => {
    if (next === current) return;
    current = next;
    io.local.emit('status', { store: next });
  };
  redis.on('ready', () => {
    if (current === 'unavailable') onBack?.();
    set('available');
  });
  redis.on('close', () => set('unavailable'));
  io.on('connection', (socket) => {
    if (current === 'unavailable') socket.emit('status', { store: current });
  });
}
