import type { Redis } from 'ioredis';

/**
 * socket.io's sharded adapter subscribes a room's channel when the room is created and never looks at
 * the answer (`ssubscribe` is called without a catch): a subscribe refused while the subscriber
 * connection is down would crash the process as an unhandled rejection, and the room would stay
 * unsubscribed. This keeps what the adapter asked for: a refused subscribe is logged and sent again
 * when the connection is ready, unless the room was given up meanwhile.
 */
export function keepSubscriptions(sub: Redis, onError: (error: Error) => void): void {
  const wanted = new Set<string>();
  const pending = new Set<string>();
  const ssubscribe = sub.ssubscribe.bind(sub) as (...channels: string[]) => Promise<unknown>;
  const sunsubscribe = sub.sunsubscribe.bind(sub) as (...channels: string[]) => Promise<unknown>;
  const subscribe = (channel: string) =>
    ssubscribe(channel).catch((error: Error) => {
      onError(error);
      if (wanted.has(channel)) pending.add(channel);
    });
  sub.on('ready', () => {
    const again = [...pending].filter((c) => wanted.has(c));
    pending.clear();
    for (const channel of again) void subscribe(channel);
  });
  const asked = (args: unknown[]) => args.flat().filter((c): c is string => typeof c === 'string');
  sub.ssubscribe = ((...args: unknown[]) => {
    const channels = asked(args);
    channels.forEach((c) => wanted.add(c));
    return Promise.all(channels.map(subscribe)).then(() => channels.length);
  }) as Redis['ssubscribe'];
  sub.sunsubscribe = ((...args: unknown[]) => {
    const channels = asked(args);
    channels.forEach((c) => (wanted.delete(c), pending.delete(c)));
    return sunsubscribe(...channels).catch(onError);
  }) as Redis['sunsubscribe'];
}
