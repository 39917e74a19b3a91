/**
 * The physics checks of a generation interval: the accumulator never runs backwards, the energy
 * fits under the inverter's rating and under a clear-sky ceiling, it matches what the on-site
 * irradiance predicts, and the revenue meter agrees. Each returns a toolkit EvidenceCheck.
 */
import {
  ENERGY_CEILING_ALBEDO_SHARE,
  ENERGY_CEILING_LINKE_TURBIDITY,
  ENERGY_CEILING_STEP_MS,
  ENERGY_CLEAR_SKY_CEILING_SD,
  ENERGY_FABRICATED_SHIFT_HIGH,
  ENERGY_FABRICATED_SHIFT_LOW,
  ENERGY_INFLATION_HIGH,
  ENERGY_INFLATION_LOW,
  ENERGY_INVERTER_METERING_SD,
  ENERGY_METER_LOSS_MEAN,
  ENERGY_METER_LOSS_SD,
  ENERGY_PERFORMANCE_RATIO_MAX,
  ENERGY_PERFORMANCE_RATIO_MEAN,
  ENERGY_PERFORMANCE_RATIO_SD,
  ENERGY_PYRANOMETER_SD,
  ENERGY_RATED_POWER_TOLERANCE,
  ENERGY_RATIO_EXPECTED_SHARE_MIN,
  ENERGY_REVENUE_METER_SD,
  ENERGY_SHARED_LOGGER_FAILURE,
  ENERGY_STC_IRRADIANCE_W_M2,
} from '../limits.js';
import { mixtureModel } from '../probability/cheat-mixture.js';
import {
  corroborated,
  type EvidenceCheck,
  hardBound,
  likelihoodRatio,
  normalModel,
  shiftedNormalModel,
} from '../probability/evidence-check.js';
import { ceilingIrradiance, clearSkyAt } from './clear-sky.js';
import { ENERGY_CHEAT_SHARES } from './energy-cheat-shares.js';
import { registerWh } from './energy-claim-schema.js';
import type { EnergyInterval } from './energy-evidence.js';

const HOUR_MS = 3_600_000;

/** Wh of one register quantum at the claim's coarser scale factor. */
export function registerQuantumWh(interval: EnergyInterval): number {
  const { start, end } = interval.claim.value.register;
  return 10 ** Math.max(start.sf, end.sf);
}

export function accumulatorMonotonic(interval: EnergyInterval): EvidenceCheck {
  const reads = interval.register.reads.slice(0, interval.endIndex + 1);
  let largestDropWh = 0;
  let quantumWh = 0;
  for (let index = 1; index < reads.length; index++) {
    const before = registerWh(reads[index - 1]!.wh, reads[index - 1]!.whSf);
    const after = registerWh(reads[index]!.wh, reads[index]!.whSf);
    largestDropWh = Math.max(largestDropWh, before - after);
    quantumWh = Math.max(quantumWh, 10 ** reads[index]!.whSf);
  }
  return hardBound({
    name: 'accumulator-monotonic',
    value: largestDropWh,
    bound: quantumWh,
    boundSd: quantumWh / 4,
    direction: 'at-most',
    measured: { reads: reads.length, unit: 'Wh' },
  });
}

export function ratedPowerBound(interval: EnergyInterval): EvidenceCheck {
  const { ratedAcPowerW } = interval.claim.value.device;
  const capacityWh = (ratedAcPowerW * (interval.endMs - interval.startMs)) / HOUR_MS;
  return hardBound({
    name: 'rated-power-bound',
    value: interval.claimedWh,
    bound: capacityWh * (1 + ENERGY_RATED_POWER_TOLERANCE),
    boundSd: capacityWh * Math.hypot(ENERGY_RATED_POWER_TOLERANCE, ENERGY_INVERTER_METERING_SD),
    direction: 'at-most',
    measured: { ratedAcPowerW, capacityWh, unit: 'Wh' },
  });
}

/** The clear-sky ceiling of the window's energy, Wh, integrated in fixed steps. */
export function clearSkyCeilingWh(interval: EnergyInterval): number {
  const { location, nameplateDcW, ratedAcPowerW } = interval.claim.value.device;
  let sum = 0;
  for (let t = interval.startMs; t < interval.endMs; t += ENERGY_CEILING_STEP_MS) {
    const stepMs = Math.min(ENERGY_CEILING_STEP_MS, interval.endMs - t);
    const sky = clearSkyAt(
      location.lat,
      location.lon,
      t + stepMs / 2,
      ENERGY_CEILING_LINKE_TURBIDITY,
    );
    const irradiance = ceilingIrradiance(sky, ENERGY_CEILING_ALBEDO_SHARE);
    const powerW = Math.min(
      ratedAcPowerW * (1 + ENERGY_RATED_POWER_TOLERANCE),
      (nameplateDcW * irradiance * ENERGY_PERFORMANCE_RATIO_MAX) / ENERGY_STC_IRRADIANCE_W_M2,
    );
    sum += (powerW * stepMs) / HOUR_MS;
  }
  return sum;
}

export function clearSkyCeiling(interval: EnergyInterval): EvidenceCheck {
  const ceilingWh = clearSkyCeilingWh(interval);
  const { ratedAcPowerW } = interval.claim.value.device;
  const capacityWh = (ratedAcPowerW * (interval.endMs - interval.startMs)) / HOUR_MS;
  return hardBound({
    name: 'clear-sky-ceiling',
    value: interval.claimedWh,
    bound: ceilingWh,
    boundSd:
      ENERGY_CLEAR_SKY_CEILING_SD * ceilingWh + 0.005 * capacityWh + registerQuantumWh(interval),
    direction: 'at-most',
    measured: {
      ceilingWh,
      model: 'ineichen-perez',
      linkeTurbidity: ENERGY_CEILING_LINKE_TURBIDITY,
      unit: 'Wh',
    },
  });
}

/** Expected Wh from plane-of-array samples that fall in the window, and how much of it they cover. */
export function irradianceExpectation(
  interval: EnergyInterval,
):
  | { readonly expectedWh: number; readonly coverage: number; readonly samples: number }
  | undefined {
  const irradiance = interval.irradiance;
  if (irradiance === undefined) return undefined;
  const { nameplateDcW, ratedAcPowerW } = interval.claim.value.device;
  const slots = Math.max(1, Math.round((interval.endMs - interval.startMs) / irradiance.cadenceMs));
  const tolerance = irradiance.cadenceMs / 2;
  const inside = irradiance.samples.filter(
    (s) => s.tMs > interval.startMs + tolerance && s.tMs <= interval.endMs + tolerance,
  );
  if (inside.length === 0) return { expectedWh: 0, coverage: 0, samples: 0 };
  const meanPowerW =
    inside.reduce(
      (sum, s) =>
        sum +
        Math.min(
          ratedAcPowerW,
          (nameplateDcW * s.wm2 * ENERGY_PERFORMANCE_RATIO_MEAN) / ENERGY_STC_IRRADIANCE_W_M2,
        ),
      0,
    ) / inside.length;
  return {
    expectedWh: (meanPowerW * (interval.endMs - interval.startMs)) / HOUR_MS,
    coverage: Math.min(1, inside.length / slots),
    samples: inside.length,
  };
}

export function irradianceRatio(interval: EnergyInterval): EvidenceCheck | undefined {
  const expectation = irradianceExpectation(interval);
  if (expectation === undefined) return undefined;
  const { ratedAcPowerW } = interval.claim.value.device;
  const capacityWh = (ratedAcPowerW * (interval.endMs - interval.startMs)) / HOUR_MS;
  if (
    expectation.coverage < 0.5 ||
    expectation.expectedWh < ENERGY_RATIO_EXPECTED_SHARE_MIN * capacityWh
  ) {
    return undefined;
  }
  const ratio = interval.claimedWh / expectation.expectedWh;
  const sd = Math.hypot(
    ENERGY_PERFORMANCE_RATIO_SD / ENERGY_PERFORMANCE_RATIO_MEAN,
    ENERGY_PYRANOMETER_SD,
    ENERGY_INVERTER_METERING_SD,
    registerQuantumWh(interval) / expectation.expectedWh / Math.sqrt(6),
    (1 - expectation.coverage) * 0.2,
  );
  const shares = ENERGY_CHEAT_SHARES.irradianceRatio;
  return likelihoodRatio({
    name: 'irradiance-ratio',
    value: ratio,
    honest: normalModel(1, sd),
    cheat: mixtureModel([
      [shares.inflated, shiftedNormalModel(1, sd, ENERGY_INFLATION_LOW, ENERGY_INFLATION_HIGH)],
      [
        shares.fabricated,
        shiftedNormalModel(1, sd, ENERGY_FABRICATED_SHIFT_LOW, ENERGY_FABRICATED_SHIFT_HIGH),
      ],
      [shares.unseen, normalModel(1, sd)],
    ]),
    against: 'inflated 5-50 % or fabricated, mixed with cheats this check cannot see',
    measured: {
      expectedWh: expectation.expectedWh,
      claimedWh: interval.claimedWh,
      sd,
      coverage: expectation.coverage,
    },
  });
}

export function meterAgreement(interval: EnergyInterval): EvidenceCheck | undefined {
  const meter = interval.meter;
  if (meter === undefined) return undefined;
  const first = meter.reads[0]!;
  const last = meter.reads.at(-1)!;
  const meterWh = registerWh(last.wh, last.whSf) - registerWh(first.wh, first.whSf);
  if (!(meterWh > 0) || !(interval.claimedWh > 0)) return undefined;
  const excess = interval.claimedWh / meterWh - 1;
  const sd = Math.hypot(
    ENERGY_METER_LOSS_SD,
    ENERGY_INVERTER_METERING_SD,
    ENERGY_REVENUE_METER_SD,
    registerQuantumWh(interval) / interval.claimedWh / Math.sqrt(6),
    10 ** Math.max(first.whSf, last.whSf) / meterWh / Math.sqrt(6),
  );
  const shares = ENERGY_CHEAT_SHARES.meterAgreement;
  const check = likelihoodRatio({
    name: 'inverter-meter-agreement',
    value: excess,
    honest: normalModel(ENERGY_METER_LOSS_MEAN, sd),
    cheat: mixtureModel([
      [
        shares.inflated,
        shiftedNormalModel(
          ENERGY_METER_LOSS_MEAN,
          sd,
          ENERGY_INFLATION_LOW,
          ENERGY_INFLATION_HIGH * 1.1,
        ),
      ],
      [shares.unseen, normalModel(ENERGY_METER_LOSS_MEAN, sd)],
    ]),
    against: 'inverter inflated 5-50 % over the meter, mixed with cheats this check cannot see',
    measured: { meterWh, claimedWh: interval.claimedWh, sd, sameLogger: meter.sameLogger },
  });
  return corroborated(check, meter.sameLogger ? ENERGY_SHARED_LOGGER_FAILURE : 0);
}
