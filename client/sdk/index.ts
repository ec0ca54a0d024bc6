/**
 * The Tallyroom client SDK: follow an election live over socket.io, in version order, through
 * reconnects. Typed from `shared/events.ts`; deltas are applied with `shared/tally/delta.ts`.
 */
export { createTallyClient, subscribe, type TallyClient, type TallyClientOptions } from './tally-client.ts';
export type { Subscription, SubscriptionHandlers } from './subscriptions.ts';
export { followNight, type NightFeed, type NightHandlers } from './night-feed.ts';
export type { NightChange, NightSnapshot } from '../../shared/schemas/night.schema.ts';
export { createElectionFeed, type ElectionFeed, type FeedUpdate } from './election-feed.ts';
export type { ConnectionStatus, ConnectionState } from './connection-status.ts';
export { fullJitterDelay, type BackoffOptions } from './backoff.ts';
export type { Delta, Snapshot, RoundSnapshot } from '../../shared/schemas/snapshot.schema.ts';
