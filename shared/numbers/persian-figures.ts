/**
 * Figures as Iranian bulletins and newsrooms write them: Persian or Arabic-Indic digits, "٫" or "/"
 * for the decimal point, the scale as a word (هزار thousand, میلیون million, میلیارد billion) and
 * compound readings joined by "و" ("۲۴ میلیون و ۵۳۵ هزار و ۱۸۵ رأی", as the Interior Ministry reads
 * totals out). Pure; parse-figure.ts reads what this leaves in its own terms.
 */

/** Persian scale words (and the Arabic-letter spellings a keyboard may produce) and what they multiply by. */
export const PERSIAN_SCALES: ReadonlyArray<[RegExp, number]> = [
  [/^هزار$/, 1_000],
  [/^م(ی)?لیون$/, 1_000_000],
  [/^م(ی)?لیارد$/, 1_000_000_000],
];

/** Words before a figure that say it is rounded or bounded, in Persian: "بیش از ۴۰ میلیون". */
export const PERSIAN_QUALIFIERS = /^(بیش از|بیشتر از|کمتر از|بالغ بر|حدود|حدوداً|حدودا|نزدیک به|تقریباً|تقریبا|دست‌کم|دست کم|حداقل|حداکثر)\s*/;

/** A trailing "votes" or "ballots" word: رأی, رای, آرا, برگ. */
export const PERSIAN_UNIT = /\s+(رأی|رای|آراء|آرا|برگ رأی|برگ)$/;

/** Persian and Arabic-Indic digits and separators as ASCII, Arabic letter forms as Persian ones. */
export function normalisePersian(text: string): string {
  return text
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/\u066b/g, '.')
    .replace(/\u066c/g, ',')
    .replace(/ي/g, 'ی')
    .replace(/ك/g, 'ک')
    .replace(/\u200c/g, ' ')
    // "۱۴/۶ میلیون": a slash between digits is how a decimal point is often typed in Iran.
    .replace(/(\d)\/(\d)/g, '$1.$2');
}

/** The scale of a Persian word, or undefined. */
export const persianScale = (word: string): number | undefined => PERSIAN_SCALES.find(([re]) => re.test(word))?.[1];

/**
 * "۱۴ میلیون و ۶۱۹ هزار و ۲۷۶" as its parts ["14 میلیون", "619 هزار", "276"], when the text is such a
 * compound (two parts or more, joined by "و"); null otherwise.
 */
export function compoundParts(text: string): string[] | null {
  const parts = text.split(/\s+و\s+/);
  return parts.length > 1 ? parts.map((p) => p.trim()) : null;
}
