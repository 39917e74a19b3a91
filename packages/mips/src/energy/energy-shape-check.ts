/**
 * Does the energy follow the sun the pyranometer saw? Each 5-minute accumulator increment is
 * compared with the energy its own 5-minute mean plane-of-array irradiance predicts; an honest
 * array keeps that ratio nearly constant through the window (its PR changes slowly), while
 * readings made up without the weather (a flat output under moving clouds or a rising morning
 * sun) scatter it. The statistic is the log of the ratios' sample sd over its honest reference.
 */
import {
  ENERGY_PERFORMANCE_RATIO_MEAN,
  ENERGY_POWERED_SHARE_MIN,
  ENERGY_STC_IRRADIANCE_W_M2,
  ENERGY_STEP_RATIO_SD,
  ENERGY_STEP_SHAPE_MODEL_SD,
} from '../limits.js';
import { mixtureModel } from '../probability/cheat-mixture.js';
import {
  type EvidenceCheck,
  likelihoodRatio,
  normalModel,
  shiftedNormalModel,
} from '../probability/evidence-check.js';
import { ENERGY_CHEAT_SHARES } from './energy-cheat-shares.js';
import { registerWh } from './energy-claim-schema.js';
import type { EnergyInterval } from './energy-evidence.js';

const HOUR_MS = 3_600_000;

export function stepShape(interval: EnergyInterval): EvidenceCheck | undefined {
  const irradiance = interval.irradiance;
  if (irradiance === undefined) return undefined;
  const { nameplateDcW, ratedAcPowerW } = interval.claim.value.device;
  const cadence = irradiance.cadenceMs;
  const reads = interval.register.reads;
  const logs: number[] = [];
  let quantisation = 0;
  // A stalled register (no increment) hands its expected energy to the step that catches up.
  let carriedWh = 0;
  for (let index = interval.startIndex + 1; index <= interval.endIndex; index++) {
    const a = reads[index - 1]!;
    const b = reads[index]!;
    if (Math.abs(b.tMs - a.tMs - cadence) > cadence / 5) continue;
    const sample = irradiance.samples.find((s) => Math.abs(s.tMs - b.tMs) < cadence / 5);
    if (sample === undefined) continue;
    const movedWh = registerWh(b.wh, b.whSf) - registerWh(a.wh, a.whSf);
    const expectedWh =
      (Math.min(
        ratedAcPowerW,
        (nameplateDcW * sample.wm2 * ENERGY_PERFORMANCE_RATIO_MEAN) / ENERGY_STC_IRRADIANCE_W_M2,
      ) *
        (b.tMs - a.tMs)) /
      HOUR_MS;
    if (movedWh <= 0) {
      carriedWh += expectedWh;
      continue;
    }
    const dueWh = expectedWh + carriedWh;
    carriedWh = 0;
    if (dueWh < (ENERGY_POWERED_SHARE_MIN * ratedAcPowerW * cadence) / HOUR_MS) continue;
    logs.push(Math.log(movedWh / dueWh));
    quantisation += (10 ** b.whSf / movedWh) ** 2 / 3;
  }
  if (logs.length < 3) return undefined;
  const mean = logs.reduce((sum, x) => sum + x, 0) / logs.length;
  const spread = Math.sqrt(logs.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (logs.length - 1));
  const reference = Math.sqrt(ENERGY_STEP_RATIO_SD ** 2 + quantisation / logs.length);
  const sd = Math.hypot(1 / Math.sqrt(2 * (logs.length - 1)), ENERGY_STEP_SHAPE_MODEL_SD);
  const shares = ENERGY_CHEAT_SHARES.stepShape;
  return likelihoodRatio({
    name: 'step-shape',
    value: Math.log(Math.max(spread, 1e-6) / reference),
    honest: normalModel(0, sd),
    cheat: mixtureModel([
      [shares.fabricated, shiftedNormalModel(0, sd, 0.5, 3.5)],
      [shares.unseen, normalModel(0, sd)],
    ]),
    against: 'readings that do not follow the irradiance, mixed with cheats this check cannot see',
    measured: { steps: logs.length, spreadLogRatio: spread, referenceLogRatio: reference, sd },
  });
}
