/**
 * How much of a count is done, in words every page shows the same way. Honest at both ends: a count
 * is "100 %" only once a final bulletin says so (until then at most "> 99 %", since expected totals
 * are estimates), and a small but real count is "< 1 %", never "0 %". Whole points, rounded down.
 */

const formatters = new Map<string, Intl.NumberFormat>();

function percentFormat(locales: string | readonly string[] | undefined): Intl.NumberFormat {
  const key = JSON.stringify(locales ?? null);
  let format = formatters.get(key);
  if (!format) {
    // Intl objects are costly to build and pages format on every update: one per locale list.
    format = new Intl.NumberFormat(locales as string[] | undefined, { style: 'percent', maximumFractionDigits: 0 });
    formatters.set(key, format);
  }
  return format;
}

/** The words around a bound percentage, in the page's language ("> 99%", "بیش از ۹۹٪"). */
export interface ProgressWords {
  over: (percent: string) => string;
  under: (percent: string) => string;
}

const SYMBOLS: ProgressWords = { over: (p) => `> ${p}`, under: (p) => `< ${p}` };

/**
 * `percentCounted` (0-100, or null when the expected total is unknown) in words: "62%", "> 99%",
 * "< 1%", "100%" (final only), "0%" (nothing counted). Null when the percentage is unknown and the
 * round is not final, so the page says what it knows instead (the ballots counted).
 */
export function formatProgress(percentCounted: number | null, final: boolean, locales?: string | readonly string[], words: ProgressWords = SYMBOLS): string | null {
  const format = percentFormat(locales);
  if (final) return format.format(1);
  if (percentCounted === null) return null;
  if (percentCounted >= 99) return words.over(format.format(0.99));
  if (percentCounted <= 0) return format.format(0);
  if (percentCounted < 1) return words.under(format.format(0.01));
  return format.format(Math.floor(percentCounted) / 100);
}
