/**
 * Reads a count the way it is read out at a briefing or typed under pressure: "14.619 million",
 * "14,619,000", "297,276", "23,5 million", "11m", "over 40 million". Pure; the console shows the
 * result next to each field before anything is sent, and the CLI reads figures with it too.
 *
 * Counts are whole numbers, which settles most separators: without a scale word, "," "." and spaces
 * between groups of three digits can only be thousands separators. What is refused, always with a
 * reason, is what could be read two ways:
 * - "14.619" (no scale): 14,619 in Germany, "14.619 million" with the word forgotten in a newsroom.
 *   Refused: write "14.619m" or "14619". ("1.234.567", with two dots, is unambiguous and accepted.)
 * - "1,234 million": 1,234 million in English, 1.234 million with a decimal comma. Refused.
 * - a decimal without a scale ("23,5", "14.6"), a share ("45 %"), a range ("11-12 million"), words
 *   ("eleven"), a negative figure, irregular grouping ("1,23,456"), more than 2^53.
 * Persian is read too (persian-figures.ts): Persian or Arabic-Indic digits, "۱۴٫۶۱۹ میلیون", "۲۵ میلیون",
 * "بیش از ۴۰ میلیون", and figures read out in parts, "۲۴ میلیون و ۵۳۵ هزار و ۱۸۵".
 */
import { compoundParts, normalisePersian, PERSIAN_QUALIFIERS, PERSIAN_UNIT, persianScale } from './persian-figures.ts';

/** Why a figure was refused. */
export const FigureRefusal = {
  /** Nothing typed. */
  Empty: 'empty',
  /** Not a figure at all (letters, several numbers, a range). */
  NotANumber: 'not_a_number',
  /** Could be read two ways; the message says how to write each. */
  Ambiguous: 'ambiguous',
  /** A fraction of a vote: a decimal without a scale, or more decimals than the scale allows. */
  NotWhole: 'not_whole',
  /** Below zero. */
  Negative: 'negative',
  /** A percentage, not a count. */
  Percent: 'percent',
  /** Separators not in groups of three. */
  Grouping: 'grouping',
  /** Above 2^53: not an exact number in JavaScript, and far above any electorate. */
  TooLarge: 'too_large',
} as const;
export type FigureRefusal = (typeof FigureRefusal)[keyof typeof FigureRefusal];

export interface ParsedFigure {
  ok: true;
  value: number;
  /** Marked as approximate by a qualifier ("over", "about", "~", "+"...). */
  approximate: boolean;
  /** The qualifier as read ("over"), or null. */
  qualifier: string | null;
  /** The unit of the last digit given: 1,000 for "14.619 million", 1 for "297,276". Above 1 means rounded. */
  precision: number;
}

export interface RefusedFigure {
  ok: false;
  code: FigureRefusal;
  message: string;
}

export type FigureParse = ParsedFigure | RefusedFigure;

const SCALES: ReadonlyArray<[RegExp, number]> = [
  [/^(thousand|thousands|k|th)$/i, 1_000],
  [/^(million|millions|mio|mn|mln|m)$/i, 1_000_000],
  [/^(billion|billions|bn|b)$/i, 1_000_000_000],
];

/** Leading words that say the figure is rounded or bounded, as officials phrase it. */
const QUALIFIERS =
  /^(more than|less than|fewer than|at least|at most|up to|over|under|above|below|about|around|approximately|approx\.?|roughly|nearly|almost|some|circa|ca\.?|c\.|just over|just under|~|≈|>|<)\s*/i;

const refuse = (code: FigureRefusal, message: string): RefusedFigure => ({ ok: false, code, message });

/** Splits "14.619 million votes" into its number and scale; null scale when there is none. */
function splitScale(text: string): { number: string; scale: number | null; word: string | null } | RefusedFigure {
  const match = /^([0-9.,'\s]*[0-9])\s*([a-z]+\.?|[\u0600-\u06ff]+)?$/i.exec(text);
  if (!match) return refuse('not_a_number', `"${text}" is not a figure: write digits, e.g. 14619000 or 14.619 million`);
  const [, number, rawWord] = match;
  if (!rawWord) return { number: number!, scale: null, word: null };
  const word = rawWord.replace(/\.$/, '');
  const scale = SCALES.find(([re]) => re.test(word))?.[1] ?? persianScale(word);
  if (scale === undefined) return refuse('not_a_number', `"${rawWord}" is not a scale: use thousand (k, هزار), million (m, میلیون) or billion (bn, میلیارد)`);
  return { number: number!, scale, word };
}

/** Digits with thousands separators (",", ".", space or apostrophe) in groups of three, or null. */
function groupedInteger(text: string): string | null {
  const groups = text.split(/[,.'\s]/);
  if (groups.length === 1) return text;
  const separators = new Set(text.replace(/[0-9]/g, ''));
  if (separators.size !== 1) return null;
  const [head, ...rest] = groups;
  if (!head || head.length > 3 || !rest.every((g) => g.length === 3)) return null;
  return groups.join('');
}

/** A scaled number: "14.619", "23,5", "1.234,5", "14,619.5"; the last of two separator kinds is the decimal. */
function scaledParts(text: string, word: string): { whole: string; fraction: string } | RefusedFigure {
  const kinds = [...new Set(text.replace(/[0-9\s']/g, ''))];
  if (kinds.length === 0) return { whole: text.replace(/[\s']/g, ''), fraction: '' };
  if (kinds.length === 2) {
    const decimal = text.lastIndexOf('.') > text.lastIndexOf(',') ? '.' : ',';
    const at = text.lastIndexOf(decimal);
    const whole = groupedInteger(text.slice(0, at));
    if (whole === null || text.slice(at + 1).includes(decimal === '.' ? ',' : '.')) {
      return refuse('grouping', `"${text}" mixes separators in an unusual way: write it as 14.619 ${word}`);
    }
    return { whole, fraction: text.slice(at + 1) };
  }
  const sep = kinds[0]!;
  const parts = text.split(sep);
  if (parts.length > 2) {
    // "1,234,567 million" is a grouped whole number of millions.
    const whole = groupedInteger(text);
    return whole === null ? refuse('grouping', `"${text}": separators must split groups of three digits`) : { whole, fraction: '' };
  }
  const [whole, fraction] = parts as [string, string];
  if (sep === ',' && fraction.length === 3) {
    return refuse(
      'ambiguous',
      `"${text} ${word}" could be ${whole}${fraction} ${word} (English thousands) or ${whole}.${fraction} ${word} (decimal comma): write ${whole}${fraction} ${word} or ${whole}.${fraction} ${word}`,
    );
  }
  return { whole: whole.replace(/[\s']/g, ''), fraction };
}

function unscaled(number: string): { value: number; precision: number } | RefusedFigure {
  const kinds = [...new Set(number.replace(/[0-9]/g, ''))];
  const singleDot = kinds.length === 1 && kinds[0] === '.' && number.split('.').length === 2;
  if (singleDot && /\.\d{3}$/.test(number)) {
    const [a, b] = number.split('.');
    return refuse(
      'ambiguous',
      `"${number}" could be ${a}${b} (dot as thousands separator) or ${number} million with the scale left out: write ${a}${b}, ${a},${b} or ${number}m`,
    );
  }
  const digits = groupedInteger(number);
  if (digits !== null) return { value: Number(digits), precision: 1 };
  if (/^\d+[.,]\d{1,2}$|^\d+[.,]\d{4,}$/.test(number)) {
    return refuse('not_whole', `"${number}" is not a whole number of votes: add a scale (${number} million) or drop the decimals`);
  }
  return refuse('grouping', `"${number}": separators must split groups of three digits, as in 1,234,567`);
}

function scaled(number: string, scale: number, word: string): { value: number; precision: number } | RefusedFigure {
  const parts = scaledParts(number, word);
  if ('ok' in parts) return parts;
  const { whole, fraction } = parts;
  const digitsAfter = fraction.length;
  const unit = scale / 10 ** digitsAfter;
  if (!Number.isInteger(unit)) {
    return refuse('not_whole', `"${number} ${word}" has more decimals than a count has: ${number} × ${scale.toLocaleString('en-US')} is not a whole number`);
  }
  // Integer arithmetic on the digits, so 14.619 × 1e6 is exactly 14,619,000 (not 14618999.999...).
  const value = Number(whole || '0') * scale + Number(fraction || '0') * unit;
  return { value, precision: unit };
}

/** One part of a figure, with its scale word or none. */
function readPart(text: string): { value: number; precision: number; scale: number } | RefusedFigure {
  const split = splitScale(text);
  if ('ok' in split) return split;
  const read = split.scale === null ? unscaled(split.number.trim()) : scaled(split.number.trim(), split.scale, split.word!);
  return 'ok' in read ? read : { ...read, scale: split.scale ?? 1 };
}

/**
 * A figure read out in parts, "۲۴ میلیون و ۵۳۵ هزار و ۱۸۵": each part a smaller unit than the one
 * before and less than one of it, summed. The precision is the last part's.
 */
function compound(parts: string[]): { value: number; precision: number } | RefusedFigure {
  let value = 0;
  let precision = 1;
  let above = Number.POSITIVE_INFINITY;
  for (const part of parts) {
    const read = readPart(part);
    if ('ok' in read) return read;
    if (read.scale >= above || read.value >= above) {
      return refuse('not_a_number', `"${parts.join(' و ')}": each part must be a smaller unit than the one before, as in ۲۴ میلیون و ۵۳۵ هزار و ۱۸۵`);
    }
    value += read.value;
    precision = read.precision;
    above = read.scale;
  }
  return { value, precision };
}

/** Reads one figure; see the module comment for every form accepted and refused. */
export function parseFigure(input: string): FigureParse {
  let text = normalisePersian(input).replace(/[\u00a0\u202f\u2009]/g, ' ').trim().replace(/\s+/g, ' ');
  if (text === '') return refuse('empty', 'no figure given');
  let qualifier: string | null = null;
  const q = QUALIFIERS.exec(text) ?? PERSIAN_QUALIFIERS.exec(text);
  if (q) {
    qualifier = q[1]!.toLowerCase();
    text = text.slice(q[0].length);
  }
  // "40m+" or "40 million+": "more than", said after.
  if (/\+$/.test(text)) {
    qualifier ??= '+';
    text = text.slice(0, -1).trim();
  }
  text = text.replace(/\s+(votes?|ballots?)$/i, '').replace(PERSIAN_UNIT, '');
  if (/^[-−–]/.test(text)) return refuse('negative', 'a count cannot be negative');
  if (/%|\u066a|percent|per cent|درصد/i.test(text)) return refuse('percent', `"${input.trim()}" is a percentage; enter the number of votes`);
  if (/\d\s*(-|–|to|تا)\s*\d/i.test(text)) return refuse('not_a_number', `"${input.trim()}" is a range; enter one figure and mark it approximate`);
  const parts = compoundParts(text);
  const read = parts ? compound(parts) : readPart(text);
  if ('ok' in read) return read;
  if (!Number.isSafeInteger(read.value)) return refuse('too_large', `"${input.trim()}" is too large to be a count`);
  return { ok: true, value: read.value, approximate: qualifier !== null, qualifier, precision: read.precision };
}

/**
 * Whether a read figure should mark its bulletin approximate: a qualifier said so ("over 40 million"),
 * or it was given rounded ("14.6 million", precision above one vote). The console ticks its box and the
 * CLI sets `approximate` by this one rule, so both read the same words the same way.
 */
export function readsAsApproximate(figure: ParsedFigure): boolean {
  return figure.approximate || figure.precision > 1;
}
