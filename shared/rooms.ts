/** The socket.io room of an election: conflated pushes (at most one per window). */
export function electionRoom(electionId: string): string {
  return `election:${electionId}`;
}

/** The room of an election's unconflated subscribers (graphics): every delta as it is committed. */
export function electionLiveRoom(electionId: string): string {
  return `election:${electionId}:live`;
}

/** The election a room belongs to (either kind), or null for other rooms (each socket's own, say). */
export function electionOfRoom(room: string): string | null {
  if (!room.startsWith('election:')) return null;
  const rest = room.slice('election:'.length);
  return rest.endsWith(':live') ? rest.slice(0, -':live'.length) : rest;
}

/** The socket.io room of a night: `night` events, each node's from its own reads of the register. */
export function nightRoom(nightId: string): string {
  return `night:${nightId}`;
}
