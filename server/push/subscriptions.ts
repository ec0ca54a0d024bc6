import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import {
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type Ack,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SubscribeAck,
  type SubscribeRequest,
} from '../../shared/events.ts';
import { electionLiveRoom, electionRoom } from '../../shared/rooms.ts';
import type { Delta, Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { wireDelta } from '../../shared/tally/compact-delta.ts';
import { AppError, errorBody, noSuchElection, validationError } from '../errors/app-error.ts';
import type { Store } from '../store/store.ts';
import { catchUp, DEFAULT_CATCH_UP, type CatchUpLimits } from './catch-up.ts';
import { createConflator } from './conflator.ts';
import { createLoadStretch } from './load-stretch.ts';
import { createElectionCache, type ElectionCache } from './election-cache.ts';

export type TallyServer = Server<ClientToServerEvents, ServerToClientEvents>;
type TallySocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/**
 * Sends changes to every subscriber of an election. The only place the server emits. Each push is one
 * `io.to(rooms).emit`, so socket.io encodes it once for all the room's sockets (and once for the
 * adapter). With `conflateMs` > 0 the election's room gets at most one delta per window (conflated,
 * leading edge; the window widens towards `conflateMaxMs` while the server is busy) while its live room
 * (`conflated: false` subscribers) gets every delta at once.
 */
export function createPublisher(io: TallyServer, { conflateMs = 0, conflateMaxMs = conflateMs }: { conflateMs?: number; conflateMaxMs?: number } = {}) {
  // The window widens (up to conflateMaxMs) while the event loop is busy: server/push/load-stretch.ts.
  const stretch = conflateMs > 0 ? createLoadStretch({ baseMs: conflateMs, maxMs: conflateMaxMs }) : null;
  // Conflation works on full deltas; only the wire carries the compact form (one encoding per push).
  const conflator = createConflator(stretch ? stretch.windowMs : conflateMs, (delta) => io.to(electionRoom(delta.electionId)).emit('delta', wireDelta(delta)));
  return {
    /** The conflation window a room opening one now would get (milliseconds; 0: no conflation). */
    windowMs: () => stretch?.windowMs() ?? 0,
    delta(delta: Delta) {
      const room = electionRoom(delta.electionId);
      const live = electionLiveRoom(delta.electionId);
      if (conflateMs === 0) {
        // One broadcast for both rooms: the sharded adapter sends a several-room broadcast on the channel
        // every node listens to, where a one-room broadcast has the room's own channel. Measured, one
        // publish that every node decodes costs less than two publishes (each ~12 µs of CPU here), and
        // a node with subscribers decodes its room's messages either way (docs/benchmarks.md).
        io.to([room, live]).emit('delta', wireDelta(delta));
        return;
      }
      io.to(live).emit('delta', wireDelta(delta));
      conflator.push(delta);
    },
    snapshot(snapshot: Snapshot) {
      // What is pending goes first, so every client sees versions in order.
      conflator.flush(snapshot.electionId);
      io.to([electionRoom(snapshot.electionId), electionLiveRoom(snapshot.electionId)]).emit('snapshot', snapshot);
    },
    /** Sends every pending conflated delta now and stops sampling the load (shutdown). */
    flush() {
      stretch?.close();
      conflator.flushAll();
    },
  };
}

/** Socket.io's ack is optional on the wire: a client may emit without one. */
function replier<T extends object>(ack: unknown): (response: Ack<T>) => void {
  return typeof ack === 'function' ? (ack as (response: Ack<T>) => void) : () => {};
}

/** Optional observers of subscriptions (metrics, the audience count), kept out of the subscribe logic. */
export interface SubscriptionHooks {
  /** Adds server-side fields (the audience) to the snapshot of an ack. */
  snapshot?: (snapshot: Snapshot) => Snapshot;
  subscribed?: (outcome: 'recovered' | 'snapshot' | 'refused') => void;
  /** Throws (an AppError) when this socket may not read the election; runs before it joins the room. */
  authorize?: (socket: TallySocket, request: SubscribeRequest) => Promise<void>;
}

interface SubscribeDeps {
  store: Store;
  cache: ElectionCache;
  hooks: SubscriptionHooks;
  limits: CatchUpLimits;
}

async function subscribe(socket: TallySocket, payload: unknown, { store, cache, hooks, limits }: SubscribeDeps): Promise<SubscribeAck> {
  const parsed = SubscribeRequestSchema.safeParse(payload);
  if (!parsed.success) throw validationError(parsed.error, 'subscribe request');
  const request = parsed.data;
  // Before joining: a socket in the room receives every push, so a private election's room only
  // ever holds sockets whose token opens it.
  await hooks.authorize?.(socket, request);
  const room = request.conflated === false ? electionLiveRoom(request.electionId) : electionRoom(request.electionId);
  const other = request.conflated === false ? electionRoom(request.electionId) : electionLiveRoom(request.electionId);
  // Join before reading, so a delta committed meanwhile is delivered rather than lost; the client
  // drops anything at or below the snapshot's version.
  await socket.join(room);
  await socket.leave(other);
  try {
    const cached = await cache.get(request.electionId);
    if (!cached) throw noSuchElection(request.electionId);
    const { missed, recovered } = await catchUp(store, cached.stored, request, limits);
    const snapshot = cached.snapshot;
    return { ok: true, snapshot: hooks.snapshot?.(snapshot) ?? snapshot, missed, recovered };
  } catch (error) {
    await socket.leave(room);
    throw error;
  }
}

/** `subscribe` and `unsubscribe`, each payload validated like an HTTP body, each answered by ack. */
export function registerSubscriptions(
  io: TallyServer,
  { store, logger, hooks = {}, limits = DEFAULT_CATCH_UP }: { store: Store; logger: Logger; hooks?: SubscriptionHooks; limits?: CatchUpLimits },
): void {
  const deps: SubscribeDeps = { store, cache: createElectionCache(store), hooks, limits };
  io.on('connection', (socket) => {
    socket.on('subscribe', (payload, ack) => {
      const reply = replier<Extract<SubscribeAck, { ok: true }>>(ack);
      subscribe(socket, payload, deps).then((answer) => {
        hooks.subscribed?.(answer.ok && answer.recovered ? 'recovered' : 'snapshot');
        reply(answer);
      }, (error: unknown) => {
        hooks.subscribed?.('refused');
        const { status, body } = errorBody(error);
        if (status >= 500) logger.warn({ err: error }, 'subscribe failed');
        reply({ ok: false, error: body });
      });
    });

    socket.on('unsubscribe', (payload, ack) => {
      const reply = replier(ack);
      const parsed = UnsubscribeRequestSchema.safeParse(payload);
      if (!parsed.success) {
        reply({ ok: false, error: validationError(parsed.error, 'unsubscribe request').toBody() });
        return;
      }
      const { electionId } = parsed.data;
      void Promise.all([socket.leave(electionRoom(electionId)), socket.leave(electionLiveRoom(electionId))]).then(() => reply({ ok: true }));
    });
  });
}
