/**
 * INTERIM: a small reader of human figures for the CLI until `shared/numbers/parse-figure.ts` (the
 * console's parser, issue 4) lands. Same result shape, so swapping is one import in `cli/figure.ts`.
 * Accepts "14619000", "14,619,000", "297 276", "14.619 million", "14.619m", "23,5 million", "25k",
 * "over 40 million" (approximate); refuses decimals without a scale and "14.619" (ambiguous).
 */
export type FigureParse = { ok: true; value: number; approximate: boolean } | { ok: false; message: string };

const SCALES: Record<string, number> = { k: 1e3, thousand: 1e3, m: 1e6, mn: 1e6, mln: 1e6, million: 1e6, millions: 1e6, b: 1e9, bn: 1e9, billion: 1e9 };
const QUALIFIER = /^(over|more than|about|around|approximately|nearly|almost|some|~|>)\s*/i;

export function parseFigure(input: string): FigureParse {
  let text = input.trim().toLowerCase().replace(/\s+(votes?|ballots?)$/, '');
  const qualifier = QUALIFIER.exec(text);
  if (qualifier) text = text.slice(qualifier[0].length);
  const match = /^([0-9][0-9.,' ]*?)\s*([a-z]+)?$/.exec(text);
  if (!match) return { ok: false, message: `"${input}" is not a figure: write digits, e.g. 14619000 or 14.619m` };
  const [, number, word] = match;
  if (word !== undefined) {
    const scale = SCALES[word];
    if (!scale) return { ok: false, message: `"${word}" is not a scale: use k, m (million) or bn` };
    const decimal = number!.replace(/[\s']/g, '').replace(',', '.');
    if (!/^\d+(\.\d+)?$/.test(decimal)) return { ok: false, message: `"${input}" is not a figure` };
    const [whole, fraction = ''] = decimal.split('.');
    const unit = scale / 10 ** fraction.length;
    if (!Number.isInteger(unit)) return { ok: false, message: `"${input}" has more decimals than a count has` };
    return { ok: true, value: Number(whole) * scale + Number(fraction || '0') * unit, approximate: qualifier !== null };
  }
  const digits = number!.trim();
  if (/^\d+$/.test(digits)) return { ok: true, value: Number(digits), approximate: qualifier !== null };
  const groups = digits.split(/[.,' ]/);
  const separators = new Set(digits.replace(/\d/g, ''));
  if (separators.size !== 1 || groups.slice(1).some((g) => g.length !== 3) || groups[0]!.length > 3) {
    return { ok: false, message: `"${input}" is not a whole count: a decimal needs a scale, e.g. 14.619m` };
  }
  if (groups.length === 2 && separators.has('.')) return { ok: false, message: `"${input}" could be 14.619 million or ${groups.join('')}: write "${input}m" or "${groups.join('')}"` };
  return { ok: true, value: Number(groups.join('')), approximate: qualifier !== null };
}
