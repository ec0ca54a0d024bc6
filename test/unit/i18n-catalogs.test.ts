import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import en from '../../client/common/messages/en.json';
import fa from '../../client/common/messages/fa.json';
import { LANGUAGES } from '../../shared/i18n/locale.ts';
import consoleEn from '../../client/console/messages/en.json';
import consoleFa from '../../client/console/messages/fa.json';

/** Each language's words: the pages' and the console's parts together, as the console loads them. */
const catalogs: Record<string, Record<string, string>> = { en: { ...en, ...consoleEn }, fa: { ...fa, ...consoleFa } };
const english = catalogs.en!;

/** The arguments a message uses, and whether each plural has its `other` branch. */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time) into.add(el.value);
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      into.add(el.value);
      expect(Object.keys(el.options), `"${el.value}" needs an "other" branch`).toContain('other');
      for (const option of Object.values(el.options)) argumentsOf(option.value, into);
    }
  }
  return into;
}

describe('message catalogs', () => {
  it('has a catalog for every language the pages offer, in two parts that share no key', () => {
    expect(Object.keys(catalogs).sort()).toEqual([...LANGUAGES].sort());
    expect(Object.keys(en).filter((key) => key in consoleEn)).toEqual([]);
    // The reader pages never load the console's part: its keys are all the console's own.
    expect(Object.keys(consoleEn).every((key) => key.startsWith('console.'))).toBe(true);
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has every English key and no other, none of them empty', (language) => {
    const catalog = catalogs[language]!;
    expect(Object.keys(catalog).sort()).toEqual(Object.keys(english).sort());
    expect(Object.entries(catalog).filter(([, text]) => text.trim() === '')).toEqual([]);
  });

  it.each(LANGUAGES)('every %s message is valid ICU and uses exactly the English arguments', (language) => {
    const catalog = catalogs[language]!;
    for (const [key, text] of Object.entries(catalog)) {
      const used = [...argumentsOf(parse(text))].sort();
      expect(used, key).toEqual([...argumentsOf(parse(english[key]!))].sort());
    }
  });

  it('counts go through ICU plurals, not string concatenation', () => {
    const plural = (text: string) => parse(text).some((el) => el.type === TYPE.plural);
    for (const key of ['audience', 'margin.votes', 'counted.ballots', 'round.candidateLabel', 'round.changeTitle', 'console.warnings', 'console.wouldRefuse', 'console.wouldBeWarned']) {
      for (const language of LANGUAGES) expect(plural(catalogs[language]![key]!), `${language} ${key}`).toBe(true);
    }
  });
});
