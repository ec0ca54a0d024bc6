import type { Logger } from 'pino';
import { NightSubscribeRequestSchema, NightUnsubscribeRequestSchema, type Ack, type NightSubscribeAck } from '../../shared/events.ts';
import { nightRoom } from '../../shared/rooms.ts';
import { errorBody, validationError } from '../errors/app-error.ts';
import { noSuchNight } from '../nights/no-such-night.ts';
import type { NightListener } from '../nights/night-service.ts';
import type { Store } from '../store/store.ts';
import { createNightRooms } from './night-rooms.ts';
import type { TallyServer } from './subscriptions.ts';

/** The notice one node sends the others when it put a line into a night's register. */
const CHANGED = 'tallyroom:night-changed';

export interface NightPushDeps {
  io: TallyServer;
  store: Store;
  logger: Logger;
  windowMs: () => number;
  /** Whether other nodes share the adapter (then they are told of each change; alone, nobody else is). */
  clustered: boolean;
}

function replier<T extends object>(ack: unknown): (response: Ack<T>) => void {
  return typeof ack === 'function' ? (ack as (response: Ack<T>) => void) : () => {};
}

/**
 * Night rooms over socket.io: `subscribeNight` and `unsubscribeNight`, each payload validated, and the
 * listener the night service tells of each change, which tells this node's rooms and every other node.
 */
export function serveNights({ io, store, logger, windowMs, clustered }: NightPushDeps) {
  const rooms = createNightRooms({ io, store, logger, windowMs });
  // Another node's notice: its commits reach this node's subscribers through this node's own read.
  io.on(CHANGED, (nightId: unknown, version: unknown) => {
    if (typeof nightId === 'string' && typeof version === 'number') rooms.notify(nightId, version);
  });

  io.on('connection', (socket) => {
    socket.on('subscribeNight', (payload, ack) => {
      const reply = replier<Extract<NightSubscribeAck, { ok: true }>>(ack);
      void (async () => {
        const parsed = NightSubscribeRequestSchema.safeParse(payload);
        if (!parsed.success) throw validationError(parsed.error, 'night subscribe request');
        const { nightId, sinceVersion, epoch } = parsed.data;
        // Join before reading, as for elections: an event sent meanwhile arrives, and the client drops
        // what its answer already holds.
        await socket.join(nightRoom(nightId));
        const answer = await rooms.answer(nightId, sinceVersion, epoch).catch(async (error: unknown) => {
          await socket.leave(nightRoom(nightId));
          throw error;
        });
        if (!answer) {
          await socket.leave(nightRoom(nightId));
          throw noSuchNight(nightId);
        }
        reply(answer);
      })().catch((error: unknown) => {
        const { status, body } = errorBody(error);
        if (status >= 500) logger.warn({ err: error }, 'night subscribe failed');
        reply({ ok: false, error: body });
      });
    });

    socket.on('unsubscribeNight', (payload, ack) => {
      const reply = replier(ack);
      const parsed = NightUnsubscribeRequestSchema.safeParse(payload);
      if (!parsed.success) return reply({ ok: false, error: validationError(parsed.error, 'night unsubscribe request').toBody() });
      void Promise.resolve(socket.leave(nightRoom(parsed.data.nightId))).then(() => reply({ ok: true }));
    });
  });

  const listener: NightListener = {
    changed(nightId, version) {
      rooms.notify(nightId, version);
      if (clustered) io.serverSideEmit(CHANGED, nightId, version);
    },
  };
  return { listener, close: () => rooms.close() };
}
