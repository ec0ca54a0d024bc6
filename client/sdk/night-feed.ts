import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, NightSubscribeAck, ServerToClientEvents } from '../../shared/events.ts';
import { applyNightChange } from '../../shared/nights/apply-night-change.ts';
import type { NightChange, NightSnapshot } from '../../shared/schemas/night.schema.ts';

type NightSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface NightHandlers {
  /** The night after each change (a snapshot, a caught-up change, or a `night` event). */
  onNight?: (night: NightSnapshot) => void;
  /** The server refused the subscription (an unknown night, say). */
  onError?: (error: Extract<NightSubscribeAck, { ok: false }>['error']) => void;
}

export interface NightFeed {
  readonly nightId: string;
  /** The night as held now; null until the first answer. */
  readonly night: NightSnapshot | null;
  /** How often the server answered a resubscription with only what was missed (for tests and status). */
  readonly recoveries: number;
  close(): void;
}

/**
 * Follows a night on a socket: the snapshot, then each `night` event applied in version order
 * (`applyNightChange`). A gap, or a (re)connection, subscribes again with the version and epoch held,
 * and the server answers with what was missed, or a snapshot when it cannot. Events that arrive while a
 * subscription is under way are kept and applied after its answer.
 */
export function followNight(socket: NightSocket, nightId: string, handlers: NightHandlers = {}, { ackTimeoutMs = 10_000 } = {}): NightFeed {
  let night: NightSnapshot | null = null;
  let waiting: NightChange[] | null = null;
  let recoveries = 0;
  let closed = false;

  const show = () => night && handlers.onNight?.(night);

  function apply(change: NightChange): boolean {
    if (!night) return false;
    const applied = applyNightChange(night, change);
    if (applied.kind === 'gap') return false;
    if (applied.kind === 'applied') night = applied.snapshot;
    return true;
  }

  function answered(ack: NightSubscribeAck): void {
    const held = waiting ?? [];
    waiting = null;
    if (!ack.ok) return handlers.onError?.(ack.error);
    if (ack.recovered && night && apply(ack.missed)) recoveries += 1;
    else if (!ack.recovered) night = ack.snapshot;
    else return subscribeAgain(true);
    for (const change of held) if (!apply(change)) return subscribeAgain();
    show();
  }

  /** `fresh`: forget what is held (a catch-up that did not fit). */
  function subscribeAgain(fresh = false): void {
    if (closed || !socket.connected) return;
    if (fresh) night = null;
    waiting ??= [];
    const request = night ? { nightId, sinceVersion: night.version, epoch: night.epoch } : { nightId };
    socket.timeout(ackTimeoutMs).emit('subscribeNight', request, (error: Error | null, ack?: NightSubscribeAck) => {
      if (closed) return;
      if (error || !ack) {
        waiting = null;
        return subscribeAgain();
      }
      answered(ack);
    });
  }

  const onChange = (change: NightChange) => {
    if (closed || change.nightId !== nightId) return;
    if (waiting) return void waiting.push(change);
    if (apply(change)) show();
    else subscribeAgain();
  };
  const onSnapshot = (snapshot: NightSnapshot) => {
    if (closed || snapshot.nightId !== nightId) return;
    night = snapshot;
    if (waiting) waiting = [];
    show();
  };
  const onConnect = () => {
    waiting = null;
    subscribeAgain();
  };
  socket.on('night', onChange);
  socket.on('nightSnapshot', onSnapshot);
  socket.on('connect', onConnect);
  if (socket.connected) subscribeAgain();

  return {
    nightId,
    get night() {
      return night;
    },
    get recoveries() {
      return recoveries;
    },
    close() {
      if (closed) return;
      closed = true;
      socket.off('night', onChange);
      socket.off('nightSnapshot', onSnapshot);
      socket.off('connect', onConnect);
      if (socket.connected) socket.emit('unsubscribeNight', { nightId });
    },
  };
}
