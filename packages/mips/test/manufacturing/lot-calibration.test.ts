/**
 * Calibration of `mip-mfg/lot-conformance@1.0.0` on 1,000 generated cases of a fixed seed: the
 * expected calibration error is at most 0.05, and every cheating model's mean p is below the
 * honest mean. Refusals count as p = 0, as in the benchmark.
 */
import { describe, expect, it } from 'vitest';
import { mfgLotConformanceModule } from '../../src/manufacturing/index.js';
import { brierScore, expectedCalibrationError } from '../../src/probability/calibration.js';
import { seededRandom } from '../../src/probability/random.js';
import { lotP } from './lot-fixtures.js';

describe('lot-conformance calibration', () => {
  const cases = mfgLotConformanceModule.generate(seededRandom(7), 1000);
  const scored = cases.map((c) => ({ label: c.label, truth: c.truth, p: lotP(c) }));

  it('mixes honest cases at the prior and the cheats evenly', () => {
    expect(scored.filter((c) => c.label === 'honest')).toHaveLength(800);
    for (const model of mfgLotConformanceModule.cheatingModels) {
      expect(scored.filter((c) => c.label === model)).toHaveLength(40);
    }
  });

  it('has ECE ≤ 0.05 and a small Brier score', () => {
    expect(expectedCalibrationError(scored)).toBeLessThanOrEqual(0.05);
    expect(brierScore(scored)).toBeLessThan(0.05);
  });

  it('gives every cheating model a lower mean p than honest producers', () => {
    const mean = (label: string) => {
      const ps = scored.filter((c) => c.label === label).map((c) => c.p);
      return ps.reduce((sum, p) => sum + p, 0) / ps.length;
    };
    const honest = mean('honest');
    expect(honest).toBeGreaterThan(0.95);
    for (const model of mfgLotConformanceModule.cheatingModels)
      expect(mean(model)).toBeLessThan(honest);
  });
}, 60_000);
