import { beforeAll, describe, expect, it } from 'vitest';
import { electionHeadline } from '../../client/common/headline.ts';
import { formatTime } from '../../client/common/format.ts';
import { t, useLocale } from '../../client/common/i18n.ts';
import { chooseLocale, localName, supportedLocale } from '../../shared/i18n/locale.ts';
import { audienceText } from '../../client/common/rehearsal.ts';
import { ElectionDefinitionSchema } from '../../shared/schemas/election.schema.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { iran2017Fa, iran2024Fa } from '../fixtures/persian.ts';
import { round1Final2024, seed000, seed001 } from '../fixtures/seeds.ts';
import { play } from '../helpers/night.ts';

describe('choosing the page language', () => {
  it('takes ?lang= first, then the browser, then the election, then English', () => {
    expect(chooseLocale({ search: '?lang=fa', browser: ['en-US'], election: 'en' })).toEqual({ language: 'fa', locale: 'fa-IR', dir: 'rtl', source: 'query' });
    expect(chooseLocale({ search: '', browser: ['de-DE', 'fa'], election: 'en' })).toMatchObject({ language: 'fa', source: 'browser' });
    expect(chooseLocale({ search: '', browser: ['de-DE'], election: 'fa' })).toMatchObject({ language: 'fa', locale: 'fa-IR', source: 'election' });
    expect(chooseLocale({ search: '?lang=xx-nonsense!', browser: [], election: undefined })).toEqual({ language: 'en', locale: 'en', dir: 'ltr', source: 'default' });
  });

  it('lets the election come before the browser on air', () => {
    expect(chooseLocale({ browser: ['en-US'], election: 'fa', order: 'election-first' })).toMatchObject({ language: 'fa', source: 'election' });
    expect(chooseLocale({ browser: ['en-US'], election: 'fa', order: 'reader-first' })).toMatchObject({ language: 'en', locale: 'en-US', source: 'browser' });
  });

  it('writes Persian as in Iran unless asked otherwise, Latin digits with -u-nu-latn', () => {
    expect(supportedLocale('fa')).toEqual({ language: 'fa', locale: 'fa-IR' });
    expect(supportedLocale('fa-u-nu-latn')).toEqual({ language: 'fa', locale: 'fa-IR-u-nu-latn' });
    expect(supportedLocale('fa-AF')).toEqual({ language: 'fa', locale: 'fa-AF' });
    expect(supportedLocale('en-GB')).toEqual({ language: 'en', locale: 'en-GB' });
    expect(supportedLocale('de')).toBeNull();
  });

  it("keeps a reader's own figures when the words fall back to English", () => {
    expect(chooseLocale({ browser: ['de-DE'] })).toEqual({ language: 'en', locale: 'de-DE', dir: 'ltr', source: 'default' });
  });

  it('picks the name for the page language: exact tag, then language, then the default name', () => {
    const names = { fa: 'حسن روحانی', 'en-GB': 'Hassan Rowhani' };
    expect(localName('Hassan Rouhani', names, { language: 'fa', locale: 'fa-IR-u-nu-latn' })).toBe('حسن روحانی');
    expect(localName('Hassan Rouhani', names, { language: 'en', locale: 'en-GB' })).toBe('Hassan Rowhani');
    expect(localName('Hassan Rouhani', names, { language: 'en', locale: 'en-US' })).toBe('Hassan Rouhani');
    expect(localName('Hassan Rouhani', undefined, { language: 'fa', locale: 'fa-IR' })).toBe('Hassan Rouhani');
  });
});

describe('the definition says its language and names', () => {
  it('accepts BCP 47 tags and names in several scripts, refuses anything else with the path', () => {
    expect(ElectionDefinitionSchema.safeParse(iran2017Fa).success).toBe(true);
    const bad = ElectionDefinitionSchema.safeParse({ ...iran2017Fa, language: 'farsi please' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['language']);
    const badName = ElectionDefinitionSchema.safeParse({ ...iran2017Fa, candidates: [{ ...iran2017Fa.candidates[0]!, names: { fa: '' } }, iran2017Fa.candidates[1]] });
    expect(badName.error?.issues.map((i) => i.path.join('.'))).toEqual(['candidates.0.names.fa']);
  });

  it('carries them in the snapshot', () => {
    const s = buildSnapshot(play(iran2017Fa));
    expect(s).toMatchObject({ language: 'fa', names: { fa: 'انتخابات ریاست‌جمهوری ایران ۱۳۹۶' } });
    expect(s.candidates[0]!.names).toEqual({ fa: 'حسن روحانی' });
  });
});

describe('Persian pages (terms as in Iranian coverage: شمارش, آرا, دور دوم, پیشتاز)', () => {
  beforeAll(() => useLocale({ language: 'fa', locale: 'fa-IR', dir: 'rtl', source: 'query' }));

  it('seed 000 in Persian words and digits: "با شمارش ۶۲٪ آرا، حسن روحانی با ۴٫۵ میلیون رأی اختلاف پیشتاز است"', () => {
    const s = buildSnapshot(play(iran2017Fa, seed000));
    expect(electionHeadline(s).text).toBe('با شمارش ۶۲٪ آرا، حسن روحانی با ۴٫۵ میلیون رأی اختلاف پیشتاز است');
  });

  it('seed 001: the runoff pair, then the runoff count in ballots', () => {
    expect(electionHeadline(buildSnapshot(play(iran2024Fa, round1Final2024))).text).toBe('دور دوم: مسعود پزشکیان و سعید جلیلی');
    expect(electionHeadline(buildSnapshot(play(iran2024Fa, round1Final2024, seed001))).text).toBe('با شمارش ۲۰٬۰۰۰٬۰۰۰ رأی، مسعود پزشکیان با ۲ میلیون رأی اختلاف پیشتاز است');
  });

  it('counts audiences with Persian digits and dates in the Solar Hijri calendar', () => {
    expect(audienceText(12_345)).toBe('۱۲٬۳۴۵ نفر در حال تماشا');
    // 20 May 2017 is 30 Ordibehesht 1396 (noon UTC: the same day in any zone the tests run in).
    expect(formatTime('2017-05-20T12:00:00Z', new Date('2024-01-01T00:00:00Z'))).toMatch(/^۳۰ اردیبهشت، [۰-۹]{2}:[۰-۹]{2}$/);
  });

  it('writes Latin digits when asked (fa-u-nu-latn), still in Persian words', async () => {
    await useLocale({ language: 'fa', locale: 'fa-IR-u-nu-latn', dir: 'rtl', source: 'query' });
    expect(audienceText(12_345)).toBe('12,345 نفر در حال تماشا');
    expect(t('progress.over', { percent: '99%' })).toBe('بیش از 99%');
  });
});
