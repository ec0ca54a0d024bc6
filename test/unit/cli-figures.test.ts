import { describe, expect, it } from 'vitest';
import { bulletinFromOptions } from '../../cli/commands/post.ts';
import { readFigure } from '../../cli/figure.ts';
import { CliError } from '../../cli/exit-codes.ts';

/** `tallyroom post` reads figures with the console's parser, and marks approximate by the console's rule. */
describe('CLI figures', () => {
  it.each([
    ['14.619 million', 14_619_000, true],
    ['14,619,000', 14_619_000, false],
    ['297,276', 297_276, false],
    ['23,5 million', 23_500_000, true],
    ['11m', 11_000_000, true],
    ['over 40 million', 40_000_000, true],
    ['1.234.567', 1_234_567, false],
    ['٢٩٧٢٧٦', 297_276, false],
  ])('reads %s as the console does', (text, value, approximate) => {
    expect(readFigure(text, '--counted')).toEqual({ value, approximate });
  });

  it.each([
    ['14.619', /--counted: .*14\.619m/],
    ['45 %', /--counted: .*percentage/],
    ['11-12 million', /--counted: .*range/],
    ['-5', /--counted: .*negative/],
  ])('refuses %s with what to write instead', (text, message) => {
    expect(() => readFigure(text, '--counted')).toThrow(CliError);
    expect(() => readFigure(text, '--counted')).toThrow(message);
  });

  it('sets approximate only when a figure reads approximate (or --approximate is given)', async () => {
    const exact = await bulletinFromOptions({ counted: '25,000,000', vote: ['rouhani=14,619,000', 'raisi=297,276'] });
    expect(exact).toEqual({ ballotsCounted: 25_000_000, votes: { rouhani: 14_619_000, raisi: 297_276 } });
    const rough = await bulletinFromOptions({ counted: '25,000,000', vote: ['rouhani=over 14 million'] });
    expect(rough).toMatchObject({ approximate: true, votes: { rouhani: 14_000_000 } });
    expect(await bulletinFromOptions({ counted: '1', vote: ['a=1'], approximate: true })).toMatchObject({ approximate: true });
  });
});
