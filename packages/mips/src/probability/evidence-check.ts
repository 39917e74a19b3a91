/**
 * The shared toolkit's checks. Each check measures one thing and says how it moved the log-odds
 * that the claim is true: its log-likelihood ratio, log P(observation | honest) − log
 * P(observation | cheating), against a named cheating model. Independent checks add in log-odds.
 */
import type { JsonValue } from '@mycel/kernel';
import { CHECK_LOG_LR_ABS_MAX } from '../limits.js';
import { betaBinomialLogLikelihood, betaQuantile } from './beta.js';
import { logNormalCdf, normalCdf, normalLogPdf } from './normal.js';

export interface EvidenceCheck {
  /** kebab-case name, e.g. `accumulator-monotonic`. */
  readonly name: string;
  /** What the check measured, with units in the property names. */
  readonly measured: JsonValue;
  /** log P(obs | honest) − log P(obs | cheat), clamped to ±CHECK_LOG_LR_ABS_MAX. */
  readonly logLikelihoodRatio: number;
  /** Standard deviation of that log-ratio from model uncertainty (0 when exact). */
  readonly sd: number;
  /** How the check moved the probability, in words. */
  readonly note: string;
  /** A hard physical bound broken beyond its measurement uncertainty. */
  readonly violated?: boolean;
}

function clampRatio(value: number): number {
  if (Number.isNaN(value)) throw new Error('assertion failed: a check produced NaN');
  return Math.max(-CHECK_LOG_LR_ABS_MAX, Math.min(CHECK_LOG_LR_ABS_MAX, value));
}

function describe(llr: number): string {
  if (Math.abs(llr) < 0.05) return 'left the probability as it was';
  const factor = Math.exp(Math.abs(llr));
  const shown = factor >= 100 ? factor.toExponential(1) : factor.toFixed(2);
  return `${llr > 0 ? 'raised' : 'lowered'} the odds ×${llr > 0 ? shown : `1/${shown}`}`;
}

export interface HardBoundInput {
  readonly name: string;
  readonly value: number;
  /** The bound's best estimate and the standard deviation of its own measurement uncertainty. */
  readonly bound: number;
  readonly boundSd: number;
  readonly direction: 'at-most' | 'at-least';
  readonly measured?: Record<string, JsonValue>;
}

/**
 * A hard physical bound, allowing for the uncertainty of the bound itself: an honest value lies
 * on the right side of the true bound, which is N(bound, boundSd), so the honest likelihood of the
 * observation is Φ(margin / boundSd); any cheating model may exceed it (likelihood 1).
 */
export function hardBound(input: HardBoundInput): EvidenceCheck {
  const margin =
    input.direction === 'at-most' ? input.bound - input.value : input.value - input.bound;
  const z = margin / Math.max(input.boundSd, Number.MIN_VALUE);
  const llr = clampRatio(logNormalCdf(z));
  const violated = normalCdf(z) < 0.001;
  return {
    name: input.name,
    measured: { value: input.value, bound: input.bound, boundSd: input.boundSd, ...input.measured },
    logLikelihoodRatio: llr,
    sd: 0,
    note:
      margin < 0
        ? `${input.direction === 'at-most' ? 'above' : 'below'} the bound by ${(-margin).toPrecision(3)} (${(-z).toFixed(1)} sd of the bound): ${describe(llr)}`
        : `within the bound with margin ${margin.toPrecision(3)}: ${describe(llr)}`,
    violated,
  };
}

/** A log density of one observation. */
export type LogDensity = (x: number) => number;

export function normalModel(mean: number, sd: number): LogDensity {
  return (x) => normalLogPdf(x, mean, sd);
}

/**
 * A normal whose mean is shifted by an unknown amount uniform in [shiftLow, shiftHigh]: the
 * density of `true + s` for true ~ N(mean, sd), s ~ U(shiftLow, shiftHigh). The usual cheating
 * model "inflated by between a and b".
 */
export function shiftedNormalModel(
  mean: number,
  sd: number,
  shiftLow: number,
  shiftHigh: number,
): LogDensity {
  return (x) => {
    const mass = normalCdf(x, mean + shiftLow, sd) - normalCdf(x, mean + shiftHigh, sd);
    return Math.log(Math.max(mass, 1e-300) / (shiftHigh - shiftLow));
  };
}

export interface LikelihoodRatioInput {
  readonly name: string;
  readonly value: number;
  readonly honest: LogDensity;
  readonly cheat: LogDensity;
  /** The cheating model's name, e.g. `inflated-5-50pct`. */
  readonly against: string;
  readonly sd?: number;
  readonly measured?: Record<string, JsonValue>;
}

/** A soft check: the honest model's likelihood of the observation against a named cheating model's. */
export function likelihoodRatio(input: LikelihoodRatioInput): EvidenceCheck {
  const llr = clampRatio(input.honest(input.value) - input.cheat(input.value));
  return {
    name: input.name,
    measured: { value: input.value, against: input.against, ...input.measured },
    logLikelihoodRatio: llr,
    sd: input.sd ?? 0,
    note: `against ${input.against}: ${describe(llr)}`,
  };
}

/**
 * Corroboration by a second source, down-weighted when both sources share a failure mode: a
 * `sharedFailure` of 0 keeps the check's full weight, 1 makes it worthless (the second source
 * would fail, or cheat, together with the first).
 */
export function corroborated(check: EvidenceCheck, sharedFailure: number): EvidenceCheck {
  const weight = 1 - Math.max(0, Math.min(1, sharedFailure));
  const llr = check.logLikelihoodRatio * weight;
  return {
    ...check,
    measured: { ...(check.measured as Record<string, JsonValue>), sharedFailure },
    logLikelihoodRatio: llr,
    sd: check.sd * weight,
    note: `${check.note}; weighted ×${weight.toFixed(2)} for a shared failure mode`,
  };
}

export interface AuditInput {
  readonly name: string;
  /** Re-measurements taken by an auditor, and how many agreed with the producer within tolerance. */
  readonly sampled: number;
  readonly agreed: number;
  /** Beta priors of the agreement rate for an honest producer and for the cheating model. */
  readonly honest: readonly [number, number];
  readonly cheat: readonly [number, number];
  readonly against: string;
}

/**
 * Audit re-measurement as a Beta posterior: the agreement rate has a Beta prior under each model;
 * the log-ratio is of the two beta-binomial marginal likelihoods, and the measured part reports
 * the honest-model posterior's mean and 5 % quantile.
 */
export function audit(input: AuditInput): EvidenceCheck {
  const { sampled, agreed } = input;
  const [ha, hb] = input.honest;
  const [ca, cb] = input.cheat;
  const llr = clampRatio(
    betaBinomialLogLikelihood(agreed, sampled, ha, hb) -
      betaBinomialLogLikelihood(agreed, sampled, ca, cb),
  );
  const a = ha + agreed;
  const b = hb + sampled - agreed;
  return {
    name: input.name,
    measured: {
      sampled,
      agreed,
      posteriorMean: a / (a + b),
      posteriorQ05: betaQuantile(0.05, a, b),
      against: input.against,
    },
    logLikelihoodRatio: llr,
    sd: 0,
    note: `${agreed} of ${sampled} re-measurements agreed, against ${input.against}: ${describe(llr)}`,
  };
}
