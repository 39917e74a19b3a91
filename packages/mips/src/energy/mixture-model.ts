/**
 * A generic primitive the shared toolkit lacks: a weighted mixture of log densities, summed in
 * log space (log-sum-exp) so far tails stay finite. A check's cheating model is often a mixture:
 * the share of cheaters it targets, plus the share it cannot tell from honest producers.
 */
import type { LogDensity } from '../probability/evidence-check.js';

export interface MixtureComponent {
  readonly weight: number;
  readonly density: LogDensity;
}

export function mixtureModel(components: readonly MixtureComponent[]): LogDensity {
  const total = components.reduce((sum, component) => sum + component.weight, 0);
  if (!(total > 0)) throw new Error('assertion failed: a mixture needs positive weight');
  return (x) => {
    const terms = components
      .filter((component) => component.weight > 0)
      .map((component) => Math.log(component.weight / total) + component.density(x));
    const top = Math.max(...terms);
    if (!Number.isFinite(top)) return top;
    return top + Math.log(terms.reduce((sum, term) => sum + Math.exp(term - top), 0));
  };
}

/** log P(x) of a Bernoulli observation x ∈ {0, 1} with P(1) = p. */
export function bernoulliModel(p: number): LogDensity {
  return (x) => Math.log(x >= 0.5 ? p : 1 - p);
}
