/** The toolkit's distributions against published values and their own inverses. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  betaCdf,
  betaQuantile,
  logGamma,
  logNormalCdf,
  normalCdf,
  normalQuantile,
  seededRandom,
} from '../../src/index.js';

describe('normal distribution', () => {
  it('matches table values of Φ', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-2.326348)).toBeCloseTo(0.01, 6);
    expect(normalCdf(3)).toBeCloseTo(0.998650102, 6);
  });

  it('inverts Φ across (0, 1)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true }), (p) => {
        expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
      }),
    );
  });

  it('keeps log Φ finite and accurate deep in the lower tail', () => {
    // Φ(-10) = 7.6198530241605e-24 (Abramowitz & Stegun 26.2).
    expect(logNormalCdf(-10)).toBeCloseTo(Math.log(7.6198530241605e-24), 4);
    expect(Number.isFinite(logNormalCdf(-40))).toBe(true);
    expect(logNormalCdf(-40)).toBeLessThan(logNormalCdf(-39));
  });
});

describe('beta distribution', () => {
  it('matches closed forms', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 10);
    // Beta(2, 3): CDF = 6x² − 8x³ + 3x⁴.
    expect(betaCdf(0.5, 2, 3)).toBeCloseTo(0.6875, 10);
    // Beta(1, 1) is uniform.
    expect(betaQuantile(0.3, 1, 1)).toBeCloseTo(0.3, 8);
  });

  it('inverts its CDF', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: 0.5, max: 60, noNaN: true }),
        fc.double({ min: 0.5, max: 60, noNaN: true }),
        (q, a, b) => {
          expect(betaCdf(betaQuantile(q, a, b), a, b)).toBeCloseTo(q, 6);
        },
      ),
    );
  });
});

describe('seeded random source', () => {
  it('repeats for a seed and draws a standard normal', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    expect([a.next(), a.next()]).toEqual([b.next(), b.next()]);
    const random = seededRandom(1);
    const draws = Array.from({ length: 20_000 }, () => random.normal());
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    const variance = draws.reduce((s, x) => s + (x - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(variance).toBeGreaterThan(0.95);
    expect(variance).toBeLessThan(1.05);
  });
});
