import { describe, expect, it } from 'vitest';
import { betaCdf, betaQuantile, lnGamma } from './beta-lower-quantile.js';
import {
  checkTrackRecord,
  EMPTY_TRACK_RECORD,
  reputation,
  type TrackRecord,
} from './reputation.js';

function perfect(count: number): TrackRecord {
  return { ...EMPTY_TRACK_RECORD, accepted: count, confidenceSum: count };
}

describe('the Beta quantile', () => {
  it('matches closed forms', () => {
    expect(lnGamma(10)).toBeCloseTo(Math.log(362_880), 10);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
    // I_0.3(2, 5) = P(Binomial(6, 0.3) ≥ 2)
    expect(betaCdf(0.3, 2, 5)).toBeCloseTo(1 - 0.7 ** 6 - 6 * 0.3 * 0.7 ** 5, 10);
    // Beta(a, 1) has CDF x^a, so its q-quantile is q^(1/a).
    expect(betaQuantile(0.05, 3, 1)).toBeCloseTo(0.05 ** (1 / 3), 10);
    expect(betaQuantile(0.05, 1, 1)).toBeCloseTo(0.05, 10);
  });
});

describe('reputation', () => {
  it('is the 5 % quantile of the uniform prior for no history', () => {
    expect(reputation(EMPTY_TRACK_RECORD)).toBeCloseTo(0.05, 10);
  });

  it('ranks 2 perfect proofs below 200 perfect proofs', () => {
    expect(reputation(perfect(2))).toBeCloseTo(0.05 ** (1 / 3), 8);
    expect(reputation(perfect(200))).toBeGreaterThan(0.98);
    expect(reputation(perfect(2))).toBeLessThan(reputation(perfect(200)));
  });

  it('grows with confidence and falls with refusals', () => {
    const confident = reputation(perfect(100));
    const unsure = reputation({ ...perfect(100), confidenceSum: 70 });
    const refused = reputation({ ...perfect(100), refused: 20 });
    expect(unsure).toBeLessThan(confident);
    expect(refused).toBeLessThan(confident);
  });

  it('counts a lost dispute and an overturned proof as ten refusals each', () => {
    const base = perfect(200);
    expect(reputation({ ...base, disputesLost: 1 })).toBeCloseTo(
      reputation({ ...base, refused: 10 }),
      12,
    );
    expect(reputation({ ...base, overturned: 1 })).toBeCloseTo(
      reputation({ ...base, refused: 10 }),
      12,
    );
    expect(reputation({ ...base, overturned: 1 })).toBeLessThan(
      reputation({ ...base, refused: 1 }),
    );
  });

  it('stays within [0, 1] and is deterministic at the extremes', () => {
    for (const record of [perfect(1_000_000), { ...EMPTY_TRACK_RECORD, refused: 1_000_000 }]) {
      const value = reputation(record);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
      expect(reputation(record)).toBe(value);
    }
  });

  it.each([
    ['a negative count', { ...EMPTY_TRACK_RECORD, refused: -1 }],
    ['a fractional count', { ...EMPTY_TRACK_RECORD, accepted: 1.5, confidenceSum: 1 }],
    ['a confidence sum above accepted', { ...EMPTY_TRACK_RECORD, accepted: 1, confidenceSum: 1.5 }],
    ['a NaN confidence sum', { ...EMPTY_TRACK_RECORD, accepted: 1, confidenceSum: Number.NaN }],
  ])('refuses %s: track_record_invalid', (_name, record) => {
    const checked = checkTrackRecord(record);
    expect(checked.ok ? undefined : checked.error.code).toBe('track_record_invalid');
    expect(() => reputation(record)).toThrow(/track_record_invalid/);
  });
});
