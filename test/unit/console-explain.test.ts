import { beforeAll, describe, expect, it } from 'vitest';
import { useLocale } from '../../client/common/i18n.ts';
import { explainError } from '../../client/console/explain.ts';
import type { ErrorCode } from '../../shared/codes/error-codes.ts';

/** Every refusal a publish can meet is explained in the newsroom's words, not the server's message. */
describe('the console explains refusals', () => {
  beforeAll(() => useLocale({ language: 'en', locale: 'en-US', dir: 'ltr', source: 'query' }, ['pages', 'console']));
  const publishRefusals: ErrorCode[] = [
    'validation_failed', 'unauthorized', 'not_found', 'unknown_candidate', 'inconsistent_figures', 'round_not_open',
    'not_in_runoff', 'counts_backwards', 'stale_bulletin', 'round_final', 'round_closed', 'id_conflict', 'rate_limited',
    'store_unavailable', 'internal_error',
  ];

  it.each(publishRefusals)('%s in words', (code) => {
    const message = `server message for ${code}`;
    const words = explainError({ code, message });
    expect(words).not.toBe(message);
    expect(words).toMatch(/^[A-Z].*\.$/);
  });

  it('says what to do about stale and backwards bulletins, and that resending is safe when nothing was stored', () => {
    expect(explainError({ code: 'stale_bulletin', message: '' })).toMatch(/issued before the latest .* Tick “Correction”/);
    expect(explainError({ code: 'counts_backwards', message: '' })).toMatch(/lower than the one already published/);
    expect(explainError({ code: 'store_unavailable', message: '' })).toMatch(/Nothing was stored.*safe/);
  });

  it('says it in Persian on a Persian console', async () => {
    await useLocale({ language: 'fa', locale: 'fa-IR', dir: 'rtl', source: 'query' });
    expect(explainError({ code: 'counts_backwards', message: '' })).toMatch(/^یکی از ارقام از رقم منتشرشدهٔ قبلی کمتر است/);
    await useLocale({ language: 'en', locale: 'en-US', dir: 'ltr', source: 'query' });
  });

  it("falls back to the server's message for a code it has no words for", () => {
    expect(explainError({ code: 'some_future_code' as ErrorCode, message: 'what the server said' })).toBe('what the server said');
  });
});
