import { readdirSync, readFileSync } from 'node:fs';

/**
 * A process's CPU time and memory, read from Linux's /proc so that the measured server needs no change.
 * These are the kernel's own counters, the ones `process.cpuUsage()` and `process.memoryUsage.rss()`
 * read from inside (getrusage, /proc/self/statm).
 */

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on every mainstream Linux build). */
const USER_HZ = 100;

export interface CpuReading {
  /** On-CPU nanoseconds of the live threads, summed from /proc/<pid>/task/<tid>/schedstat (exact). */
  schedNs: number;
  /** The same for the main (JavaScript) thread alone; the rest is V8's helper threads (GC, compiler) and libuv's. */
  mainNs: number;
  /** user + system time of the whole process, exited threads included, from /proc/<pid>/stat (10 ms ticks). */
  statNs: number;
}

/** utime + stime of /proc/<pid>/stat, in nanoseconds. */
export function parseStatCpuNs(stat: string): number {
  // The command name (field 2) may hold spaces and parentheses: count fields after its last ")".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error(`unreadable /proc stat: ${stat.slice(0, 80)}`);
  return (ticks * 1e9) / USER_HZ;
}

export function readCpu(pid: number): CpuReading {
  let schedNs = 0;
  let mainNs = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      schedNs += ns;
      if (tid === String(pid)) mainNs = ns;
    } catch {
      // the thread ended between the listing and the read; its time is in statNs
    }
  }
  return { schedNs, mainNs, statNs: parseStatCpuNs(readFileSync(`/proc/${pid}/stat`, 'utf8')) };
}

/** The CPU several processes used between two readings, in nanoseconds. */
export function cpuBetween(before: CpuReading[], after: CpuReading[]): CpuReading {
  const total: CpuReading = { schedNs: 0, mainNs: 0, statNs: 0 };
  before.forEach((b, i) => {
    total.schedNs += after[i]!.schedNs - b.schedNs;
    total.mainNs += after[i]!.mainNs - b.mainNs;
    total.statNs += after[i]!.statNs - b.statNs;
  });
  return total;
}

/** Resident set size in bytes (VmRSS of /proc/<pid>/status). */
export function readRssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/** The soft limit on open files of a process ("Max open files" in /proc/<pid>/limits). */
export function readOpenFileLimit(pid: number | 'self' = 'self'): number {
  const match = /^Max open files\s+(\S+)/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'));
  if (!match) throw new Error(`no open-file limit for process ${pid}`);
  return match[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(match[1]);
}
