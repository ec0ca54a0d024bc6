import { beforeAll, describe, expect, it } from 'vitest';
import { useLocale } from '../../client/common/i18n.ts';
import { audienceText, isRehearsal, markedTitle, testMark } from '../../client/common/rehearsal.ts';

beforeAll(() => useLocale({ language: 'en', locale: 'en-US', dir: 'ltr', source: 'query' }));

describe('rehearsal marker and audience words', () => {
  it('marks titles only while rehearsing', () => {
    expect(isRehearsal({ mode: 'test' })).toBe(true);
    expect(isRehearsal({ mode: 'live' })).toBe(false);
    expect(markedTitle({ mode: 'test' }, 'Iran 2017')).toBe('TEST · Iran 2017');
    expect(markedTitle({ mode: 'live' }, 'Iran 2017')).toBe('Iran 2017');
    expect(testMark()).toBe('TEST');
  });

  it('says how many watch, with the digits grouped for the locale', () => {
    expect(audienceText(1)).toBe('1 watching');
    // The pages format for the page's locale; here, en-US.
    expect(audienceText(12_345)).toBe('12,345 watching');
    expect(audienceText(12_345)).not.toBe('12345 watching');
  });
});
