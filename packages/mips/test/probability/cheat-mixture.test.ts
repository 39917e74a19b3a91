/** Checks against a mixture of cheating models add up to the exact posterior log-odds. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  densityMixtureStep,
  logSumExp,
  mixtureModel,
  normalModel,
  passFailModel,
  sequentialMixtureChecks,
} from '../../src/index.js';

describe('densityMixtureStep', () => {
  it('raises the odds only by the share of the cheats a passing check rules out', () => {
    const first = densityMixtureStep({
      name: 'x',
      value: 1,
      honest: passFailModel(1),
      models: { a: passFailModel(0) },
      weights: { a: 0.5, b: 0.5 },
    });
    expect(first.check.logLikelihoodRatio).toBeCloseTo(Math.log(2), 9);
    expect(first.weights.a).toBeCloseTo(0, 10);
    expect(first.weights.b).toBeCloseTo(1, 10);
    const second = densityMixtureStep({
      name: 'y',
      value: 1,
      honest: passFailModel(1),
      models: { a: passFailModel(0) },
      weights: first.weights,
    });
    expect(second.check.logLikelihoodRatio).toBeCloseTo(0, 9);
  });
});

describe('sequentialMixtureChecks', () => {
  it('sums to log P(all | honest) − log Σ w_m P(all | m) for independent observations', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            honest: fc.double({ min: -8, max: 0, noNaN: true }),
            a: fc.double({ min: -8, max: 0, noNaN: true }),
            b: fc.double({ min: -8, max: 0, noNaN: true }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        (rows, share) => {
          const features = rows.map((row, index) => ({
            name: `f${index}`,
            value: index,
            honest: row.honest,
            cheats: { a: row.a, b: row.b },
          }));
          const checks = sequentialMixtureChecks(features, { a: share, b: 1 - share });
          const sum = checks.reduce((total, check) => total + check.logLikelihoodRatio, 0);
          const honest = rows.reduce((total, row) => total + row.honest, 0);
          const a = rows.reduce((total, row) => total + row.a, 0);
          const b = rows.reduce((total, row) => total + row.b, 0);
          const exact = honest - logSumExp([Math.log(share) + a, Math.log(1 - share) + b]);
          expect(sum).toBeCloseTo(exact, 9);
        },
      ),
    );
  });

  it('lets a model a check cannot see behave as honest for that check', () => {
    const [check] = sequentialMixtureChecks(
      [{ name: 'only-a', value: 0, honest: Math.log(0.9), cheats: { a: Math.log(0.1) } }],
      { a: 0.5, b: 0.5 },
    );
    const exact = Math.log(0.9) - Math.log(0.5 * 0.1 + 0.5 * 0.9);
    expect(check?.logLikelihoodRatio).toBeCloseTo(exact, 12);
    expect(check?.note).toMatch(/cheating mixture \(a 0\.50, b 0\.50\)/);
  });
});

describe('mixtureModel and passFailModel', () => {
  it('is the weighted sum of its components in log space, finite far in a tail', () => {
    const density = mixtureModel([
      [1, normalModel(0, 1)],
      [3, normalModel(5, 1)],
    ]);
    const expected = 0.25 * Math.exp(normalModel(0, 1)(1)) + 0.75 * Math.exp(normalModel(5, 1)(1));
    expect(density(1)).toBeCloseTo(Math.log(expected), 10);
    expect(density(1e4)).toBeCloseTo(Math.log(0.75) + normalModel(5, 1)(1e4), 6);
    expect(passFailModel(0.1)(1)).toBeCloseTo(Math.log(0.1), 12);
    expect(passFailModel(0.1)(0)).toBeCloseTo(Math.log(0.9), 12);
  });

  it('normalises its weights and is a density', () => {
    const density = mixtureModel([
      [2, normalModel(0, 1)],
      [6, normalModel(5, 2)],
    ]);
    let mass = 0;
    for (let x = -10; x < 20; x += 0.01) mass += Math.exp(density(x)) * 0.01;
    expect(mass).toBeCloseTo(1, 3);
  });
});
