import { electionOfRoom } from '../../shared/rooms.ts';
import type { TallyServer } from '../push/subscriptions.ts';

/**
 * How many sockets on this node watch each election: the sizes of the local election rooms. Read from
 * the adapter at call time (O(rooms), never per socket), so it stays right if a cluster adapter is set
 * after start-up. Rooms are local even with a cluster adapter.
 */
export function localElectionCounts(io: TallyServer): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [room, sockets] of io.of('/').adapter.rooms) {
    const electionId = electionOfRoom(room);
    // An election has two rooms (conflated and live): a socket is in one of them, so they add up.
    if (electionId !== null && sockets.size > 0) counts.set(electionId, (counts.get(electionId) ?? 0) + sockets.size);
  }
  return counts;
}

/** The sockets on this node watching one election. */
export function localElectionCount(io: TallyServer, room: string): number {
  return io.of('/').adapter.rooms.get(room)?.size ?? 0;
}
