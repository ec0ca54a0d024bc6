/**
 * Pure graph questions for the architecture test: the import circles (strongly connected components
 * of more than one node, or a node importing itself) of a directed graph given as adjacency lists.
 */

export type Graph = ReadonlyMap<string, readonly string[]>;

/** Tarjan's algorithm, iterative so a deep import chain cannot overflow the stack. */
export function cycles(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let next = 0;

  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; edge: number }> = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++]!;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = component.length === 1 && edges.includes(frame.node);
        if (component.length > 1 || selfLoop) found.push(component.sort());
      }
    }
  }
  return found;
}

/**
 * Collapses a file graph onto the modules of the house, the folders one level under `server/` and
 * `shared/` (`server/http/a.ts` → `server/http`; a nested folder such as `shared/tally/rules/` is part
 * of `shared/tally`, where file-level circles are still checked), dropping self-edges.
 */
export function folderGraph(files: Graph): Map<string, string[]> {
  const folder = (path: string): string => path.split('/').slice(0, Math.min(2, path.split('/').length - 1)).join('/');
  const out = new Map<string, Set<string>>();
  for (const [from, tos] of files) {
    const edges = out.get(folder(from)) ?? new Set<string>();
    for (const to of tos) if (folder(to) !== folder(from)) edges.add(folder(to));
    out.set(folder(from), edges);
  }
  return new Map([...out].map(([k, v]) => [k, [...v]]));
}
