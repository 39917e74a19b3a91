/**
 * Calibration of mip-edu/mastery@1.0.0 on generated cases (a refusal counts as p = 0, as in the
 * benchmark), the generator's mix, and the module's vectors.
 */
import { describe, expect, it } from 'vitest';
import {
  expectedCalibrationError,
  LEARNING_MASTERY_CHEATING_MODELS,
  LEARNING_MASTERY_MODULE,
  type ScoredCase,
  seededRandom,
  verifyCase,
} from '../../src/index.js';

const CASES = LEARNING_MASTERY_MODULE.generate(seededRandom(5), 1000);
const SCORED: ScoredCase[] = CASES.map((generated) => {
  const result = verifyCase(LEARNING_MASTERY_MODULE, generated);
  return { label: generated.label, truth: generated.truth, p: result.ok ? result.value.p : 0 };
});

const meanP = (label: string): number => {
  const ps = SCORED.filter((c) => c.label === label).map((c) => c.p);
  return ps.reduce((a, b) => a + b, 0) / ps.length;
};

describe('mip-edu/mastery calibration', () => {
  it('mixes the prior share of honest cases and splits the rest evenly', () => {
    expect(SCORED.filter((c) => c.label === 'honest')).toHaveLength(800);
    for (const model of LEARNING_MASTERY_CHEATING_MODELS) {
      expect(SCORED.filter((c) => c.label === model)).toHaveLength(50);
    }
    expect(SCORED.every((c) => c.truth === (c.label === 'honest'))).toBe(true);
  });

  it('has an expected calibration error of at most 0.05 on 1000 cases', () => {
    expect(expectedCalibrationError(SCORED)).toBeLessThanOrEqual(0.05);
  });

  it('gives each cheating model a lower mean p than honest claims', () => {
    const honest = meanP('honest');
    expect(honest).toBeGreaterThan(0.9);
    for (const model of LEARNING_MASTERY_CHEATING_MODELS) expect(meanP(model)).toBeLessThan(honest);
    expect(meanP('fabricated-responses')).toBeLessThan(0.05);
    expect(meanP('inflated-posterior')).toBeLessThan(0.01);
  });
});

describe('mip-edu/mastery vectors', () => {
  const vectors = LEARNING_MASTERY_MODULE.vectors();
  const verdicts = Object.fromEntries(
    vectors.map((vector) => {
      const result = verifyCase(LEARNING_MASTERY_MODULE, vector.case);
      return [vector.name, result.ok ? result.value.verdict : result.error.code];
    }),
  );

  it('names six cases, each of its own label', () => {
    expect(vectors.map((v) => v.name)).toEqual([
      'honest',
      'honest-three-responses',
      'fabricated-responses',
      'inflated-posterior',
      'replayed-responses',
      'answer-key-leaked',
    ]);
  });

  it('passes the honest ones and fails the fabricated and inflated ones', () => {
    expect(verdicts).toMatchObject({
      honest: 'pass',
      'honest-three-responses': 'pass',
      'fabricated-responses': 'fail',
      'inflated-posterior': 'fail',
      'replayed-responses': 'fail',
    });
  });
});
