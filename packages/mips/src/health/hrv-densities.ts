/**
 * Log densities the HRV checks need beyond the toolkit's normal and shifted-normal: a mixture
 * (for a cheating model with several variants), a two-sided relative alteration and a uniform. Each returns a LogDensity for likelihoodRatio.
 * Generic; the lead may lift them into probability/ if another MIP needs them.
 */
import { type LogDensity, normalModel, shiftedNormalModel } from '../probability/evidence-check.js';

/** log Σ w_i · exp(l_i) of log-likelihoods l_i, computed stably. */
export function logMixture(parts: ReadonlyArray<readonly [number, number]>): number {
  const terms = parts.map(([weight, logLikelihood]) => Math.log(weight) + logLikelihood);
  const top = Math.max(...terms);
  if (top === Number.NEGATIVE_INFINITY) return top;
  return top + Math.log(terms.reduce((sum, term) => sum + Math.exp(term - top), 0));
}

/** log Σ w_i · exp(d_i(x)): a mixture of log densities. */
export function mixtureModel(parts: ReadonlyArray<readonly [number, LogDensity]>): LogDensity {
  return (x) => logMixture(parts.map(([weight, density]) => [weight, density(x)] as const));
}

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
