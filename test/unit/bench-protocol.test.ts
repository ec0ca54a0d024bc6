import { describe, expect, it } from 'vitest';
import { Decoder, Encoder } from 'socket.io-parser';
import { readStamp, stampSource } from '../../bench/lib/clock.ts';
import { encodeAck, encodeEvent, encodeServerTextFrame, parseFrame, ProtocolError, websocketUrl } from '../../bench/lib/protocol.ts';

/** What socket.io's own encoder puts in an Engine.IO message (4) for this packet. */
function socketIoFrame(packet: { type: number; nsp: string; data?: unknown; id?: number }): string {
  const [encoded] = new Encoder().encode(packet) as string[];
  return `4${encoded}`;
}

describe('parseFrame (Engine.IO v4 / socket.io v5 text frames)', () => {
  it('reads the open packet', () => {
    const frame = parseFrame('0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}');
    expect(frame).toEqual({ kind: 'open', data: { sid: 'abc', upgrades: [], pingInterval: 25000, pingTimeout: 20000, maxPayload: 1000000 } });
  });

  it('reads pings, pongs, close and noop', () => {
    expect(parseFrame('2')).toEqual({ kind: 'ping', data: '' });
    expect(parseFrame('2probe')).toEqual({ kind: 'ping', data: 'probe' });
    expect(parseFrame('3')).toEqual({ kind: 'pong', data: '' });
    expect(parseFrame('1')).toEqual({ kind: 'close' });
    expect(parseFrame('6')).toEqual({ kind: 'noop' });
  });

  it('reads the namespace connect answer, with and without a namespace', () => {
    expect(parseFrame('40{"sid":"xyz"}')).toEqual({ kind: 'connect', nsp: '/', data: { sid: 'xyz' } });
    expect(parseFrame('40/admin,{"sid":"q"}')).toEqual({ kind: 'connect', nsp: '/admin', data: { sid: 'q' } });
    expect(parseFrame('41')).toEqual({ kind: 'disconnect', nsp: '/' });
    expect(parseFrame('44{"message":"no"}')).toEqual({ kind: 'connect_error', nsp: '/', data: { message: 'no' } });
  });

  it('reads events and acks exactly as socket.io encodes them', () => {
    const delta = { electionId: 'x', version: 7, source: 'bench t=00000000000000000042', candidates: [{ id: 'a', votes: 1 }] };
    expect(parseFrame(socketIoFrame({ type: 2, nsp: '/', data: ['delta', delta] }))).toEqual({ kind: 'event', nsp: '/', id: null, name: 'delta', args: [delta] });
    expect(parseFrame(socketIoFrame({ type: 2, nsp: '/', data: ['subscribe', { electionId: 'x' }], id: 12 }))).toEqual({ kind: 'event', nsp: '/', id: 12, name: 'subscribe', args: [{ electionId: 'x' }] });
    expect(parseFrame(socketIoFrame({ type: 3, nsp: '/', data: [{ ok: true }], id: 1 }))).toEqual({ kind: 'ack', nsp: '/', id: 1, args: [{ ok: true }] });
    expect(parseFrame(socketIoFrame({ type: 2, nsp: '/room', data: ['x', 1], id: 3 }))).toEqual({ kind: 'event', nsp: '/room', id: 3, name: 'x', args: [1] });
  });

  it('refuses what it cannot read, naming the problem', () => {
    expect(() => parseFrame('')).toThrow(ProtocolError);
    expect(() => parseFrame('9hello')).toThrow(/unknown Engine.IO packet/);
    expect(() => parseFrame('0{"no":"sid"}')).toThrow(/open packet without sid/);
    expect(() => parseFrame('42["delta",{')).toThrow(/not JSON/);
    expect(() => parseFrame('42{"name":"delta"}')).toThrow(/not \["name", \.\.\.args\]/);
    expect(() => parseFrame('43[{"ok":true}]')).toThrow(/ack without an id/);
    expect(() => parseFrame('451-["delta",{"_placeholder":true,"num":0}]')).toThrow(/unsupported socket.io packet type "5"/);
    expect(() => parseFrame('40/admin')).toThrow(/namespace without a comma/);
  });
});

describe('encoding what a subscriber and the raw ws baseline send', () => {
  it('encodes events and acks that socket.io decodes to the same packet', () => {
    const decoded: unknown[] = [];
    const decoder = new Decoder();
    decoder.on('decoded', (packet: unknown) => decoded.push(packet));
    decoder.add(encodeEvent('subscribe', [{ electionId: 'iran-2017' }], 1).slice(1));
    decoder.add(encodeAck(5, [{ ok: true, missed: [] }]).slice(1));
    expect(decoded).toEqual([
      { type: 2, nsp: '/', id: 1, data: ['subscribe', { electionId: 'iran-2017' }] },
      { type: 3, nsp: '/', id: 5, data: [{ ok: true, missed: [] }] },
    ]);
    expect(encodeEvent('delta', [{ v: 1 }])).toBe('42["delta",{"v":1}]');
  });

  it('frames a text message with 7-bit, 16-bit and 64-bit lengths (RFC 6455)', () => {
    const small = encodeServerTextFrame(Buffer.from('42["x"]'));
    expect([...small.subarray(0, 2)]).toEqual([0x81, 7]);
    expect(small.subarray(2).toString()).toBe('42["x"]');
    const medium = encodeServerTextFrame(Buffer.alloc(1300, 'a'));
    expect([medium[0], medium[1], medium.readUInt16BE(2), medium.length]).toEqual([0x81, 126, 1300, 1304]);
    const large = encodeServerTextFrame(Buffer.alloc(70_000, 'a'));
    expect([large[0], large[1], Number(large.readBigUInt64BE(2)), large.length]).toEqual([0x81, 127, 70_000, 70_010]);
  });

  it('builds the WebSocket-only socket.io URL', () => {
    expect(websocketUrl('http://127.0.0.1:3000')).toBe('ws://127.0.0.1:3000/socket.io/?EIO=4&transport=websocket');
    expect(websocketUrl('https://example.org/')).toBe('wss://example.org/socket.io/?EIO=4&transport=websocket');
  });
});

describe('the send-time stamp', () => {
  it('round-trips at a fixed width, so every target sends the same bytes', () => {
    expect(stampSource(1_234_567_890_123)).toBe('bench t=00000001234567890123');
    expect(stampSource(1)).toHaveLength(stampSource(9_007_199_254_740_000).length);
    expect(readStamp(stampSource(1_234_567_890_123))).toBe(1_234_567_890_123);
  });

  it('is NaN for a source that carries none', () => {
    expect(readStamp('Interior Ministry')).toBeNaN();
    expect(readStamp('bench t=12a')).toBeNaN();
    expect(readStamp(undefined)).toBeNaN();
  });
});
