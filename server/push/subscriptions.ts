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
import { electionRoom } from '../../shared/rooms.ts';
import type { Delta, Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { AppError, errorBody, validationError } from '../errors/app-error.ts';
import type { Store } from '../store/store.ts';
import { catchUp } from './catch-up.ts';

export type TallyServer = Server<ClientToServerEvents, ServerToClientEvents>;
type TallySocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** Sends changes to every subscriber of an election. The only place the server emits. */
export function createPublisher(io: TallyServer) {
  return {
    delta(delta: Delta) {
      io.to(electionRoom(delta.electionId)).emit('delta', delta);
    },
    snapshot(snapshot: Snapshot) {
      io.to(electionRoom(snapshot.electionId)).emit('snapshot', snapshot);
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

async function subscribe(socket: TallySocket, store: Store, payload: unknown, hooks: SubscriptionHooks): Promise<SubscribeAck> {
  const parsed = SubscribeRequestSchema.safeParse(payload);
  if (!parsed.success) throw validationError(parsed.error, 'subscribe request');
  const request = parsed.data;
  // Before joining: a socket in the room receives every push, so a private election's room only
  // ever holds sockets whose token opens it.
  await hooks.authorize?.(socket, request);
  const room = electionRoom(request.electionId);
  // Join before reading, so a delta committed meanwhile is delivered rather than lost; the client
  // drops anything at or below the snapshot's version.
  await socket.join(room);
  try {
    const stored = await store.load(request.electionId);
    if (!stored) throw new AppError('not_found', `no election "${request.electionId}"`);
    const { missed, recovered } = await catchUp(store, stored, request);
    const snapshot = buildSnapshot(stored);
    return { ok: true, snapshot: hooks.snapshot?.(snapshot) ?? snapshot, missed, recovered };
  } catch (error) {
    await socket.leave(room);
    throw error;
  }
}

/** `subscribe` and `unsubscribe`, each payload validated like an HTTP body, each answered by ack. */
export function registerSubscriptions(io: TallyServer, { store, logger, hooks = {} }: { store: Store; logger: Logger; hooks?: SubscriptionHooks }): void {
  io.on('connection', (socket) => {
    socket.on('subscribe', (payload, ack) => {
      const reply = replier<Extract<SubscribeAck, { ok: true }>>(ack);
      subscribe(socket, store, payload, hooks).then((answer) => {
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
      void Promise.resolve(socket.leave(electionRoom(parsed.data.electionId))).then(() => reply({ ok: true }));
    });
  });
}
