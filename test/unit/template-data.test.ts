import { beforeAll, describe, expect, it } from 'vitest';
import { useLocale } from '../../client/common/i18n.ts';
import { parseGraphicsParams } from '../../client/graphics/params.ts';
import { parseTemplateData } from '../../client/graphics/template-data.ts';
import { graphicsView, pageCount } from '../../client/graphics/view-model.ts';
import { buildSnapshot } from '../../shared/tally/snapshot.ts';
import { iran2017, seed000 } from '../fixtures/seeds.ts';
import { play } from '../helpers/night.ts';

beforeAll(() => useLocale({ language: 'en', locale: 'en-US', dir: 'ltr', source: 'query' }));

describe('template data from a playout system', () => {
  it('reads SPX-GC JSON (every field a string) and OGraf objects the same way', () => {
    const spx = '{"election":"iran-2017","layout":"lower-third","round":"2","candidates":"raisi, rouhani","max":"2","lang":"fa"}';
    const expected = { election: 'iran-2017', layout: 'lower-third', round: 2, candidates: ['raisi', 'rouhani'], max: 2, lang: 'fa' };
    expect(parseTemplateData(spx)).toEqual(expected);
    expect(parseTemplateData({ ...expected, candidates: ['raisi', 'rouhani'] })).toEqual(expected);
  });

  it('reads empty fields as "the default" and leaves out what it cannot read, so a typo never blanks the output', () => {
    expect(parseTemplateData({ round: '', candidates: '', lang: '' })).toEqual({ round: null, candidates: null, lang: null });
    expect(parseTemplateData({ election: 'Not An Id!', layout: 'pie', round: 'two', max: '0' })).toEqual({});
    expect(parseTemplateData({ max: 99 })).toEqual({ max: 20 });
    expect(parseTemplateData('')).toEqual({});
    expect(() => parseTemplateData('{not json')).toThrow();
    expect(() => parseTemplateData('[1,2]')).toThrow(/object of fields/);
  });
});

describe('pages of candidates (next() and OGraf steps)', () => {
  it('splits the candidates into pages of max, the last one shorter', () => {
    const s = buildSnapshot(play(iran2017, seed000));
    const params = { ...parseGraphicsParams(''), max: 3 };
    expect(pageCount(s, params)).toBe(2);
    expect(graphicsView(s, params, 0)!.candidates.map((c) => c.id)).toEqual(['rouhani', 'raisi', 'mirsalim']);
    expect(graphicsView(s, params, 1)!.candidates.map((c) => c.id)).toEqual(['hashemi-taba']);
    // A page past the last shows the last, never nothing.
    expect(graphicsView(s, params, 5)!.candidates.map((c) => c.id)).toEqual(['hashemi-taba']);
    expect(pageCount(s, { ...params, candidates: ['raisi'] })).toBe(1);
  });
});
