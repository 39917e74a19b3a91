/**
 * Forming a reality-plane result from a domain prior and checks: log-odds add, the interval comes
 * from the prior's own uncertainty and each check's model uncertainty, and the verdict from the
 * point probability. Settlement reads the interval's lower end or a conservative quantile of the
 * claimed quantity, never the point estimate.
 */
import { BELIEF_INTERVAL_Z, VERDICT_FAIL_P_MAX, VERDICT_PASS_P_MIN } from '../limits.js';
import type { EvidenceCheck } from './evidence-check.js';
import { clampLogOdds, logit, sigmoid } from './log-odds.js';
import { normalQuantile } from './normal.js';

export type RealityVerdict = 'pass' | 'fail' | 'inconclusive';

/** A conservative value of the claimed quantity: what settlement pays for. */
export interface SettleQuantity {
  readonly value: number;
  readonly unit: string;
  /** The lower quantile used, e.g. 0.05. */
  readonly quantile: number;
}

/** What a MIP's reality verifier returns (K4): never a bare "true". */
export interface RealityResult {
  readonly verdict: RealityVerdict;
  /** P(the claim is true | evidence), calibrated against the MIP's case generator. */
  readonly p: number;
  /** A 90 % interval for p from prior and model uncertainty; interval[0] is the conservative p. */
  readonly interval: readonly [number, number];
  /** The MIP id and version of the method, e.g. `mip-enr/generation-interval@1.0.0#v1`. */
  readonly method: string;
  readonly checks: readonly EvidenceCheck[];
  /** Set when the verifier could not judge (e.g. `insufficient_evidence`); the verdict is inconclusive. */
  readonly reason?: string;
  readonly settle?: SettleQuantity;
}

export interface Prior {
  /** P(claim true) before any check, for this domain's producers. */
  readonly p: number;
  /** Standard deviation of that prior on the log-odds scale. */
  readonly logOddsSd: number;
}

export interface BeliefInput {
  readonly method: string;
  readonly prior: Prior;
  readonly checks: readonly EvidenceCheck[];
  readonly settle?: SettleQuantity;
  /** Forces an inconclusive verdict with this reason (e.g. not enough corroborating observations). */
  readonly inconclusive?: string;
}

export function formBelief(input: BeliefInput): RealityResult {
  let logOdds = logit(input.prior.p);
  let variance = input.prior.logOddsSd ** 2;
  for (const check of input.checks) {
    logOdds += check.logLikelihoodRatio;
    variance += check.sd ** 2;
  }
  const center = clampLogOdds(logOdds);
  const spread = BELIEF_INTERVAL_Z * Math.sqrt(variance);
  const p = sigmoid(center);
  const interval: [number, number] = [
    Math.min(p, sigmoid(clampLogOdds(center - spread))),
    Math.max(p, sigmoid(clampLogOdds(center + spread))),
  ];
  const verdict: RealityVerdict =
    input.inconclusive !== undefined
      ? 'inconclusive'
      : p >= VERDICT_PASS_P_MIN
        ? 'pass'
        : p <= VERDICT_FAIL_P_MAX
          ? 'fail'
          : 'inconclusive';
  return {
    verdict,
    p,
    interval,
    method: input.method,
    checks: input.checks,
    ...(input.inconclusive !== undefined ? { reason: input.inconclusive } : {}),
    ...(input.settle !== undefined ? { settle: input.settle } : {}),
  };
}

/** The lower `quantile` of a quantity estimated as N(value, sd): what a cautious payer pays for. */
export function conservativeQuantity(
  value: number,
  sd: number,
  unit: string,
  quantile: number,
): SettleQuantity {
  return { value: Math.max(0, value + normalQuantile(quantile) * sd), unit, quantile };
}
