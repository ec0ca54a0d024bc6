import { describe, expect, it } from 'vitest';
import { formatProgress } from '../../shared/format/progress.ts';

describe('formatProgress', () => {
  it('rounds down to whole points', () => {
    expect(formatProgress(62.5, false, 'en-US')).toBe('62%');
    expect(formatProgress(1, false, 'en-US')).toBe('1%');
  });
  it('never says 100 % before a final bulletin', () => {
    expect(formatProgress(100, false, 'en-US')).toBe('> 99%');
    expect(formatProgress(99.2, false, 'en-US')).toBe('> 99%');
    expect(formatProgress(98.99, false, 'en-US')).toBe('98%');
    expect(formatProgress(100, true, 'en-US')).toBe('100%');
    expect(formatProgress(null, true, 'en-US')).toBe('100%');
  });
  it('says "< 1 %" for a tiny count and "0 %" for none', () => {
    expect(formatProgress(0.001, false, 'en-US')).toBe('< 1%');
    expect(formatProgress(0, false, 'en-US')).toBe('0%');
  });
  it('is null when the expected total is unknown', () => {
    expect(formatProgress(null, false, 'en-US')).toBeNull();
  });
  it("follows the reader's locale", () => {
    // German puts a no-break space before the sign.
    expect(formatProgress(62.5, false, 'de-DE')).toBe('62\u00a0%');
    expect(formatProgress(99.5, false, 'de-DE')).toBe('> 99\u00a0%');
  });
});
