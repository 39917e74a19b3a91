/**
 * The reality verifier of `mip-enr/generation-interval@1.0.0`: refuse what is structurally
 * unusable (energy-evidence.ts), run the physics and data-quality checks, form the belief with
 * the toolkit, and settle the claimed Wh at its conservative 5 % quantile.
 */
import { ENERGY_INVERTER_METERING_SD } from '../limits.js';
import type { RealityInput } from '../mechanism/mip-module.js';
import type { MipsResult } from '../mips-error-codes.js';
import {
  conservativeQuantity,
  formBelief,
  type Prior,
  type RealityResult,
} from '../probability/belief.js';
import type { EvidenceCheck } from '../probability/evidence-check.js';
import { ENERGY_GENERATION_MIP, ENERGY_UNIT, type EnergyClaim } from './energy-claim-schema.js';
import { readInterval } from './energy-evidence.js';
import {
  accumulatorMonotonic,
  clearSkyCeiling,
  irradianceRatio,
  meterAgreement,
  ratedPowerBound,
  registerQuantumWh,
} from './energy-physics-checks.js';
import { frozenAccumulator, powerIntegral, readTiming } from './energy-quality-checks.js';
import { stepShape } from './energy-shape-check.js';

/** Share of honest producers among those who file generation proofs, and its uncertainty. */
export const ENERGY_PRIOR: Prior = { p: 0.8, logOddsSd: 0.5 };
export const ENERGY_METHOD = `${ENERGY_GENERATION_MIP}#physics-v1`;
/** Quantile of the claimed Wh that settlement pays for. */
export const ENERGY_SETTLE_QUANTILE = 0.05;

export function verifyGeneration(input: RealityInput): MipsResult<RealityResult> {
  const interval = readInterval(input.proof.claim as EnergyClaim, input.evidence);
  if (!interval.ok) return interval;
  const value = interval.value;
  const checks: EvidenceCheck[] = [
    accumulatorMonotonic(value),
    ratedPowerBound(value),
    clearSkyCeiling(value),
    readTiming(value),
    frozenAccumulator(value),
  ];
  for (const optional of [
    irradianceRatio(value),
    stepShape(value),
    meterAgreement(value),
    powerIntegral(value),
  ]) {
    if (optional !== undefined) checks.push(optional);
  }
  const sd = Math.hypot(
    ENERGY_INVERTER_METERING_SD * value.claimedWh,
    registerQuantumWh(value) / Math.sqrt(6),
  );
  return {
    ok: true,
    value: formBelief({
      method: ENERGY_METHOD,
      prior: ENERGY_PRIOR,
      checks,
      settle: conservativeQuantity(value.claimedWh, sd, ENERGY_UNIT, ENERGY_SETTLE_QUANTILE),
    }),
  };
}
