/**
 * Log densities the HRV checks need beyond the toolkit's: a two-sided relative alteration and a
 * uniform. Each returns a LogDensity for likelihoodRatio.
 */
import { mixtureModel } from '../probability/cheat-mixture.js';
import { type LogDensity, normalModel, shiftedNormalModel } from '../probability/evidence-check.js';

/**
 * The difference claimed − true when the claim was moved up or down by a share in [low, high] of
 * `reference`, observed with noise `sd`; `upShare` of alterations go up.
 */
export function alteredModel(
  reference: number,
  sd: number,
  low: number,
  high: number,
  upShare: number,
): LogDensity {
  const up = shiftedNormalModel(0, sd, low * reference, high * reference);
  const down = shiftedNormalModel(0, sd, -high * reference, -low * reference);
  return mixtureModel([
    [upShare, up],
    [1 - upShare, down],
  ]);
}

/** Uniform on [low, high], with a floor outside so a log-ratio stays finite. */
export function uniformModel(low: number, high: number): LogDensity {
  return (x) => (x >= low && x <= high ? -Math.log(high - low) : -700);
}

export { normalModel };
