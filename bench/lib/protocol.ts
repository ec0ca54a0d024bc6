/**
 * The Engine.IO v4 / socket.io v5 wire format, as far as a WebSocket-only subscriber needs it. Pure:
 * the subscriber workers and the raw `ws` baseline both speak it, and unit tests pin it down.
 *
 * A WebSocket text frame holds one Engine.IO packet: a type digit, then its data. An Engine.IO
 * `message` (4) carries one socket.io packet: a type digit, an optional `/namespace,`, an optional
 * numeric ack id, then a JSON payload.
 */

/** Engine.IO packet types (the first character of a frame). */
export const EngineType = { open: '0', close: '1', ping: '2', pong: '3', message: '4', upgrade: '5', noop: '6' } as const;

/** socket.io packet types (the character after an Engine.IO `4`). */
export const SocketType = { connect: '0', disconnect: '1', event: '2', ack: '3', connectError: '4', binaryEvent: '5', binaryAck: '6' } as const;

/** What the server's open packet announces. */
export interface OpenData {
  sid: string;
  pingInterval: number;
  pingTimeout: number;
  maxPayload?: number;
  upgrades?: string[];
}

export type Frame =
  | { kind: 'open'; data: OpenData }
  | { kind: 'close' }
  | { kind: 'ping'; data: string }
  | { kind: 'pong'; data: string }
  | { kind: 'noop' }
  | { kind: 'connect'; nsp: string; data: unknown }
  | { kind: 'disconnect'; nsp: string }
  | { kind: 'connect_error'; nsp: string; data: unknown }
  | { kind: 'event'; nsp: string; id: number | null; name: string; args: unknown[] }
  | { kind: 'ack'; nsp: string; id: number; args: unknown[] };

/** A frame this client cannot make sense of: the run counts it and fails. */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

/** The frames a subscriber sends. */
export const PONG = EngineType.pong;
export const CONNECT_DEFAULT_NAMESPACE = `${EngineType.message}${SocketType.connect}`;

/** `42<id>["name",...args]`: an event on the default namespace, with an ack id when one is given. */
export function encodeEvent(name: string, args: unknown[], ackId?: number): string {
  return `${EngineType.message}${SocketType.event}${ackId ?? ''}${JSON.stringify([name, ...args])}`;
}

/** `43<id>[...args]`: the answer to an event's ack id. */
export function encodeAck(ackId: number, args: unknown[]): string {
  return `${EngineType.message}${SocketType.ack}${ackId}${JSON.stringify(args)}`;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ProtocolError(`${what}: payload is not JSON: ${text.slice(0, 80)}`);
  }
}

/** Splits `[/nsp,][id]payload` after the socket.io type digit. */
function splitSocketPacket(body: string): { nsp: string; id: number | null; payload: string } {
  let i = 0;
  let nsp = '/';
  if (body.startsWith('/')) {
    const comma = body.indexOf(',');
    if (comma < 0) throw new ProtocolError(`namespace without a comma: ${body.slice(0, 80)}`);
    nsp = body.slice(0, comma);
    i = comma + 1;
  }
  const start = i;
  while (i < body.length && body.charCodeAt(i) >= 48 && body.charCodeAt(i) <= 57) i++;
  const id = i > start ? Number(body.slice(start, i)) : null;
  return { nsp, id, payload: body.slice(i) };
}

function parseSocketPacket(text: string): Frame {
  const type = text[1];
  const { nsp, id, payload } = splitSocketPacket(text.slice(2));
  switch (type) {
    case SocketType.connect:
      return { kind: 'connect', nsp, data: payload ? parseJson(payload, 'connect') : undefined };
    case SocketType.disconnect:
      return { kind: 'disconnect', nsp };
    case SocketType.connectError:
      return { kind: 'connect_error', nsp, data: payload ? parseJson(payload, 'connect_error') : undefined };
    case SocketType.event: {
      const array = parseJson(payload, 'event');
      if (!Array.isArray(array) || typeof array[0] !== 'string') throw new ProtocolError(`event is not ["name", ...args]: ${payload.slice(0, 80)}`);
      return { kind: 'event', nsp, id, name: array[0], args: array.slice(1) };
    }
    case SocketType.ack: {
      const args = parseJson(payload, 'ack');
      if (id === null || !Array.isArray(args)) throw new ProtocolError(`ack without an id or an array: ${text.slice(0, 80)}`);
      return { kind: 'ack', nsp, id, args };
    }
    default:
      // Binary events never reach a JSON-only subscriber: the server sends none on this wire.
      throw new ProtocolError(`unsupported socket.io packet type "${type}"`);
  }
}

/** Parses one WebSocket text frame (one Engine.IO packet). Throws a ProtocolError on anything else. */
export function parseFrame(text: string): Frame {
  switch (text[0]) {
    case EngineType.open: {
      const data = parseJson(text.slice(1), 'open') as Partial<OpenData> | null;
      if (!data || typeof data.sid !== 'string' || typeof data.pingInterval !== 'number') throw new ProtocolError(`open packet without sid/pingInterval: ${text.slice(0, 80)}`);
      return { kind: 'open', data: data as OpenData };
    }
    case EngineType.close:
      return { kind: 'close' };
    case EngineType.ping:
      return { kind: 'ping', data: text.slice(1) };
    case EngineType.pong:
      return { kind: 'pong', data: text.slice(1) };
    case EngineType.noop:
      return { kind: 'noop' };
    case EngineType.message:
      return parseSocketPacket(text);
    default:
      throw new ProtocolError(`unknown Engine.IO packet: ${text.slice(0, 80)}`);
  }
}

/** The WebSocket URL of a socket.io server, skipping the HTTP long-polling handshake. */
export function websocketUrl(httpUrl: string): string {
  const url = new URL('/socket.io/', httpUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = 'EIO=4&transport=websocket';
  return url.toString();
}

/**
 * One unmasked, final WebSocket text frame (RFC 6455 section 5.2), as a server sends it. Built once and
 * written to every socket, it is the least work a server can do per delivery.
 */
export function encodeServerTextFrame(payload: Buffer): Buffer {
  const n = payload.length;
  const headerLength = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + n);
  frame[0] = 0x81; // FIN + opcode 1 (text)
  if (n < 126) {
    frame[1] = n;
  } else if (n < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(n), 2);
  }
  payload.copy(frame, headerLength);
  return frame;
}
