import type { Logger } from 'pino';
import { canonicalJson } from '../../shared/canonical-json.ts';
import type { NightSubscribeAck } from '../../shared/events.ts';
import { buildNightSnapshot, placeInNight, type NightRegister } from '../../shared/nights/night-snapshot.ts';
import { nightRoom } from '../../shared/rooms.ts';
import type { NightChange, NightSnapshot } from '../../shared/schemas/night.schema.ts';
import type { Store } from '../store/store.ts';
import type { TallyServer } from './subscriptions.ts';

/** One night with subscribers on this node: its copy of the register, as of the last `night` event sent. */
interface Room {
  register: NightRegister & { lines: Record<string, NightRegister['lines'][string]> };
  /** Per contest, the night version its line last changed at (as this node read it: never too low). */
  changedAt: Map<string, number>;
  snapshot: NightSnapshot | null;
  summaryJson: string;
  window: ReturnType<typeof setTimeout> | null;
  dirty: boolean;
  /** The flush under way; the next one waits for it, so events leave in version order. */
  flushing: Promise<void>;
}

export interface NightRoomsDeps {
  io: TallyServer;
  store: Store;
  logger: Logger;
  /** The conflation window a room opening one now gets (the readers' window, widened under load). */
  windowMs: () => number;
  /** How often a room reads the register even without a notice (a notice lost with the adapter): 5 s. */
  backstopMs?: number;
}

function snapshotOf(room: Room): NightSnapshot {
  room.snapshot ??= buildNightSnapshot(room.register);
  return room.snapshot;
}

/**
 * The night rooms of this node. Whoever commits a contest line tells every node (`notify`); a node with
 * subscribers to that night reads, at most once per window (leading edge, as readers' deltas), the
 * lines changed since what it last sent, and sends them to its own sockets in one broadcast: one small
 * event per window however many bulletins and subscribers. The versions are the register's, the same
 * on every node, so a client moving to another node catches up from the version it holds.
 */
export function createNightRooms({ io, store, logger, windowMs, backstopMs = 5000 }: NightRoomsDeps) {
  const rooms = new Map<string, Room>();
  const loading = new Map<string, Promise<Room | null>>();
  const local = io.local;
  const localSockets = (nightId: string) => io.of('/').adapter.rooms.get(nightRoom(nightId))?.size ?? 0;

  function drop(nightId: string): void {
    const room = rooms.get(nightId);
    if (room?.window) clearTimeout(room.window);
    rooms.delete(nightId);
  }

  function fromStore(nightId: string): Promise<Room | null> {
    const flight = loading.get(nightId);
    if (flight) return flight;
    const promise = store.nights.loadNight(nightId).then((stored): Room | null => {
      if (!stored || localSockets(nightId) === 0) return null;
      const room: Room = { register: stored, changedAt: new Map(Object.keys(stored.lines).map((id) => [id, stored.version])), snapshot: null, summaryJson: '', window: null, dirty: false, flushing: Promise.resolve() };
      room.summaryJson = canonicalJson(snapshotOf(room).summary);
      rooms.set(nightId, room);
      return room;
    });
    loading.set(nightId, promise);
    const forget = () => loading.delete(nightId);
    promise.then(forget, forget);
    return promise;
  }

  /** The room of a night this node serves, loaded on its first subscriber; null for an unknown night. */
  async function ensure(nightId: string): Promise<Room | null> {
    return rooms.get(nightId) ?? (await fromStore(nightId));
  }

  /** Reads what changed since the room's version and sends it; a new epoch sends the whole night. */
  async function read(nightId: string, room: Room): Promise<void> {
    const changes = await store.nights.readNightChanges(nightId, room.register.version);
    if (!changes || rooms.get(nightId) !== room || changes.version <= room.register.version) return;
    if (changes.epoch !== room.register.epoch) {
      drop(nightId);
      const fresh = await fromStore(nightId);
      if (fresh) local.to(nightRoom(nightId)).emit('nightSnapshot', snapshotOf(fresh));
      return;
    }
    const { register } = room;
    for (const line of changes.lines) {
      register.lines[line.electionId] = line;
      room.changedAt.set(line.electionId, changes.version);
    }
    const prevVersion = register.version;
    room.register = { ...register, version: changes.version, updatedAt: changes.updatedAt };
    room.snapshot = null;
    const summary = snapshotOf(room).summary;
    const summaryJson = canonicalJson(summary);
    const change: NightChange = { nightId, epoch: register.epoch, prevVersion, version: changes.version, updatedAt: changes.updatedAt, contests: changes.lines.map(placeInNight(register.definition)) };
    if (summaryJson !== room.summaryJson) change.summary = summary;
    room.summaryJson = summaryJson;
    local.to(nightRoom(nightId)).emit('night', change);
  }

  function flush(nightId: string, room: Room): Promise<void> {
    room.flushing = room.flushing.then(() => read(nightId, room)).catch((error: unknown) => logger.warn({ err: error, nightId }, 'a night room could not read its register'));
    return room.flushing;
  }

  function openWindow(nightId: string, room: Room): void {
    room.window = setTimeout(() => {
      room.window = null;
      if (!room.dirty || rooms.get(nightId) !== room) return;
      room.dirty = false;
      void flush(nightId, room);
      openWindow(nightId, room);
    }, windowMs());
  }

  /** Something in the night changed (at `version`, when known): sent now, or when the window closes. */
  function notify(nightId: string, version?: number): void {
    const room = rooms.get(nightId);
    if (!room || (version !== undefined && version <= room.register.version)) return;
    if (room.window) {
      room.dirty = true;
      return;
    }
    void flush(nightId, room);
    openWindow(nightId, room);
  }

  /** The change a subscriber at `since` lacks, from this node's copy. */
  function missedSince(nightId: string, room: Room, since: number): NightChange {
    const place = placeInNight(room.register.definition);
    const lines = [...room.changedAt].filter(([, v]) => v > since).map(([id]) => place(room.register.lines[id]!));
    const { epoch, version, updatedAt } = room.register;
    return { nightId, epoch, prevVersion: since, version, updatedAt, contests: lines, summary: snapshotOf(room).summary };
  }

  io.of('/').adapter.on('delete-room', (name: string) => {
    if (name.startsWith('night:')) drop(name.slice('night:'.length));
  });
  const backstop = setInterval(() => {
    for (const nightId of rooms.keys()) notify(nightId);
  }, backstopMs);
  backstop.unref();

  return {
    notify,
    /**
     * The ack of a subscriber who joined the night's room: what it lacks since `sinceVersion` when its
     * epoch is this one and this node has sent that far (after reading the register once, if it is
     * behind the client), else the snapshot as of the last event sent. Null: no such night.
     */
    async answer(nightId: string, since?: number, epoch?: string): Promise<Extract<NightSubscribeAck, { ok: true }> | null> {
      const room = await ensure(nightId);
      if (!room) return null;
      if (since !== undefined && epoch === room.register.epoch && since > room.register.version) await flush(nightId, room);
      const current = rooms.get(nightId) ?? room;
      if (since !== undefined && epoch === current.register.epoch && since <= current.register.version) return { ok: true, recovered: true, missed: missedSince(nightId, current, since) };
      return { ok: true, recovered: false, snapshot: snapshotOf(current) };
    },
    /** Stops every timer. Idempotent. */
    close(): void {
      clearInterval(backstop);
      for (const nightId of [...rooms.keys()]) drop(nightId);
    },
  };
}

export type NightRooms = ReturnType<typeof createNightRooms>;
