import type { TallyState } from '../lib/conflation-checks.ts';
import type { LedgerTally } from '../lib/ledger.ts';

/** The IPC contract between the bench driver and its subscriber processes. */

export type WorkerCommand =
  | {
      cmd: 'connect';
      /** A set of subscribers measured together (one election on one target). */
      group: string;
      /** Socket.io servers, spread over round-robin (several server processes). */
      urls: string[];
      electionId: string;
      count: number;
      /** This process's first subscriber's place among all processes: servers and addresses follow it round-robin. */
      offset: number;
      /** Loopback source addresses, spread over round-robin. */
      addresses: string[];
      /** Handshakes in flight at once. */
      concurrency: number;
      /** Each subscriber keeps its own tally and frame times (the conflation phase) instead of a ledger. */
      track?: boolean;
    }
  | { cmd: 'arm'; group: string; firstVersion: number; versions: number }
  | { cmd: 'progress'; group: string }
  | { cmd: 'collect'; group: string }
  | { cmd: 'close'; group: string }
  /** Conflation phase: forget frame times so far (a new phase starts). */
  | { cmd: 'mark'; group: string }
  /** Conflation phase: how many subscribers are at `version` or later. */
  | { cmd: 'at-version'; group: string; version: number }
  /** Conflation phase: frames since the mark and final states against `expected` (a PhaseFrames). */
  | { cmd: 'summarise'; group: string; expected: TallyState; windowMs: number };

export interface ConnectResult {
  connected: number;
  /** Handshakes retried after a transient error (reset, timeout). */
  retries: number;
  /** Why subscribers could not connect after every retry (first few). */
  errors: string[];
  failed: number;
  ms: number;
  /** Bytes of the subscribe ack frame and of the snapshot JSON in it (first subscriber). */
  ackFrameBytes: number;
  snapshotBytes: number;
}

export interface FrameStats {
  count: number;
  min: number;
  max: number;
  total: number;
}

export interface CollectResult {
  tally: LedgerTally;
  closedEarly: number;
  protocolErrors: number;
  /** The first few protocol errors, to say what went wrong. */
  protocolSamples: string[];
  deltaFrames: FrameStats;
  pingsAnswered: number;
  /** Other server events (the audience count): parsed and ignored. */
  informationalEvents: number;
}

export interface WorkerHello {
  hello: true;
  pid: number;
  openFileLimit: number;
}
