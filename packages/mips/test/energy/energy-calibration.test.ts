/** Calibration of mip-enr/generation-interval on 1000 generated cases of a fixed seed. */
import { describe, expect, it } from 'vitest';
import { ENERGY_CHEAT_MODELS } from '../../src/energy/index.js';
import { verifyCase } from '../../src/mechanism/verify-reality.js';
import { expectedCalibrationError, type ScoredCase } from '../../src/probability/calibration.js';
import { seededRandom } from '../../src/probability/random.js';
import { MODULE } from './energy-fixtures.js';

const cases = MODULE.generate(seededRandom(7), 1000);
const scored: ScoredCase[] = cases.map((generated) => {
  const outcome = verifyCase(MODULE, generated);
  return { label: generated.label, truth: generated.truth, p: outcome.ok ? outcome.value.p : 0 };
});

function meanP(label: string): number {
  const ps = scored.filter((c) => c.label === label).map((c) => c.p);
  return ps.reduce((sum, p) => sum + p, 0) / ps.length;
}

describe('mip-enr/generation-interval calibration', () => {
  it('mixes honest cases at the prior and splits the rest over the cheating models', () => {
    expect(scored.filter((c) => c.label === 'honest')).toHaveLength(800);
    for (const model of ENERGY_CHEAT_MODELS) {
      expect(scored.filter((c) => c.label === model)).toHaveLength(40);
    }
  });

  it('has an expected calibration error of at most 0.05', () => {
    expect(expectedCalibrationError(scored)).toBeLessThanOrEqual(0.05);
  });

  it('gives every cheating model a lower mean p than honest producers', () => {
    const honest = meanP('honest');
    expect(honest).toBeGreaterThan(0.85);
    for (const model of ENERGY_CHEAT_MODELS) expect(meanP(model)).toBeLessThan(honest - 0.5);
  });

  it('refuses at most 2 % of honest cases at p < 0.5', () => {
    const honest = scored.filter((c) => c.label === 'honest');
    expect(honest.filter((c) => c.p < 0.5).length / honest.length).toBeLessThan(0.02);
  });
});
