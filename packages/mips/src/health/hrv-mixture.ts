/**
 * Checks against several cheating models at once, by Bayes' rule in sequence. The toolkit's
 * likelihoodRatio weighs one observation against one cheating model; with five models, summing
 * one-model ratios over-counts (an honest-looking case would collect every model's ratio). Here
 * feature j's log-ratio is log P(x_j | honest) − log Σ_m w_m P(x_j | m), with w_m the models'
 * weights after features 1…j−1, so the ratios formBelief adds are exactly the log posterior odds
 * of honest against the mixture, provided the features are independent given the model. Generic:
 * the lead may lift it into probability/.
 */
import type { JsonValue } from '@mycel/kernel';
import { type EvidenceCheck, likelihoodRatio } from '../probability/evidence-check.js';

/** One measured feature and its log-likelihood under `honest` and under each cheating model. */
export interface MixtureFeature {
  readonly name: string;
  readonly value: number;
  readonly honest: number;
  /** log P(value | model) for every model in the weights. */
  readonly cheats: Readonly<Record<string, number>>;
  readonly measured?: Record<string, JsonValue>;
}

function logSumExp(terms: readonly number[]): number {
  const top = Math.max(...terms);
  if (top === Number.NEGATIVE_INFINITY) return top;
  return top + Math.log(terms.reduce((sum, term) => sum + Math.exp(term - top), 0));
}

/** The features' checks, each against the cheating mixture as weighed by the features before it. */
export function sequentialMixtureChecks(
  features: readonly MixtureFeature[],
  weights: Readonly<Record<string, number>>,
): EvidenceCheck[] {
  const models = Object.keys(weights);
  const total = models.reduce((sum, model) => sum + weights[model]!, 0);
  let logWeights = models.map((model) => Math.log(weights[model]! / total));
  return features.map((feature) => {
    const terms = models.map((model, index) => {
      const logLikelihood = feature.cheats[model];
      if (logLikelihood === undefined) {
        throw new Error(`assertion failed: ${feature.name} has no likelihood under ${model}`);
      }
      return logWeights[index]! + logLikelihood;
    });
    const cheat = logSumExp(terms);
    const leading = models
      .map((model, index) => [model, Math.exp(logWeights[index]!)] as const)
      .filter(([, weight]) => weight >= 0.01)
      .map(([model, weight]) => `${model} ${weight.toFixed(2)}`)
      .join(', ');
    logWeights = terms.map((term) => term - cheat);
    return likelihoodRatio({
      name: feature.name,
      value: feature.value,
      honest: () => feature.honest,
      cheat: () => cheat,
      against: `cheating mixture (${leading})`,
      measured: feature.measured ?? {},
    });
  });
}
