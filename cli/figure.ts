import { parseFigure, readsAsApproximate } from '../shared/numbers/parse-figure.ts';
import { usageError } from './exit-codes.ts';

/**
 * A figure typed on the command line, read by the console's parser (`shared/numbers/parse-figure.ts`),
 * or a usage error naming the flag and what to write instead. `approximate` follows the console's rule.
 */
export function readFigure(text: string, flag: string): { value: number; approximate: boolean } {
  const parsed = parseFigure(text);
  if (!parsed.ok) throw usageError(`${flag}: ${parsed.message}`);
  return { value: parsed.value, approximate: readsAsApproximate(parsed) };
}
