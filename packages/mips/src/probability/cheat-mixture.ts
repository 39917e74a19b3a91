/**
 * Checks against a mixture of named cheating models, updated check by check. A MIP with several
 * cheating models cannot add one log-ratio per model: an honest-looking case would collect every
 * model's ratio and p would overshoot. Here check j's cheating likelihood is Σ_m w_m P(x_j | m),
 * with w_m the models' posterior shares after checks 1…j−1, so by the chain rule the log-ratios
 * formBelief adds are exactly log P(x_1…x_n | honest) − log P(x_1…x_n | cheating), provided the
 * observations are independent given the model. A model a check cannot see behaves, for that
 * check, as an honest producer would.
 */
import type { JsonValue } from '@mycel/kernel';
import { type EvidenceCheck, type LogDensity, likelihoodRatio } from './evidence-check.js';

/** Share of each cheating model among cheating producers (normalised where used). */
export type CheatWeights = Readonly<Record<string, number>>;

export function evenCheatWeights(models: readonly string[]): CheatWeights {
  return Object.fromEntries(models.map((model) => [model, 1 / models.length]));
}

/** log Σ exp(terms), computed without overflow; −∞ for no mass. */
export function logSumExp(terms: readonly number[]): number {
  const top = Math.max(...terms);
  if (top === Number.NEGATIVE_INFINITY) return top;
  return top + Math.log(terms.reduce((sum, term) => sum + Math.exp(term - top), 0));
}

/** log p, floored at log 1e-12: an event a model calls impossible is very unlikely, not −∞. */
export function logProbability(p: number): number {
  return Math.log(Math.max(p, 1e-12));
}

/** A weighted mixture of densities: log Σ w_i exp(d_i(x)); weights need not sum to 1. */
export function mixtureModel(parts: ReadonlyArray<readonly [number, LogDensity]>): LogDensity {
  const total = parts.reduce((sum, [weight]) => sum + weight, 0);
  if (!(total > 0)) throw new Error('assertion failed: a mixture needs positive weight');
  const live = parts.filter(([weight]) => weight > 0);
  return (x) => logSumExp(live.map(([weight, density]) => Math.log(weight / total) + density(x)));
}

/** A pass/fail observation (1 = pass) from a model that passes with probability `pass`. */
export function passFailModel(pass: number): LogDensity {
  return (x) => logProbability(x >= 0.5 ? pass : 1 - pass);
}

/** One observation's log-likelihood under the honest model and under the models that can tell. */
export interface MixtureFeature {
  readonly name: string;
  /** The number the check reports as measured `value`. */
  readonly value: number;
  readonly honest: number;
  /** log P(observation | model); a model left out behaves as honest for this observation. */
  readonly cheats: Readonly<Record<string, number>>;
  readonly measured?: Record<string, JsonValue>;
}

export interface MixtureStep {
  readonly check: EvidenceCheck;
  /** The cheating models' posterior shares after this observation. */
  readonly weights: CheatWeights;
}

export function mixtureStep(feature: MixtureFeature, weights: CheatWeights): MixtureStep {
  const models = Object.keys(weights);
  const total = models.reduce((sum, model) => sum + weights[model]!, 0);
  const terms = models.map(
    (model) => Math.log(weights[model]! / total) + (feature.cheats[model] ?? feature.honest),
  );
  const cheat = logSumExp(terms);
  const next =
    cheat === Number.NEGATIVE_INFINITY
      ? weights
      : Object.fromEntries(models.map((model, index) => [model, Math.exp(terms[index]! - cheat)]));
  const leading = models
    .filter((model) => weights[model]! / total >= 0.01)
    .map((model) => `${model} ${(weights[model]! / total).toFixed(2)}`)
    .join(', ');
  const check = likelihoodRatio({
    name: feature.name,
    value: feature.value,
    honest: () => feature.honest,
    cheat: () => Math.max(cheat, -1e300),
    against: `the cheating mixture (${leading})`,
    measured: feature.measured ?? {},
  });
  return { check, weights: next };
}

/** Each feature's check against the mixture as weighed by the features before it. */
export function sequentialMixtureChecks(
  features: readonly MixtureFeature[],
  weights: CheatWeights,
): EvidenceCheck[] {
  let current = weights;
  return features.map((feature) => {
    const step = mixtureStep(feature, current);
    current = step.weights;
    return step.check;
  });
}

export interface DensityMixtureInput {
  readonly name: string;
  readonly value: number;
  readonly honest: LogDensity;
  /** Densities of the models this observation can tell apart; the others behave as honest. */
  readonly models: Readonly<Record<string, LogDensity>>;
  readonly weights: CheatWeights;
  readonly measured?: Record<string, JsonValue>;
}

/** mixtureStep for an observation given as densities evaluated at `value`. */
export function densityMixtureStep(input: DensityMixtureInput): MixtureStep {
  const cheats = Object.fromEntries(
    Object.entries(input.models).map(([model, density]) => [model, density(input.value)]),
  );
  return mixtureStep(
    {
      name: input.name,
      value: input.value,
      honest: input.honest(input.value),
      cheats,
      ...(input.measured !== undefined ? { measured: input.measured } : {}),
    },
    input.weights,
  );
}
