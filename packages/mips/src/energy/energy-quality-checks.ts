/**
 * Data-quality checks of a generation interval: the claimed reads sit at the window's edges and
 * the logger's clock keeps its cadence (a replay of another interval does not), the accumulator
 * agrees with the integral of its own power samples (a scale-factor error does not, gaps widen
 * the tolerance), and the accumulator is not frozen while the inverter reports power.
 */
import {
  ENERGY_CLOCK_SD_MS,
  ENERGY_EDGE_READ_MS_MAX,
  ENERGY_FROZEN_QUANTA_MIN,
  ENERGY_POWER_INTEGRAL_SD,
  ENERGY_POWERED_SHARE_MIN,
  ENERGY_SAMPLE_CADENCE_MS,
} from '../limits.js';
import { mixtureModel, passFailModel } from '../probability/cheat-mixture.js';
import {
  type EvidenceCheck,
  hardBound,
  likelihoodRatio,
  normalModel,
  shiftedNormalModel,
} from '../probability/evidence-check.js';
import { ENERGY_CHEAT_SHARES } from './energy-cheat-shares.js';
import { registerWh } from './energy-claim-schema.js';
import type { EnergyInterval } from './energy-evidence.js';

const HOUR_MS = 3_600_000;

export function readTiming(interval: EnergyInterval): EvidenceCheck {
  const reads = interval.register.reads;
  const startOffset = Math.abs(reads[interval.startIndex]!.tMs - interval.startMs);
  const endOffset = Math.abs(reads[interval.endIndex]!.tMs - interval.endMs);
  let backwardsSteps = 0;
  for (let index = 1; index < reads.length; index++) {
    if (reads[index]!.tMs <= reads[index - 1]!.tMs) backwardsSteps++;
  }
  const clockJumpMs = backwardsSteps > 0 ? ENERGY_EDGE_READ_MS_MAX * 10 : 0;
  return hardBound({
    name: 'read-timing',
    value: Math.max(startOffset, endOffset, clockJumpMs),
    bound: ENERGY_EDGE_READ_MS_MAX,
    boundSd: ENERGY_CLOCK_SD_MS,
    direction: 'at-most',
    measured: { startOffsetMs: startOffset, endOffsetMs: endOffset, backwardsSteps, unit: 'ms' },
  });
}

export function powerIntegral(interval: EnergyInterval): EvidenceCheck | undefined {
  const reads = interval.register.reads.slice(interval.startIndex, interval.endIndex + 1);
  let integralWh = 0;
  let gaps = 0;
  let swing = 0;
  for (let index = 1; index < reads.length; index++) {
    const a = reads[index - 1]!;
    const b = reads[index]!;
    integralWh += ((a.w + b.w) / 2) * ((b.tMs - a.tMs) / HOUR_MS);
    gaps += Math.max(0, Math.round((b.tMs - a.tMs) / ENERGY_SAMPLE_CADENCE_MS) - 1);
    swing += (b.w - a.w) ** 2;
  }
  const { ratedAcPowerW } = interval.claim.value.device;
  const capacityWh = (ratedAcPowerW * (interval.endMs - interval.startMs)) / HOUR_MS;
  if (integralWh < 0.01 * capacityWh || interval.claimedWh <= 0) return undefined;
  const meanW = (integralWh * HOUR_MS) / (interval.endMs - interval.startMs);
  const variability = Math.sqrt(swing / Math.max(1, reads.length - 1)) / Math.max(meanW, 1);
  const quantumWh = 10 ** reads[0]!.whSf;
  const sd = Math.hypot(
    ENERGY_POWER_INTEGRAL_SD * (1 + gaps),
    (0.35 * variability) / Math.sqrt(Math.max(1, reads.length - 1)),
    quantumWh / interval.claimedWh,
  );
  const shares = ENERGY_CHEAT_SHARES.powerIntegral;
  return likelihoodRatio({
    name: 'power-integral',
    value: Math.log(interval.claimedWh / integralWh),
    honest: normalModel(0, sd),
    cheat: mixtureModel([
      [shares.scaled, shiftedNormalModel(0, sd, Math.log(2), Math.log(2000))],
      [shares.unseen, normalModel(0, sd)],
    ]),
    against: 'a scale-factor or unit error, mixed with cheats this check cannot see',
    measured: { integralWh, claimedWh: interval.claimedWh, gaps, variability, sd },
  });
}

export function frozenAccumulator(interval: EnergyInterval): EvidenceCheck {
  const reads = interval.register.reads.slice(interval.startIndex, interval.endIndex + 1);
  const { ratedAcPowerW } = interval.claim.value.device;
  let frozenSteps = 0;
  for (let index = 1; index < reads.length; index++) {
    const a = reads[index - 1]!;
    const b = reads[index]!;
    const expectedWh = ((a.w + b.w) / 2) * ((b.tMs - a.tMs) / HOUR_MS);
    const movedWh = registerWh(b.wh, b.whSf) - registerWh(a.wh, a.whSf);
    const powered = Math.min(a.w, b.w) > ENERGY_POWERED_SHARE_MIN * ratedAcPowerW;
    if (powered && movedWh === 0 && expectedWh > ENERGY_FROZEN_QUANTA_MIN * 10 ** b.whSf)
      frozenSteps++;
  }
  const frozen = frozenSteps > 0 && interval.claimedWh > 0 ? 1 : 0;
  return likelihoodRatio({
    name: 'frozen-accumulator',
    value: frozen,
    honest: passFailModel(ENERGY_CHEAT_SHARES.frozenHonest),
    cheat: passFailModel(ENERGY_CHEAT_SHARES.frozenCheat),
    against: 'fabricated readings filled in after a frozen register',
    measured: { frozenSteps, claimedWh: interval.claimedWh },
  });
}
