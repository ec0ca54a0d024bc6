/** The socket.io room of an election. One place, so server and tests agree on the name. */
export function electionRoom(electionId: string): string {
  return `election:${electionId}`;
}
