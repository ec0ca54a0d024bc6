/**
 * How every figure is written, in one place: the pages format with these options through
 * @formatjs/intl (client/common/format.ts), the broadcast feeds with `Intl.NumberFormat` directly
 * (shared/feeds/feed-rows.ts), so a vMix title and the ticker say "۱۴٬۶۱۹٬۰۰۰" and "۵۸٫۵٪" alike.
 */

/** A count of votes or ballots: whole, grouped. */
export const COUNT_FORMAT = { maximumFractionDigits: 0 } as const satisfies Intl.NumberFormatOptions;

/** A change in a count, with its sign ("+8,881,000", "-120"; zero is "0"). */
export const CHANGE_FORMAT = { ...COUNT_FORMAT, signDisplay: 'exceptZero' } as const satisfies Intl.NumberFormatOptions;

/** A share as a percentage with one decimal, of a fraction (0.625 -> "62.5%"). */
export const PERCENT_FORMAT = { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 } as const satisfies Intl.NumberFormatOptions;

/** The writers of one locale. */
export interface FigureWriters {
  count(n: number): string;
  change(n: number): string;
  /** A percentage given as 0-100. */
  percent(p: number): string;
}

const writers = new Map<string, FigureWriters>();

/** The figure writers of `locale` (a BCP 47 tag), built once: Intl formatters are costly and feeds format on every poll. */
export function figureWriters(locale: string): FigureWriters {
  let held = writers.get(locale);
  if (!held) {
    const count = new Intl.NumberFormat(locale, COUNT_FORMAT);
    const change = new Intl.NumberFormat(locale, CHANGE_FORMAT);
    const percent = new Intl.NumberFormat(locale, PERCENT_FORMAT);
    held = { count: (n) => count.format(n), change: (n) => change.format(n), percent: (p) => percent.format(p / 100) };
    // A handful of locales a night; the bound only guards against a client inventing tags.
    if (writers.size >= 64) writers.clear();
    writers.set(locale, held);
  }
  return held;
}
