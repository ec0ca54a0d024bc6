import { readFileSync } from 'node:fs';
import { usageError } from './exit-codes.ts';

/** A file's text, or standard input for "-"; a usage error naming the file when it cannot be read. */
export function readText(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    throw usageError(`cannot read ${path === '-' ? 'standard input' : path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** A JSON or YAML document (by extension; YAML, a superset of JSON, for anything else). */
export async function readDocument(path: string): Promise<unknown> {
  const text = readText(path);
  // Loaded on use: the CLI starts faster when a command needs no YAML.
  const { parse: parseYaml } = await import('yaml');
  try {
    return /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw usageError(`${path} is not valid ${/\.json$/i.test(path) ? 'JSON' : 'YAML/JSON'}: ${(error as Error).message.split('\n')[0]}`);
  }
}
