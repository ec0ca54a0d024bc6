// Swap for the console's parser once it lands: import { parseFigure } from '../shared/numbers/parse-figure.ts';
import { parseFigure } from './interim-parse-figure.ts';
import { usageError } from './exit-codes.ts';

/** A figure typed on the command line, or a usage error naming the flag and what to write instead. */
export function readFigure(text: string, flag: string): { value: number; approximate: boolean } {
  const parsed = parseFigure(text);
  if (!parsed.ok) throw usageError(`${flag}: ${parsed.message}`);
  return { value: parsed.value, approximate: parsed.approximate };
}
