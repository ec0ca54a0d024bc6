/**
 * Every word a page shows comes from a message catalog (ICU MessageFormat with plurals) through
 * @formatjs/intl, which also formats numbers and dates for the chosen locale. Catalogs come in parts:
 * the reader pages' words (client/common/messages/<language>.json) and the newsroom console's
 * (client/console/messages/<language>.json), so a reader on a phone loads neither the console's words
 * nor another language's: vite makes each file a chunk of its own.
 */
import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import type consoleEn from '../console/messages/en.json';
import type en from './messages/en.json';
import { chooseLocale, localName, type Language, type LocaleChoice, type LocaleInputs } from '../../shared/i18n/locale.ts';

/** A message id: the keys of the English catalogs, which every other language must have too. */
export type MessageKey = keyof typeof en | keyof typeof consoleEn;
/** Values a message interpolates: text, or numbers (formatted by `#` and plural rules in the locale). */
export type MessageValues = Record<string, string | number>;

/** The parts of the catalogs: every page's words, and the console's on top. */
export type CatalogPart = 'pages' | 'console';
type Loader = () => Promise<{ default: Record<string, string> }>;
const catalogs: Record<CatalogPart, Record<Language, Loader>> = {
  pages: { en: () => import('./messages/en.json'), fa: () => import('./messages/fa.json') },
  console: { en: () => import('../console/messages/en.json'), fa: () => import('../console/messages/fa.json') },
};

// One cache for every locale a page goes through: Intl formatters are costly to build.
const cache = createIntlCache();
let active: { intl: IntlShape; choice: LocaleChoice; parts: readonly CatalogPart[] } | null = null;

/**
 * Loads the catalogs for `choice` (the `parts` a page needs; a switch keeps the page's parts) and
 * makes it the page's language: the first call, or a switch.
 */
export async function useLocale(choice: LocaleChoice, parts: readonly CatalogPart[] = active?.parts ?? ['pages']): Promise<void> {
  const held = active;
  if (held && held.choice.locale === choice.locale && held.choice.language === choice.language && parts.every((p) => held.parts.includes(p))) return;
  const loaded = await Promise.all(parts.map((part) => catalogs[part][choice.language]()));
  const messages = Object.assign({}, ...loaded.map((m) => m.default)) as Record<string, string>;
  const intl = createIntl(
    {
      locale: choice.locale,
      messages,
      defaultLocale: 'en',
      // A missing or broken message is a bug the catalog test catches; on a page, show the id, never throw.
      onError: (error) => {
        if (typeof console !== 'undefined') console.warn(`[i18n] ${error.message}`);
      },
    },
    cache,
  );
  active = { intl, choice, parts };
}

/** Chooses the page's locale from the query, the browser and the election (shared/i18n/locale.ts) and loads it. */
export async function startI18n({ parts = ['pages'], ...inputs }: Omit<LocaleInputs, 'search' | 'browser'> & Partial<Pick<LocaleInputs, 'search' | 'browser'>> & { parts?: readonly CatalogPart[] } = {}): Promise<LocaleChoice> {
  const choice = chooseLocale({
    search: typeof location === 'undefined' ? '' : location.search,
    browser: typeof navigator === 'undefined' ? [] : navigator.languages,
    ...inputs,
  });
  await useLocale(choice, parts);
  return choice;
}

/**
 * Keeps the page's language on the election's `language` where that is what decides (no `?lang=` and,
 * for reader pages, none of the browser's languages offered): resolves true when it switched, after
 * the new catalog is loaded, so the caller re-renders in it. `search` is where `lang=` is read (a
 * graphic's playout system may set it); the same query and `language` are decided once.
 */
export function followElectionLanguage(order: LocaleInputs['order'] = 'reader-first', search: () => string = () => location.search) {
  let decided: string | null = null;
  return async (snapshot: { language?: string | undefined }): Promise<boolean> => {
    const key = `${search()} ${snapshot.language ?? ''}`;
    if (decided === key) return false;
    decided = key;
    const before = current().choice;
    const choice = chooseLocale({ search: search(), browser: navigator.languages, election: snapshot.language, order });
    if (choice.locale === before.locale && choice.language === before.language) return false;
    await useLocale(choice);
    return true;
  };
}

function current(): { intl: IntlShape; choice: LocaleChoice } {
  if (!active) throw new Error('i18n is not started: await startI18n() or useLocale() before rendering');
  return active;
}

/** The active formatter (numbers, dates, plurals) in the page's locale. */
export const intl = (): IntlShape => current().intl;

/** The page's language and locale. */
export const locale = (): LocaleChoice => current().choice;

/** A message from the active catalog, with its values interpolated (ICU plurals and selects). */
export function t(key: MessageKey, values?: MessageValues): string {
  return current().intl.formatMessage({ id: key }, values);
}

/** An election's or candidate's name in the page's language, when the definition gives one (`names`). */
export const nameFor = (thing: { name: string; names?: Readonly<Record<string, string>> | undefined }): string => localName(thing.name, thing.names, current().choice);

/**
 * Puts the language on the document (`lang`, `dir`: Persian lays out right to left) and replaces the
 * text of every element marked `data-i18n="<key>"`, so the static parts of a page speak it too.
 */
export function applyToDocument(doc: Document = document): void {
  const { choice } = current();
  const tag = new Intl.Locale(choice.locale);
  // `lang` names the words' language; a reader's own figures locale (English words, German digits) is not it.
  doc.documentElement.lang = tag.language === choice.language ? tag.baseName : choice.language;
  doc.documentElement.dir = choice.dir;
  for (const el of doc.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const text = t(el.dataset.i18n as MessageKey);
    if (el.textContent !== text) el.textContent = text;
  }
}
