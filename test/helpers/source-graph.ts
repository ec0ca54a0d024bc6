/**
 * Reads the project's own TypeScript sources with oxc-parser and answers the questions the
 * architecture test asks: who imports whom (relative imports resolved to files), how long each file
 * and each function is. Only the reading is IO; the graph questions are in `import-cycles.ts`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseSync } from 'oxc-parser';

export interface SourceFile {
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  lines: number;
  /** Every module request as written (`'../store/store.ts'`, `'node:fs'`, `'zod'`). */
  requests: string[];
  /** The relative requests resolved to repository paths (files that exist). */
  imports: string[];
  functions: FunctionSpan[];
}

export interface FunctionSpan {
  name: string;
  line: number;
  /** From its first line to its last. */
  lines: number;
  /** Its lines less those of the functions written inside it (a factory's own body). */
  ownLines: number;
}

const root = resolve(import.meta.dirname, '../..');

/** Every `.ts` file under the given top-level folders (no `node_modules`, no `dist`). */
export function listSources(folders: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(join(root, dir))) {
      if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
      const path = `${dir}/${name}`;
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
    }
  };
  for (const folder of folders) walk(folder);
  return out.sort();
}

/** Parses one source file; throws on a syntax error so a broken file cannot hide. */
export function readSource(path: string): SourceFile {
  const text = readFileSync(join(root, path), 'utf8');
  const parsed = parseSync(path, text);
  if (parsed.errors.length > 0) throw new Error(`${path}: ${parsed.errors[0]?.message}`);
  const requests = [
    ...parsed.module.staticImports.map((i) => i.moduleRequest.value),
    ...parsed.module.staticExports.flatMap((e) =>
      e.entries.flatMap((entry) => (entry.moduleRequest ? [entry.moduleRequest.value] : [])),
    ),
  ];
  const unique = [...new Set(requests)];
  return {
    path,
    lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0),
    requests: unique,
    imports: unique.filter((r) => r.startsWith('.')).map((r) => resolveRequest(path, r)),
    functions: functionSpans(parsed.program, text),
  };
}

function resolveRequest(from: string, request: string): string {
  const bare = relative(root, resolve(root, dirname(from), request)).split('\\').join('/');
  const candidates = [bare, bare.replace(/\.js$/, '.ts'), `${bare}.ts`, `${bare}/index.ts`];
  for (const candidate of candidates) {
    try {
      if (statSync(join(root, candidate)).isFile()) return candidate;
    } catch {
      // not this spelling; try the next
    }
  }
  throw new Error(`${from}: cannot resolve ${request}`);
}

type Node = { type?: string; start?: number; end?: number; [key: string]: unknown };
const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/** Every function in the file with its length in lines (nested functions counted on their own too). */
function functionSpans(program: unknown, text: string): FunctionSpan[] {
  const lineAt = (offset: number): number => text.slice(0, offset).split('\n').length;
  const spans: FunctionSpan[] = [];
  // Returns the lines of the outermost functions found under `node`, so a parent can subtract them.
  const visit = (node: unknown, name: string): number => {
    if (Array.isArray(node)) return node.reduce((sum: number, child) => sum + visit(child, name), 0);
    if (!node || typeof node !== 'object') return 0;
    const n = node as Node;
    const own = nameOf(n) ?? name;
    let nested = 0;
    for (const [key, child] of Object.entries(n)) {
      if (key !== 'type' && key !== 'start' && key !== 'end') nested += visit(child, own);
    }
    if (!n.type || !FUNCTION_TYPES.has(n.type) || n.start === undefined || n.end === undefined) return nested;
    const line = lineAt(n.start);
    const lines = lineAt(n.end) - line + 1;
    spans.push({ name: own, line, lines, ownLines: lines - nested });
    return lines;
  };
  visit(program, '(anonymous)');
  return spans;
}

/** The name a function would be called by: its own id, or the variable, property or method holding it. */
function nameOf(n: Node): string | undefined {
  const id = (n.id ?? n.key) as Node | undefined;
  if (!id || typeof id !== 'object') return undefined;
  const named = (id as { name?: unknown }).name;
  return typeof named === 'string' ? named : undefined;
}
