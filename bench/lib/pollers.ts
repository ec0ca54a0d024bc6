import { Agent, get } from 'node:http';
import type { CacheLogLine } from '../infra/nginx.ts';
import { summarise, type Summary } from './stats.ts';

/** A night of polling readers behind a cache: who polls, what is posted meanwhile. */
export interface PollNight {
  /** Where readers poll (the proxy). */
  url: string;
  electionIds: string[];
  /** Readers in all, spread evenly over the elections. */
  readers: number;
  /** Each reader's wait between two polls (ms). */
  pollMs: number;
  /** How long bulletins are posted (each election one every `bulletinMs`). */
  seconds: number;
  bulletinMs: number;
  /** Commits one bulletin to the election at the origin; resolves once it is committed. */
  post(electionId: string): Promise<void>;
  /** After the last bulletin, how long readers keep polling to reach it (ms). */
  settleMs: number;
}

export interface PollResult {
  readers: number;
  elections: number;
  seconds: number;
  /** Reader requests answered while bulletins were posted, and per second. */
  requests: number;
  requestsPerSec: number;
  bulletins: number;
  /** From a version's commit to each reader holding it (ms). */
  lag: Summary;
  /** Readers that saw a version go back, skipped one (a gap in the deltas), or read a snapshot after a 410. */
  wentBack: number;
  gaps: number;
  resyncs: number;
  /** Readers not at the last version once `settleMs` passed. */
  behindAtEnd: number;
  failedRequests: number;
}

interface Reader {
  electionId: string;
  version: number;
  epoch: string;
}

interface Tally {
  committedAt: Map<string, number>;
  /** Each version as each reader first held it: the key and when (timed against the commit at the end). */
  seen: Array<[string, number]>;
  requests: number;
  failed: number;
  wentBack: Set<Reader>;
  gaps: Set<Reader>;
  resyncs: number;
}

const key = (electionId: string, version: number) => `${electionId}@${version}`;

// Keep-alive connections shared by every reader of the process: thousands of readers, a few sockets,
// as readers behind one CDN edge look to it (and far cheaper per request than fetch()).
const agent = new Agent({ keepAlive: true, maxSockets: 128 });

function readJson(url: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode ?? 0, body: res.statusCode === 200 ? JSON.parse(text) : text });
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
      res.on('error', reject);
    }).on('error', reject);
  });
}

/** Takes what a poll answered: each delta must follow the version held; the version never goes down. */
function take(reader: Reader, tally: Tally, versions: Array<{ version: number; prevVersion?: number; epoch: string }>, now: number): void {
  for (const d of versions) {
    if (d.epoch === reader.epoch && d.version < reader.version) tally.wentBack.add(reader);
    if (d.epoch !== reader.epoch || d.version <= reader.version) continue;
    if (d.prevVersion !== undefined && d.prevVersion !== reader.version) tally.gaps.add(reader);
    for (let v = reader.version + 1; v <= d.version; v++) tally.seen.push([key(reader.electionId, v), now]);
    reader.version = d.version;
    reader.epoch = d.epoch;
  }
}

async function poll(base: string, reader: Reader, tally: Tally): Promise<void> {
  const path = `${base}/api/elections/${reader.electionId}`;
  try {
    const answer = await readJson(`${path}/deltas?since=${reader.version}&epoch=${reader.epoch}`);
    tally.requests++;
    if (answer.status === 200) return take(reader, tally, answer.body.deltas, Date.now());
    if (answer.status !== 410) throw new Error(`HTTP ${answer.status}`);
    tally.resyncs++;
    const snapshot = await readJson(path);
    tally.requests++;
    take(reader, tally, [snapshot.body], Date.now());
  } catch {
    tally.failed++;
  }
}

/**
 * Polling readers through a cache while bulletins are posted: each reader reads the snapshot once, then
 * `GET .../deltas?since=<held>` every `pollMs` (first at a random offset, so they do not poll in step),
 * checking that versions only go up and follow each other, and timing each version from its commit.
 */
export async function runPollers(night: PollNight): Promise<PollResult> {
  const tally: Tally = { committedAt: new Map(), seen: [], requests: 0, failed: 0, wentBack: new Set(), gaps: new Set(), resyncs: 0 };
  const readers: Reader[] = [];
  // The first snapshots, a hundred at a time (each reader holds its own answer).
  for (let from = 0; from < night.readers; from += 100) {
    const batch = Array.from({ length: Math.min(100, night.readers - from) }, async (_, k) => {
      const electionId = night.electionIds[(from + k) % night.electionIds.length]!;
      const snapshot = await readJson(`${night.url}/api/elections/${electionId}`);
      if (snapshot.status !== 200) throw new Error(`reader ${from + k}: snapshot of ${electionId}: HTTP ${snapshot.status}`);
      return { electionId, version: snapshot.body.version as number, epoch: snapshot.body.epoch as string };
    });
    readers.push(...(await Promise.all(batch)));
  }
  let polling = true;
  const loops = readers.map(async (reader) => {
    await new Promise((r) => setTimeout(r, Math.random() * night.pollMs));
    while (polling) {
      const started = Date.now();
      await poll(night.url, reader, tally);
      await new Promise((r) => setTimeout(r, Math.max(0, night.pollMs - (Date.now() - started))));
    }
  });
  const start = Date.now();
  let bulletins = 0;
  const last = new Map<string, number>();
  for (let tick = 0; Date.now() - start < night.seconds * 1000; tick++) {
    await Promise.all(night.electionIds.map(async (electionId) => {
      await night.post(electionId);
      const version = (last.get(electionId) ?? readers.find((r) => r.electionId === electionId)!.version) + 1;
      last.set(electionId, version);
      tally.committedAt.set(key(electionId, version), Date.now());
      bulletins++;
    }));
    await new Promise((r) => setTimeout(r, Math.max(0, start + (tick + 1) * night.bulletinMs - Date.now())));
  }
  const requestsBefore = tally.requests;
  const elapsed = (Date.now() - start) / 1000;
  await new Promise((r) => setTimeout(r, night.settleMs));
  polling = false;
  await Promise.all(loops);
  return {
    readers: night.readers,
    elections: night.electionIds.length,
    seconds: elapsed,
    requests: requestsBefore,
    requestsPerSec: requestsBefore / elapsed,
    bulletins,
    // A reader may hold a version a moment before its poster heard the 201: no negative lags.
    lag: summarise(tally.seen.flatMap(([k, at]) => (tally.committedAt.has(k) ? [Math.max(0, at - tally.committedAt.get(k)!)] : []))),
    wentBack: tally.wentBack.size,
    gaps: tally.gaps.size,
    resyncs: tally.resyncs,
    behindAtEnd: readers.filter((r) => r.version < (last.get(r.electionId) ?? r.version)).length,
    failedRequests: tally.failed,
  };
}

/**
 * What reached the origin, from the cache log (`log_subrequest on`, so the background revalidations
 * count): the elections' requests nginx sent upstream, and per election per second over `seconds`.
 * Readers' own requests are counted by the readers: the log also lists the subrequests.
 */
export function originLoad(log: CacheLogLine[], electionIds: string[], seconds: number): { originRequests: number; perElectionPerSec: number } {
  const ids = new Set(electionIds);
  const originRequests = log.filter((l) => l.origin && ids.has(/^\/api\/elections\/([^/?]+)/.exec(l.uri)?.[1] ?? '')).length;
  return { originRequests, perElectionPerSec: originRequests / electionIds.length / seconds };
}
