/** The socket.io room of an election. One place, so server and tests agree on the name. */
export function electionRoom(electionId: string): string {
  return `election:${electionId}`;
}

/** The election a room belongs to, or null for other rooms (each socket's own, say). */
export function electionOfRoom(room: string): string | null {
  return room.startsWith('election:') ? room.slice('election:'.length) : null;
}
