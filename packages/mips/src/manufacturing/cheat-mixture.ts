/**
 * Checks against a mixture of named cheating models, updated check by check. A check that passes
 * must raise p only by ruling out the cheats it can see, never the others: so each check's
 * cheating likelihood is the mixture Σ w_m f_m(x) over all models (a model the check cannot see
 * behaves as an honest producer, f_m = f_honest), and the weights w_m become the posterior after
 * it. By the chain rule the checks' log-ratios then sum to the exact log of
 * P(all observations | honest) / P(all observations | cheating), given the observations are
 * independent within each model. A generic primitive, built on the toolkit's likelihoodRatio.
 */
import type { JsonValue } from '@mycel/kernel';
import {
  type EvidenceCheck,
  type LogDensity,
  likelihoodRatio,
} from '../probability/evidence-check.js';

/** Share of each cheating model among cheating producers (sums to 1). */
export type CheatWeights = Readonly<Record<string, number>>;

export function evenCheatWeights(models: readonly string[]): CheatWeights {
  return Object.fromEntries(models.map((model) => [model, 1 / models.length]));
}

/** Log-probability of a pass/fail observation (1 = pass) for a model passing with probability p. */
export function passFail(pass: number): LogDensity {
  return (x) => Math.log(x >= 0.5 ? pass : 1 - pass);
}

function logSumExp(terms: readonly number[]): number {
  const top = Math.max(...terms);
  if (top === -Infinity) return -Infinity;
  return top + Math.log(terms.reduce((sum, term) => sum + Math.exp(term - top), 0));
}

export interface MixtureCheckInput {
  readonly name: string;
  readonly value: number;
  readonly honest: LogDensity;
  /** Densities of the models this check sees; every other model behaves as honest here. */
  readonly models: Readonly<Record<string, LogDensity>>;
  readonly weights: CheatWeights;
  readonly measured?: Record<string, JsonValue>;
}

export interface MixtureCheckResult {
  readonly check: EvidenceCheck;
  readonly weights: CheatWeights;
}

export function mixtureCheck(input: MixtureCheckInput): MixtureCheckResult {
  const names = Object.keys(input.weights);
  const honestLog = input.honest(input.value);
  const terms = names.map((name) => {
    const density = input.models[name] ?? input.honest;
    return Math.log(input.weights[name]!) + density(input.value);
  });
  const total = logSumExp(terms);
  const weights = Object.fromEntries(
    names.map((name, index) => [
      name,
      total === -Infinity ? input.weights[name]! : Math.exp(terms[index]! - total),
    ]),
  );
  const seen = Object.keys(input.models)
    .map((name) => `${name} ${(input.weights[name] ?? 0).toFixed(3)}`)
    .join(', ');
  const check = likelihoodRatio({
    name: input.name,
    value: input.value,
    honest: () => honestLog,
    cheat: () => Math.max(total, -1e300),
    against: `the cheating mixture (models this check sees: ${seen})`,
    ...(input.measured !== undefined ? { measured: input.measured } : {}),
  });
  return { check, weights };
}
