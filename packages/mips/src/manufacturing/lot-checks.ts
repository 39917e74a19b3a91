/**
 * The checks of `mip-mfg/lot-conformance@1.0.0`, each a mixture check (probability/cheat-mixture.ts) whose
 * honest and cheating models match the case generator (lot-generator.ts): gauge calibration and
 * TUR, the claimed Cpk against the recomputed one, the recomputed Cpk against the target, the part
 * count against the machine counters, the sample against the sampling plan, the series' variance
 * against the gauges' repeatability, and the audit re-measurement.
 */
import {
  MFG_AUDIT_FABRICATED_BETA,
  MFG_AUDIT_HONEST_BETA,
  MFG_CHERRY_GAPS_HIDDEN,
  MFG_CHERRY_SIZE_MISMATCH,
  MFG_COUNT_INFLATION_HIGH,
  MFG_COUNT_INFLATION_LOW,
  MFG_CPK_INFLATION_HIGH,
  MFG_CPK_INFLATION_LOW,
  MFG_CPK_ROUNDING,
  MFG_FABRICATED_BELOW_REPEATABILITY,
  MFG_HONEST_SLIP_RATE,
  MFG_INFLATED_DATA_MEETS_TARGET,
  MFG_SAMPLING_GAP_RATIO_MAX,
  MFG_SCRAP_SHARE_MAX,
  MFG_TUR_MIN,
} from '../limits.js';
import { betaBinomialLogLikelihood } from '../probability/beta.js';
import {
  type CheatWeights,
  densityMixtureStep,
  passFailModel,
} from '../probability/cheat-mixture.js';
import { audit, type EvidenceCheck, shiftedNormalModel } from '../probability/evidence-check.js';
import type { MfgAuditMatch, MfgLotFacts } from './lot-facts.js';

export const MFG_CHEATING_MODELS = [
  'fabricated-measurements',
  'out-of-calibration-gauge',
  'inflated-cpk',
  'inflated-part-count',
  'cherry-picked-subset',
] as const;

const honestPass = passFailModel(1 - MFG_HONEST_SLIP_RATE);
const pass = (ok: boolean): number => (ok ? 1 : 0);

function auditCheck(match: MfgAuditMatch, weights: CheatWeights) {
  const { sampled, agreed } = match;
  const model = (prior: readonly [number, number]) => (k: number) =>
    betaBinomialLogLikelihood(k, sampled, prior[0], prior[1]);
  const posterior = audit({
    name: 'audit-remeasurement',
    sampled,
    agreed,
    honest: MFG_AUDIT_HONEST_BETA,
    cheat: MFG_AUDIT_FABRICATED_BETA,
    against: 'fabricated-measurements',
  });
  return densityMixtureStep({
    name: 'audit-remeasurement',
    value: agreed,
    honest: model(MFG_AUDIT_HONEST_BETA),
    models: { 'fabricated-measurements': model(MFG_AUDIT_FABRICATED_BETA) },
    weights,
    measured: {
      ...(posterior.measured as Record<string, number>),
      worstEn: match.worstEn,
      rule: 'agreement: En = |producer − auditor| / √(U² + U_auditor²) ≤ 1 (ISO/IEC 17043)',
    },
  });
}

/** All checks, in a fixed order (the mixture weights carry from one to the next). */
export function lotChecks(facts: MfgLotFacts, start: CheatWeights): EvidenceCheck[] {
  const checks: EvidenceCheck[] = [];
  let weights = start;
  const add = (result: { check: EvidenceCheck; weights: CheatWeights }, violated?: boolean) => {
    checks.push(violated === undefined ? result.check : { ...result.check, violated });
    weights = result.weights;
  };
  const calibrated = facts.uncalibratedMeasurements === 0 && facts.turMin >= MFG_TUR_MIN;
  add(
    densityMixtureStep({
      name: 'gauge-calibration',
      value: pass(calibrated),
      honest: honestPass,
      models: { 'out-of-calibration-gauge': passFailModel(MFG_HONEST_SLIP_RATE) },
      weights,
      measured: {
        measurementsOutsideCertificate: facts.uncalibratedMeasurements,
        testUncertaintyRatioMin: facts.turMin,
        testUncertaintyRatioRequired: MFG_TUR_MIN,
      },
    }),
    !calibrated,
  );
  const excess = facts.cpkClaimed - facts.cpk;
  add(
    densityMixtureStep({
      name: 'cpk-recomputed',
      value: excess,
      honest: shiftedNormalModel(0, 1e-4, -MFG_CPK_ROUNDING, MFG_CPK_ROUNDING),
      models: {
        'inflated-cpk': shiftedNormalModel(0, 0.003, MFG_CPK_INFLATION_LOW, MFG_CPK_INFLATION_HIGH),
      },
      weights,
      measured: { cpkClaimed: facts.cpkClaimed, cpkRecomputed: facts.cpk, excess },
    }),
    excess > MFG_CPK_ROUNDING + 0.001,
  );
  add(
    densityMixtureStep({
      name: 'cpk-meets-target',
      value: pass(facts.cpk >= facts.cpkTarget),
      honest: honestPass,
      models: { 'inflated-cpk': passFailModel(MFG_INFLATED_DATA_MEETS_TARGET) },
      weights,
      measured: {
        cpkRecomputed: facts.cpk,
        cpkTarget: facts.cpkTarget,
        cpkStandardError: facts.cpkStandardError,
        probabilityCpkAtLeastTarget: facts.probabilityCpkAtLeastTarget,
      },
    }),
  );
  const slack = 1 / facts.capacity;
  const surplus = facts.partCount / facts.capacity - 1;
  add(
    densityMixtureStep({
      name: 'part-count-within-counters',
      value: surplus,
      honest: shiftedNormalModel(0, slack, -MFG_SCRAP_SHARE_MAX, 0),
      models: {
        'inflated-part-count': shiftedNormalModel(
          0,
          slack,
          MFG_COUNT_INFLATION_LOW,
          MFG_COUNT_INFLATION_HIGH,
        ),
      },
      weights,
      measured: { partCount: facts.partCount, machineCapacityParts: facts.capacity, surplus },
    }),
    facts.partCount > facts.capacity + 3,
  );
  add(
    densityMixtureStep({
      name: 'sample-size-as-claimed',
      value: pass(facts.seriesSize === facts.sampleSizeClaimed),
      honest: honestPass,
      models: { 'cherry-picked-subset': passFailModel(1 - MFG_CHERRY_SIZE_MISMATCH) },
      weights,
      measured: { seriesSize: facts.seriesSize, sampleSizeClaimed: facts.sampleSizeClaimed },
    }),
  );
  add(
    densityMixtureStep({
      name: 'sampling-covers-lot',
      value: pass(facts.gapRatioMax <= MFG_SAMPLING_GAP_RATIO_MAX),
      honest: honestPass,
      models: { 'cherry-picked-subset': passFailModel(MFG_CHERRY_GAPS_HIDDEN) },
      weights,
      measured: { gapRatioMax: facts.gapRatioMax, gapRatioAllowed: MFG_SAMPLING_GAP_RATIO_MAX },
    }),
  );
  add(
    densityMixtureStep({
      name: 'variance-above-repeatability',
      value: pass(facts.varianceRatio >= 1),
      honest: honestPass,
      models: {
        'fabricated-measurements': passFailModel(1 - MFG_FABRICATED_BELOW_REPEATABILITY),
      },
      weights,
      measured: {
        varianceToRepeatabilityRatio: facts.varianceRatio,
        rule: 'a measured series varies at least as much as the gauge repeats',
      },
    }),
  );
  if (facts.audit !== undefined) add(auditCheck(facts.audit, weights));
  return checks;
}
