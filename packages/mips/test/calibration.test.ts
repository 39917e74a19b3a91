/**
 * Every shipped MIP, on 1,000 cases of its own generator (seed 7, never a benchmark seed), scored
 * through scoreCases as the benchmark scores them: the mix follows the prior, p is calibrated
 * (ECE ≤ 0.05), it beats the prior alone, and every cheating model scores below honest producers.
 */
import { describe, expect, it } from 'vitest';
import {
  brierScore,
  expectedCalibrationError,
  REALITY_MIPS,
  type ScoredCase,
  scoreCases,
} from '../src/index.js';

const CASES = 1000;

function meanP(scored: readonly ScoredCase[], label: string): number {
  const ps = scored.filter((c) => c.label === label).map((c) => c.p);
  return ps.reduce((sum, p) => sum + p, 0) / ps.length;
}

describe.each(REALITY_MIPS.map((module) => [module.id, module] as const))(
  '%s',
  (_id, module) => {
    const { scored } = scoreCases(module, 7, CASES);

    it('mixes honest cases at the prior and splits the rest evenly over the cheating models', () => {
      const honest = Math.round(CASES * module.prior.p);
      expect(scored.filter((c) => c.label === 'honest')).toHaveLength(honest);
      const share = (CASES - honest) / module.cheatingModels.length;
      for (const model of module.cheatingModels) {
        const count = scored.filter((c) => c.label === model).length;
        expect(Math.abs(count - share)).toBeLessThanOrEqual(1);
      }
      expect(scored.every((c) => c.truth === (c.label === 'honest'))).toBe(true);
    });

    it('is calibrated (ECE ≤ 0.05) and scores better than the prior alone', () => {
      expect(expectedCalibrationError(scored)).toBeLessThanOrEqual(0.05);
      const priorOnly = scored.map((c) => ({ ...c, p: module.prior.p }));
      expect(brierScore(scored)).toBeLessThan(brierScore(priorOnly) / 2);
    });

    it('gives every cheating model a lower mean p than honest producers', () => {
      const honest = meanP(scored, 'honest');
      expect(honest).toBeGreaterThan(0.85);
      for (const model of module.cheatingModels) {
        expect(meanP(scored, model), model).toBeLessThan(honest - 0.2);
      }
    });
  },
  60_000,
);
