import { describe, expect, it } from 'vitest';
import { audienceText, isRehearsal, markedTitle, TEST_MARK } from '../../client/common/rehearsal.ts';

describe('rehearsal marker and audience words', () => {
  it('marks titles only while rehearsing', () => {
    expect(isRehearsal({ mode: 'test' })).toBe(true);
    expect(isRehearsal({ mode: 'live' })).toBe(false);
    expect(markedTitle({ mode: 'test' }, 'Iran 2017')).toBe(`${TEST_MARK} · Iran 2017`);
    expect(markedTitle({ mode: 'live' }, 'Iran 2017')).toBe('Iran 2017');
    expect(TEST_MARK).toBe('TEST');
  });

  it('says how many watch, with the digits grouped for the locale', () => {
    expect(audienceText(1)).toBe('1 watching');
    // The pages format for the reader's locale; here, the process's default one.
    expect(audienceText(12_345)).toBe(`${new Intl.NumberFormat().format(12_345)} watching`);
    expect(audienceText(12_345)).not.toBe('12345 watching');
  });
});
