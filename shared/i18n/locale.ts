/**
 * Which language a page (or a broadcast feed) speaks and how it writes numbers and dates, decided once from what the
 * reader and the newsroom asked for. Pure: the pages pass in `location.search`, `navigator.languages`
 * and the election's `language`, so the rule is unit-tested without a browser.
 */

/** The languages with a message catalog (client/common/messages/<language>.json). */
export const LANGUAGES = ['en', 'fa'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Where the choice came from, in the order a page asks. */
export type LocaleSource = 'query' | 'browser' | 'election' | 'default';

export interface LocaleChoice {
  /** The catalog the words come from. */
  language: Language;
  /** The BCP 47 tag numbers, dates and plurals are formatted with (`fa-IR`, `fa-IR-u-nu-latn`, `en-GB`). */
  locale: string;
  dir: 'ltr' | 'rtl';
  source: LocaleSource;
}

export interface LocaleInputs {
  /** The page's query string; `?lang=fa`, `?lang=fa-u-nu-latn` (Persian with Latin digits), `?lang=en-GB`. */
  search?: string;
  /** The reader's languages, most wanted first (`navigator.languages`). */
  browser?: readonly string[];
  /** The election's `language` (a BCP 47 tag), once its snapshot is known. */
  election?: string | undefined;
  /**
   * Which of the browser's and the election's languages wins. Reader pages ask the reader first; on-air
   * graphics ask the election first, since the machine that renders them is not the audience.
   */
  order?: 'reader-first' | 'election-first';
}

const RTL: ReadonlySet<string> = new Set(['fa']);
/** Where a bare language tag gets its regional conventions: Persian as written in Iran (Persian digits, Solar Hijri). */
const DEFAULT_REGION: Partial<Record<Language, string>> = { fa: 'IR' };

/** A tag we have a catalog for, normalised (`fa` -> `fa-IR`, extensions kept), or null. */
export function supportedLocale(tag: string | null | undefined): { language: Language; locale: string } | null {
  if (!tag) return null;
  let parsed: Intl.Locale;
  try {
    parsed = new Intl.Locale(tag.trim());
  } catch {
    return null;
  }
  const language = LANGUAGES.find((l) => l === parsed.language);
  if (!language) return null;
  const region = parsed.region ?? DEFAULT_REGION[language];
  const locale = region && !parsed.region ? new Intl.Locale(parsed.baseName, { region, numberingSystem: parsed.numberingSystem, calendar: parsed.calendar }) : parsed;
  return { language, locale: locale.toString() };
}

/**
 * The page's language: `?lang=` first, then the reader's languages and the election's (in `order`),
 * then English. Figures follow the words, except in the last case: a reader whose languages we have
 * no catalog for reads the words in English but the figures in their own locale (a German reader sees
 * 10.415.991), since digits and separators need no translation.
 */
export function chooseLocale({ search = '', browser = [], election, order = 'reader-first' }: LocaleInputs): LocaleChoice {
  const query = new URLSearchParams(search).get('lang');
  const fromBrowser = (): { language: Language; locale: string } | null => {
    for (const tag of browser) {
      const hit = supportedLocale(tag);
      if (hit) return hit;
    }
    return null;
  };
  type Step = [LocaleSource, () => { language: Language; locale: string } | null];
  const reader: Step = ['browser', fromBrowser];
  const newsroom: Step = ['election', () => supportedLocale(election)];
  const steps: Step[] = [['query', () => supportedLocale(query)], ...(order === 'reader-first' ? [reader, newsroom] : [newsroom, reader])];
  for (const [source, pick] of steps) {
    const hit = pick();
    if (hit) return { ...hit, dir: RTL.has(hit.language) ? 'rtl' : 'ltr', source };
  }
  const own = browser[0] && isValidTag(browser[0]) ? browser[0] : 'en';
  return { language: 'en', locale: own, dir: 'ltr', source: 'default' };
}

function isValidTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

/**
 * The name to show for a language: a `names` entry for the page's exact tag, else for its language
 * (`fa` for `fa-IR`), else the default `name`.
 */
export function localName(name: string, names: Readonly<Record<string, string>> | undefined, choice: Pick<LocaleChoice, 'language' | 'locale'>): string {
  if (!names) return name;
  return names[choice.locale] ?? names[new Intl.Locale(choice.locale).baseName] ?? names[choice.language] ?? name;
}
