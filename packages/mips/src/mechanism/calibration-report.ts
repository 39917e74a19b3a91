/**
 * A MIP's calibration report: labelled synthetic cases from its own generator, verified through
 * verifyCase (the production path), scored for Brier and expected calibration error, with the
 * acceptance threshold for a given honest false-rejection rate fitted on one seed's cases and
 * every rate reported on another seed's. A coded refusal counts as p = 0.
 */
import { CALIBRATION_BINS } from '../limits.js';
import {
  brierScore,
  type CalibrationBin,
  calibrationBins,
  expectedCalibrationError,
  rejectionRates,
  type ScoredCase,
  thresholdForFalseRejection,
} from '../probability/calibration.js';
import { seededRandom } from '../probability/random.js';
import type { MipModule } from './mip-module.js';
import { verifyCase } from './verify-reality.js';

export interface CalibrationOptions {
  readonly fitSeed: number;
  readonly fitCases: number;
  readonly seed: number;
  readonly cases: number;
  /** Share of honest producers the fitted threshold may refuse, e.g. 0.01. */
  readonly falseRejection: number;
}

export interface CalibrationReport {
  readonly mip: string;
  readonly cases: number;
  readonly brier: number;
  /** Brier score of the prior alone (every case gets p = prior): the no-evidence reference. */
  readonly brierPriorOnly: number;
  readonly ece: number;
  readonly threshold: number;
  readonly honestRejectRate: number;
  /** Per cheating model: share of its cases refused at the threshold. */
  readonly detection: Readonly<Record<string, number>>;
  /** Share of cases the verifier refused with a code (scored p = 0). */
  readonly refusedWithCode: number;
  readonly bins: readonly CalibrationBin[];
  readonly verifyMsPerCase: number;
}

export function scoreCases(
  module: MipModule,
  seed: number,
  count: number,
): { scored: ScoredCase[]; refused: number; ms: number } {
  const cases = module.generate(seededRandom(seed), count);
  const started = performance.now();
  let refused = 0;
  const scored = cases.map((generated) => {
    const result = verifyCase(module, generated);
    if (!result.ok) refused++;
    return { label: generated.label, truth: generated.truth, p: result.ok ? result.value.p : 0 };
  });
  return { scored, refused, ms: performance.now() - started };
}

export function calibrationReport(
  module: MipModule,
  options: CalibrationOptions,
): CalibrationReport {
  const fit = scoreCases(module, options.fitSeed, options.fitCases);
  const threshold = thresholdForFalseRejection(fit.scored, options.falseRejection);
  const report = scoreCases(module, options.seed, options.cases);
  const rates = rejectionRates(report.scored, threshold);
  const detection: Record<string, number> = {};
  for (const model of module.cheatingModels) {
    const rate = rates[model];
    detection[model] = rate === undefined ? Number.NaN : rate.rejected / rate.cases;
  }
  const honest = rates.honest;
  const priorOnly = report.scored.map((scored) => ({ ...scored, p: module.prior.p }));
  return {
    mip: module.id,
    cases: report.scored.length,
    brier: brierScore(report.scored),
    brierPriorOnly: brierScore(priorOnly),
    ece: expectedCalibrationError(report.scored, CALIBRATION_BINS),
    threshold,
    honestRejectRate: honest === undefined ? Number.NaN : honest.rejected / honest.cases,
    detection,
    refusedWithCode: report.refused / report.scored.length,
    bins: calibrationBins(report.scored, CALIBRATION_BINS),
    verifyMsPerCase: report.ms / report.scored.length,
  };
}
