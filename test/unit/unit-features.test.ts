import { describe, expect, it } from 'vitest';
import { ElectionDefinitionSchema } from '../../shared/schemas/election.schema.ts';
import { MAX_FEATURES } from '../../shared/schemas/units.schema.ts';
import { provinces } from '../fixtures/units.ts';

const withFeatures = (features: unknown) => ElectionDefinitionSchema.safeParse({ ...provinces, units: [{ ...provinces.units![0]!, features }, ...provinces.units!.slice(1)] });

describe('unit features (covariates)', () => {
  it('are accepted as numbers by name', () => {
    const parsed = withFeatures({ bachelors: 21.4, income: 52.3, density: -0.2 });
    expect(parsed.success).toBe(true);
    expect(parsed.data?.units?.[0]?.features).toEqual({ bachelors: 21.4, income: 52.3, density: -0.2 });
  });

  it('refuse a bad name, a value that is not a finite number, and too many, naming the field', () => {
    expect(withFeatures({ 'Bad-Name': 1 }).error?.issues[0]?.path).toEqual(['units', 0, 'features', 'Bad-Name']);
    expect(withFeatures({ age: '12' }).error?.issues[0]?.path).toEqual(['units', 0, 'features', 'age']);
    expect(withFeatures({ age: Number.POSITIVE_INFINITY }).success).toBe(false);
    const many = Object.fromEntries(Array.from({ length: MAX_FEATURES + 1 }, (_, i) => [`f${i}`, i]));
    expect(withFeatures(many).error?.issues[0]).toMatchObject({ path: ['units', 0, 'features'], message: `at most ${MAX_FEATURES} features` });
  });
});
