import { electionOfRoom } from '../../shared/rooms.ts';
import type { TallyServer } from '../push/subscriptions.ts';

interface ApplyingAdapter {
  rooms: Map<string, Set<string>>;
  apply(opts: { rooms: Set<string> }, callback: (socket: unknown) => void): void;
}

const metered = new WeakSet<object>();

/**
 * Counts the messages broadcasts write to this node's election subscribers, from room sizes: O(rooms)
 * per broadcast, nothing per socket. Every local delivery goes through the namespace adapter's `apply`,
 * whether the broadcast started here or came through a cluster adapter (they hand remote broadcasts to
 * the base `Adapter#broadcast`), so wrapping it sees both. Call it again after replacing the adapter;
 * calling it twice on one adapter changes nothing.
 */
export function meterDeliveries(io: TallyServer, count: (messages: number) => void): void {
  const adapter = io.of('/').adapter as unknown as ApplyingAdapter;
  if (metered.has(adapter)) return;
  metered.add(adapter);
  const apply = adapter.apply.bind(adapter);
  adapter.apply = (opts, callback) => {
    let messages = 0;
    // Only election rooms: the same method also serves fetchSockets() and the like on other rooms.
    for (const room of opts.rooms ?? []) if (electionOfRoom(room) !== null) messages += adapter.rooms.get(room)?.size ?? 0;
    if (messages > 0) count(messages);
    apply(opts, callback);
  };
}
