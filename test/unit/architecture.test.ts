import { describe, expect, it } from 'vitest';
import { cycles, folderGraph } from '../helpers/import-cycles.ts';
import { listSources, readSource, type SourceFile } from '../helpers/source-graph.ts';

/**
 * The house's shape, checked on the sources themselves (docs/architecture.md, ../shared/style.md):
 * route files are wired by the composition root only, `shared/` is pure and one-way, no import
 * circle between files or folders of `server/` and `shared/`, and rooms stay small. Each rule has a
 * control that shows the check sees what it looks for.
 */
const FOLDERS = ['server', 'shared', 'client', 'cli', 'bench', 'backtest', 'scripts', 'test'];
const files: SourceFile[] = listSources(FOLDERS).map(readSource);
const byPath = new Map(files.map((f) => [f.path, f]));
const core = (path: string): boolean => /^(server|shared)\//.test(path);
const coreGraph = new Map(
  files.filter((f) => core(f.path)).map((f) => [f.path, f.imports.filter(core)]),
);

/** Pure code may use these packages; anything else (node:*, ioredis, express, socket.io) is IO. */
const SHARED_PACKAGES = new Set(['zod']);
const FILE_LINES = 300;
const FUNCTION_LINES = 60;

describe('architecture: import rules', () => {
  it('reads every source folder (control: the composition root and a route file are found)', () => {
    expect(files.length).toBeGreaterThan(300);
    expect(byPath.get('server/app.ts')?.imports.some((i) => i.endsWith('.routes.ts'))).toBe(true);
  });

  it('no file but server/app.ts imports a *.routes.ts file (a route file’s own test may)', () => {
    const offenders = files.flatMap((f) =>
      f.imports
        .filter((i) => i.endsWith('.routes.ts') && f.path !== 'server/app.ts' && !testsItsOwnRoute(f.path, i))
        .map((i) => `${f.path} → ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('shared/ imports only shared/ and pure packages (control: server/ does use IO modules)', () => {
    const shared = files.filter((f) => f.path.startsWith('shared/'));
    const outward = shared.flatMap((f) => f.imports.filter((i) => !i.startsWith('shared/')).map((i) => `${f.path} → ${i}`));
    const io = shared.flatMap((f) =>
      f.requests.filter((r) => !r.startsWith('.') && !SHARED_PACKAGES.has(r)).map((r) => `${f.path} → ${r}`),
    );
    expect([...outward, ...io]).toEqual([]);
    const serverIo = files.filter((f) => f.path.startsWith('server/') && f.requests.some((r) => r.startsWith('node:')));
    expect(serverIo.length).toBeGreaterThan(0);
  });

  it('no import circle between files of server/ and shared/', () => {
    expect(cycles(coreGraph)).toEqual([]);
  });

  it('no import circle between the folders (modules) of server/ and shared/', () => {
    expect(cycles(folderGraph(coreGraph))).toEqual([]);
  });
});

describe('architecture: room sizes', () => {
  it(`every source file is at most ${FILE_LINES} lines`, () => {
    const long = files.filter((f) => f.lines > FILE_LINES).map((f) => `${f.path}: ${f.lines}`);
    expect(long).toEqual([]);
  });

  it(`every function of server/, shared/, client/ and cli/ has at most ${FUNCTION_LINES} lines of its own`, () => {
    // A factory's inner functions are measured on their own; a test's describe block is not a function
    // a reader must hold in mind at once, so test/ is left out; bench/ is listed in docs/architecture.md.
    const product = files.filter((f) => /^(server|shared|client|cli)\//.test(f.path));
    const long = product.flatMap((f) =>
      f.functions.filter((s) => s.ownLines > FUNCTION_LINES).map((s) => `${f.path}:${s.line} ${s.name} (${s.ownLines})`),
    );
    expect(long).toEqual([]);
  });
});

describe('architecture: the checks themselves', () => {
  it('cycles finds a circle, a self-import and nothing in a chain', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
      ['f', ['d']],
    ]);
    expect(cycles(graph).map((c) => c.join(','))).toEqual(expect.arrayContaining(['a,b,c', 'e']));
    expect(cycles(graph)).toHaveLength(2);
    expect(cycles(new Map([['x', ['y']], ['y', []]]))).toEqual([]);
  });

  it('folderGraph turns two files importing across two folders both ways into a folder circle', () => {
    const graph = new Map([
      ['server/http/a.ts', ['server/security/b.ts']],
      ['server/security/b.ts', ['server/http/c.ts']],
      ['server/http/c.ts', []],
    ]);
    expect(cycles(graph)).toEqual([]);
    expect(cycles(folderGraph(graph))).toEqual([['server/http', 'server/security']]);
    // A nested folder belongs to its module: shared/tally ↔ shared/tally/rules is no folder circle.
    const nested = new Map([
      ['shared/tally/a.ts', ['shared/tally/rules/b.ts']],
      ['shared/tally/rules/b.ts', ['shared/tally/c.ts']],
      ['shared/tally/c.ts', []],
    ]);
    expect(cycles(folderGraph(nested))).toEqual([]);
  });

  it('measures a function’s own lines without its inner functions (control: a known factory)', () => {
    const feed = byPath.get('client/sdk/election-feed.ts')!.functions.find((s) => s.name === 'createElectionFeed')!;
    expect(feed.lines).toBeGreaterThan(feed.ownLines);
    expect(feed.ownLines).toBeGreaterThan(0);
  });
});

/** `test/integration/pages-routes.test.ts` may import `server/http/pages.routes.ts`: it tests that file. */
function testsItsOwnRoute(from: string, routeFile: string): boolean {
  const name = routeFile.slice(routeFile.lastIndexOf('/') + 1).replace('.routes.ts', '-routes.test.ts');
  return from.startsWith('test/') && from.endsWith(`/${name}`);
}
