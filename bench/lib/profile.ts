/**
 * Where a server spent its CPU, from a V8 `.cpuprofile` (`node --cpu-prof`, what `--cpu-prof` of the
 * bench writes): self time by function and by package, and inclusive time of Tallyroom's own
 * functions. Pure.
 */

export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Busy time: everything but `(idle)`. */
  busyMs: number;
  selfByFunction: ProfileLine[];
  selfByArea: ProfileLine[];
  /** Inclusive (self + callees) time of functions in server/ and shared/. */
  ownInclusive: ProfileLine[];
}

/** The package or part of the code a script URL belongs to. */
export function areaOf(url: string): string {
  if (!url) return '(native / V8)';
  const pkg = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url); // the innermost package
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node internals';
  const own = /\/(server|shared|bench)\//.exec(url);
  if (own) return `tallyroom ${own[1]}/`;
  return url;
}

const shortUrl = (url: string) => url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(server|shared|bench)\//, '$1/');
const keyOf = (frame: CpuProfile['nodes'][number]['callFrame']) => `${frame.functionName || '(anonymous)'} ${frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : ''}`.trim();

function top(map: Map<string, number>, total: number, count: number): ProfileLine[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => ({ name, ms: us / 1000, share: total ? us / total : 0 }));
}

export function summariseProfile(profile: CpuProfile, count = 15): ProfileSummary {
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  let total = 0;
  let idle = 0;
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    total += us;
    if (node.callFrame.functionName === '(idle)') idle += us;
    if (us === 0 || node.callFrame.functionName === '(idle)') continue;
    const key = keyOf(node.callFrame);
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const special = /^\((garbage collector|program)\)$/.test(node.callFrame.functionName) ? node.callFrame.functionName : areaOf(node.callFrame.url);
    byArea.set(special, (byArea.get(special) ?? 0) + us);
  }
  // Inclusive time: each node's subtree, counted once per function even when it recurses.
  const inclusive = new Map<string, number>();
  const walk = (id: number, onStack: Set<string>): number => {
    const node = byId.get(id)!;
    const key = keyOf(node.callFrame);
    const own = /\/(server|shared)\//.test(node.callFrame.url);
    const inner = own && !onStack.has(key) ? new Set(onStack).add(key) : onStack;
    let sum = selfUs.get(id) ?? 0;
    for (const child of node.children ?? []) sum += walk(child, inner);
    if (own && !onStack.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + sum);
    return sum;
  };
  const root = profile.nodes[0];
  if (root) walk(root.id, new Set());
  const busy = total - idle;
  return { totalMs: total / 1000, busyMs: busy / 1000, selfByFunction: top(byFunction, busy, count), selfByArea: top(byArea, busy, count), ownInclusive: top(inclusive, busy, count) };
}

export function renderProfile(summary: ProfileSummary): string {
  const rows = (lines: ProfileLine[]) => lines.map((l) => `| ${l.name.replaceAll('|', '\\|')} | ${l.ms.toFixed(1)} | ${(l.share * 100).toFixed(1)} % |`).join('\n');
  const section = (title: string, lines: ProfileLine[]) => `${title}\n\n| | ms | of busy |\n| --- | --- | --- |\n${rows(lines)}`;
  return [
    `Busy ${summary.busyMs.toFixed(0)} ms of ${summary.totalMs.toFixed(0)} ms profiled.`,
    section('Self time by package', summary.selfByArea),
    section('Self time by function', summary.selfByFunction),
    section("Inclusive time of Tallyroom's functions", summary.ownInclusive),
  ].join('\n\n');
}
