/**
 * Calibration measures over labelled cases: the Brier score, the expected calibration error over
 * equal-width bins, the acceptance threshold that rejects a given share of honest producers, and
 * each cheating model's detection rate at that threshold. The threshold is fitted on one set of
 * cases and the rates are reported on another.
 */
import { CALIBRATION_BINS } from '../limits.js';

export interface ScoredCase {
  /** `honest` or the cheating model's name. */
  readonly label: string;
  /** Whether the claim is in fact true. */
  readonly truth: boolean;
  readonly p: number;
}

export function brierScore(cases: readonly ScoredCase[]): number {
  if (cases.length === 0) return Number.NaN;
  let sum = 0;
  for (const c of cases) sum += (c.p - (c.truth ? 1 : 0)) ** 2;
  return sum / cases.length;
}

export interface CalibrationBin {
  readonly low: number;
  readonly high: number;
  readonly count: number;
  readonly meanP: number;
  readonly observed: number;
}

export function calibrationBins(
  cases: readonly ScoredCase[],
  bins = CALIBRATION_BINS,
): CalibrationBin[] {
  const sums = Array.from({ length: bins }, () => ({ count: 0, p: 0, truths: 0 }));
  for (const c of cases) {
    const bin = sums[Math.min(bins - 1, Math.floor(c.p * bins))]!;
    bin.count++;
    bin.p += c.p;
    bin.truths += c.truth ? 1 : 0;
  }
  return sums.map((bin, index) => ({
    low: index / bins,
    high: (index + 1) / bins,
    count: bin.count,
    meanP: bin.count === 0 ? 0 : bin.p / bin.count,
    observed: bin.count === 0 ? 0 : bin.truths / bin.count,
  }));
}

/** Σ over bins of (bin share) × |mean p − observed frequency|. */
export function expectedCalibrationError(
  cases: readonly ScoredCase[],
  bins = CALIBRATION_BINS,
): number {
  if (cases.length === 0) return Number.NaN;
  let sum = 0;
  for (const bin of calibrationBins(cases, bins)) {
    sum += (bin.count / cases.length) * Math.abs(bin.meanP - bin.observed);
  }
  return sum;
}

/**
 * The highest threshold t such that at most `falseRejection` of honest cases have p < t: a claim
 * is refused when its p is below t.
 */
export function thresholdForFalseRejection(
  cases: readonly ScoredCase[],
  falseRejection: number,
): number {
  const honest = cases
    .filter((c) => c.label === 'honest')
    .map((c) => c.p)
    .sort((a, b) => a - b);
  if (honest.length === 0) throw new Error('assertion failed: no honest cases to fit a threshold');
  const allowed = Math.floor(falseRejection * honest.length);
  return honest[allowed]!;
}

/** Share of each label's cases refused (p below the threshold). */
export function rejectionRates(
  cases: readonly ScoredCase[],
  threshold: number,
): Record<string, { readonly cases: number; readonly rejected: number }> {
  const rates: Record<string, { cases: number; rejected: number }> = {};
  for (const c of cases) {
    const entry = rates[c.label] ?? { cases: 0, rejected: 0 };
    rates[c.label] = entry;
    entry.cases++;
    if (c.p < threshold) entry.rejected++;
  }
  return rates;
}
