/** The vectors of mip-edu/mastery@1.0.0 (its calibration is in test/calibration.test.ts). */
import { describe, expect, it } from 'vitest';
import { LEARNING_MASTERY_MODULE, verifyCase } from '../../src/index.js';

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
