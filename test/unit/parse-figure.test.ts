import { describe, expect, it } from 'vitest';
import { parseFigure, type FigureParse } from '../../shared/numbers/parse-figure.ts';

function value(input: string): number {
  const parsed = parseFigure(input);
  if (!parsed.ok) throw new Error(`"${input}" refused: ${parsed.message}`);
  return parsed.value;
}

function refusal(input: string): Extract<FigureParse, { ok: false }> {
  const parsed = parseFigure(input);
  if (parsed.ok) throw new Error(`"${input}" accepted as ${parsed.value}`);
  return parsed;
}

describe('parseFigure: the forms of the issue', () => {
  it.each([
    ['14.619 million', 14_619_000],
    ['14,619,000', 14_619_000],
    ['297,276', 297_276],
    ['23,5 million', 23_500_000],
    ['11m', 11_000_000],
    ['over 40 million', 40_000_000],
  ])('%s -> %d', (input, expected) => {
    expect(value(input)).toBe(expected);
  });

  it('marks qualified figures approximate, and says which qualifier', () => {
    expect(parseFigure('over 40 million')).toEqual({ ok: true, value: 40_000_000, approximate: true, qualifier: 'over', precision: 1_000_000 });
    expect(parseFigure('14.619 million')).toMatchObject({ approximate: false, qualifier: null, precision: 1_000 });
    expect(parseFigure('297,276')).toMatchObject({ approximate: false, precision: 1 });
  });
});

describe('parseFigure: other ways figures are written', () => {
  it.each([
    ['14619000', 14_619_000],
    ['  297276  ', 297_276],
    ['0', 0],
    ['14 619 000', 14_619_000],
    ['14\u202f619\u202f000', 14_619_000],
    ["14'619'000", 14_619_000],
    ['1.234.567', 1_234_567],
    ['14.619.000', 14_619_000],
    ['1,234,567 million', 1_234_567_000_000],
    ['14,619.5 million', 14_619_500_000],
    ['1.234,5 million', 1_234_500_000],
    ['14.619M', 14_619_000],
    ['14.619 mln', 14_619_000],
    ['11 Mio', 11_000_000],
    ['2.5bn', 2_500_000_000],
    ['139k', 139_000],
    ['139 thousand', 139_000],
    ['0.5 million', 500_000],
    ['40 millions votes', 40_000_000],
    ['297,276 votes', 297_276],
    ['۱۴٫۶۱۹ million', 14_619_000],
    ['۲۹۷٬۲۷۶', 297_276],
  ])('%s -> %d', (input, expected) => {
    expect(value(input)).toBe(expected);
  });

  it.each([
    ['around 15,8 million', 'around'],
    ['about 9 million', 'about'],
    ['more than 11 million', 'more than'],
    ['nearly 25m', 'nearly'],
    ['~25m', '~'],
    ['40m+', '+'],
    ['at least 1,000', 'at least'],
  ])('%s is approximate (%s)', (input, qualifier) => {
    expect(parseFigure(input)).toMatchObject({ ok: true, approximate: true, qualifier });
  });

  it('counts 14.619 million exactly, without floating-point dust', () => {
    expect(value('14.619 million')).toBe(14_619_000);
    expect(value('0.3 million')).toBe(300_000);
    expect(value('23,7 million')).toBe(23_700_000);
  });
});

describe('parseFigure: what it refuses, and why', () => {
  it('refuses "1.234" without a scale: thousands separator, or "1.234 million" with the word left out', () => {
    const r = refusal('1.234');
    expect(r.code).toBe('ambiguous');
    expect(r.message).toContain('1234');
    expect(r.message).toContain('1.234m');
    expect(refusal('14.619').code).toBe('ambiguous');
  });

  it('reads "1,234" as one thousand two hundred and thirty-four: a count has no decimals', () => {
    expect(value('1,234')).toBe(1234);
  });

  it('refuses "1,234 million": English thousands or a decimal comma', () => {
    const r = refusal('1,234 million');
    expect(r.code).toBe('ambiguous');
    expect(r.message).toContain('1234 million');
    expect(r.message).toContain('1.234 million');
  });

  it.each([
    ['23,5', 'not_whole'],
    ['14.6', 'not_whole'],
    ['1,2345', 'not_whole'],
    ['1.2345 k', 'not_whole'],
    ['14.6195678 million', 'not_whole'],
    ['', 'empty'],
    ['   ', 'empty'],
    ['-5', 'negative'],
    ['45%', 'percent'],
    ['45 percent', 'percent'],
    ['11-12 million', 'not_a_number'],
    ['11 to 12 million', 'not_a_number'],
    ['eleven million', 'not_a_number'],
    ['12 apples', 'not_a_number'],
    ['1e6', 'not_a_number'],
    ['1,23,456', 'grouping'],
    ['12,34', 'not_whole'],
    ['1,234.567.8', 'grouping'],
    ['99999999999 billion', 'too_large'],
  ])('refuses %j (%s)', (input, code) => {
    const r = refusal(input);
    expect(r.code).toBe(code);
    expect(r.message.length).toBeGreaterThan(10);
  });
});

describe('parseFigure: Persian, as Iranian bulletins are written and read out', () => {
  it.each([
    // Seed 000 as Persian coverage writes it: "۱۴٫۶۱۹ میلیون" for Rouhani, "۲۵ میلیون" counted.
    ['۱۴٫۶۱۹ میلیون', 14_619_000],
    ['۲۵ میلیون', 25_000_000],
    ['٢٥ مليون', 25_000_000],
    ['۱۴/۶۱۹ میلیون', 14_619_000],
    ['۲۹۷ هزار', 297_000],
    ['۱٫۵ میلیارد', 1_500_000_000],
    ['۲۹۷٬۲۷۶', 297_276],
    ['۱۴٫۶۱۹ میلیون رأی', 14_619_000],
    // Round 1 of 2024 as the Interior Ministry's spokesman read it out (e.g. ISNA, 29 June 2024).
    ['۲۴ میلیون و ۵۳۵ هزار و ۱۸۵', 24_535_185],
    ['۱۰ میلیون و ۴۱۵ هزار و ۹۹۱ رأی', 10_415_991],
    ['۲۰۶ هزار و ۳۹۷', 206_397],
  ])('%s -> %d', (input, expected) => {
    expect(value(input)).toBe(expected);
  });

  it('reads Persian qualifiers as approximate, and parts as exact to their last unit', () => {
    expect(parseFigure('بیش از ۴۰ میلیون')).toEqual({ ok: true, value: 40_000_000, approximate: true, qualifier: 'بیش از', precision: 1_000_000 });
    expect(parseFigure('حدود ۱۵٫۸ میلیون')).toMatchObject({ value: 15_800_000, approximate: true, qualifier: 'حدود', precision: 100_000 });
    expect(parseFigure('۱۴ میلیون و ۶۱۹ هزار')).toMatchObject({ value: 14_619_000, approximate: false, precision: 1_000 });
    expect(parseFigure('۲۴ میلیون و ۵۳۵ هزار و ۱۸۵')).toMatchObject({ precision: 1 });
  });

  it('refuses what cannot be a count, saying why', () => {
    expect(refusal('۴۵ درصد').code).toBe('percent');
    expect(refusal('۴۵٪').code).toBe('percent');
    expect(refusal('۱۱ تا ۱۲ میلیون').message).toMatch(/range/);
  });

  it('refuses parts out of order or too large for their place', () => {
    expect(refusal('۵۳۵ هزار و ۲۴ میلیون').message).toMatch(/smaller unit/);
    expect(refusal('۲۴ میلیون و ۱۲۰۰ هزار').message).toMatch(/smaller unit/);
    expect(refusal('۱۴ میلیاردها').code).toBe('not_a_number');
  });
});
