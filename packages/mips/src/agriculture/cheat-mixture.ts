/**
 * Checks against a mixture of cheating models, in sequence. The toolkit's likelihoodRatio weighs
 * an observation against one named cheating model; a MIP with several models needs the posterior
 * odds of "honest" against "any of them". Bayes' rule in sequence gives exactly that: feature j's
 * log-ratio is log P(obs_j | honest) − log Σ_k w_k P(obs_j | k), where w_k are the cheating
 * models' weights after features 1…j−1. The log-ratios then add (as formBelief adds them) to the
 * exact log posterior odds, provided the features are independent given the model. A generic
 * primitive written here for the agriculture MIPs (reported to the lead).
 */
import type { JsonValue } from '@mycel/kernel';
import type { EvidenceCheck } from '../probability/evidence-check.js';
import { likelihoodRatio } from '../probability/evidence-check.js';

/** One observed feature and its log-likelihood under `honest` and each cheating model. */
export interface MixtureFeature {
  readonly name: string;
  /** The measured number the check reports as `value`. */
  readonly value: number;
  /** log P(observation | model), keyed by `honest` and every cheating model's name. */
  readonly logLikelihood: Readonly<Record<string, number>>;
  readonly measured?: Record<string, JsonValue>;
}

function logSumExp(values: readonly number[]): number {
  const top = Math.max(...values);
  if (top === Number.NEGATIVE_INFINITY) return top;
  return top + Math.log(values.reduce((sum, v) => sum + Math.exp(v - top), 0));
}

/**
 * The features' checks against the cheating models mixed at `weights` (relative shares of the
 * cheating cases; they need not sum to 1). Each check's `against` names the weights it used.
 */
export function mixtureChecks(
  features: readonly MixtureFeature[],
  weights: Readonly<Record<string, number>>,
): EvidenceCheck[] {
  const models = Object.keys(weights);
  const total = models.reduce((sum, m) => sum + weights[m]!, 0);
  let logW = models.map((m) => Math.log(weights[m]! / total));
  const checks: EvidenceCheck[] = [];
  for (const feature of features) {
    const honest = feature.logLikelihood.honest;
    if (honest === undefined) throw new Error(`assertion failed: ${feature.name} has no honest`);
    const terms = models.map((m, i) => {
      const ll = feature.logLikelihood[m];
      if (ll === undefined) throw new Error(`assertion failed: ${feature.name} lacks ${m}`);
      return logW[i]! + ll;
    });
    const cheat = logSumExp(terms);
    const against = models.map((m, i) => `${m} ${Math.exp(logW[i]!).toFixed(3)}`).join(', ');
    checks.push(
      likelihoodRatio({
        name: feature.name,
        value: feature.value,
        honest: () => honest,
        cheat: () => cheat,
        against: `cheat mixture (${against})`,
        measured: feature.measured ?? {},
      }),
    );
    logW = terms.map((t) => t - cheat);
  }
  return checks;
}

/** log of a probability, floored so an impossible event is very unlikely rather than −∞. */
export function logP(p: number): number {
  return Math.log(Math.max(p, 1e-12));
}
