/**
 * The cheating models of the case generator, each an edit of an honest scenario by a producer
 * who controls the device's own logger: inflate the accumulator (and its power samples), replay
 * another interval's evidence, report the wrong scale factor (kWh as Wh), rewind the accumulator
 * to re-count energy already claimed, or fabricate readings without regard for the weather. The
 * revenue meter is edited only where the producer can reach it (same logger), and irradiance is
 * left alone except by replays, which carry their own.
 */
import {
  ENERGY_INFLATION_HIGH,
  ENERGY_INFLATION_LOW,
  ENERGY_METER_LOSS_MEAN,
  ENERGY_SHARED_LOGGER_FAILURE,
} from '../limits.js';
import type { Random } from '../probability/random.js';
import type { EnergyScenario } from './energy-scenario.js';

const HOUR_MS = 3_600_000;

export function inflate(random: Random, scenario: EnergyScenario): EnergyScenario {
  const factor = 1 + random.uniform(ENERGY_INFLATION_LOW, ENERGY_INFLATION_HIGH);
  const reads = scenario.register.reads.map((read) => ({ ...read }));
  const base = reads[scenario.startIndex]!.wh;
  for (let index = scenario.startIndex; index < reads.length; index++) {
    const read = reads[index]!;
    read.wh = base + Math.floor((read.wh - base) * factor);
    read.w = Math.round(read.w * factor);
  }
  const next: EnergyScenario = { ...scenario, register: { ...scenario.register, reads } };
  const meter = scenario.meter;
  if (meter?.sameLogger && random.chance(ENERGY_SHARED_LOGGER_FAILURE)) {
    const first = meter.reads[0]!;
    const meterReads = meter.reads.map((read) => ({
      ...read,
      wh: first.wh + Math.floor((read.wh - first.wh) * factor),
    }));
    next.meter = { ...meter, reads: meterReads };
  }
  return next;
}

/** kWh reported as Wh (scale factor +3) or a scale factor off by one decade. */
export function unitError(random: Random, scenario: EnergyScenario): EnergyScenario {
  const shift = random.pick([1, 3]);
  const reads = scenario.register.reads.map((read) => ({ ...read, whSf: read.whSf + shift }));
  return { ...scenario, register: { ...scenario.register, reads } };
}

/**
 * The accumulator rewound just before the window by 1–3 windows' worth of energy, so the window
 * re-counts energy an earlier proof already claimed (its register range overlaps that proof's).
 */
export function rollback(random: Random, scenario: EnergyScenario): EnergyScenario {
  const reads = scenario.register.reads.map((read) => ({ ...read }));
  const windowRaw = reads[scenario.endIndex]!.wh - reads[scenario.startIndex]!.wh;
  const rewind = Math.max(5, Math.round(random.uniform(1, 3) * Math.max(windowRaw, 10)));
  for (let index = scenario.startIndex; index < reads.length; index++) {
    reads[index]!.wh = Math.max(0, reads[index]!.wh - rewind);
  }
  return { ...scenario, register: { ...scenario.register, reads } };
}

/** Readings made up as a flat output of 10–85 % of rating, and a meter made to match. */
export function fabricate(random: Random, scenario: EnergyScenario): EnergyScenario {
  const { device, startMs, endMs } = scenario;
  const powerW = device.ratedAcPowerW * random.uniform(0.1, 0.85);
  const frozen = random.chance(0.5);
  const reads = scenario.register.reads.map((read) => ({ ...read }));
  const start = reads[scenario.startIndex]!;
  const scale = 10 ** start.whSf;
  const totalRaw = Math.floor((powerW * (endMs - startMs)) / HOUR_MS / scale);
  for (let index = scenario.startIndex + 1; index < reads.length; index++) {
    const read = reads[index]!;
    const share = Math.min(1, Math.max(0, (read.tMs - startMs) / (endMs - startMs)));
    const interior = index < scenario.endIndex;
    read.wh = start.wh + (frozen && interior ? 0 : Math.floor(totalRaw * share));
    read.w = Math.round(powerW * (1 + random.normal(0, 0.03)));
  }
  start.w = Math.round(powerW * (1 + random.normal(0, 0.03)));
  const next: EnergyScenario = { ...scenario, register: { ...scenario.register, reads } };
  if (scenario.meter !== undefined) {
    const meter = scenario.meter;
    const first = meter.reads[0]!;
    const meterRaw = Math.floor(
      (totalRaw * scale * (1 - ENERGY_METER_LOSS_MEAN)) / 10 ** first.whSf,
    );
    next.meter = {
      ...meter,
      reads: meter.reads.map((read, index) => ({
        ...read,
        wh: first.wh + (index === 0 ? 0 : meterRaw),
      })),
    };
  }
  return next;
}

/**
 * Another interval's evidence under this window's claim: either with its own timestamps, or
 * with every timestamp shifted onto the window.
 */
export function replay(
  random: Random,
  source: EnergyScenario,
  startMs: number,
  endMs: number,
): EnergyScenario {
  const shift = random.chance(0.5) ? startMs - source.startMs : 0;
  const moved = <T extends { tMs: number }>(items: readonly T[]): T[] =>
    items.map((item) => ({ ...item, tMs: item.tMs + shift }));
  return {
    ...source,
    startMs,
    endMs,
    register: { ...source.register, reads: moved(source.register.reads) },
    ...(source.meter !== undefined
      ? { meter: { ...source.meter, reads: moved(source.meter.reads) } }
      : {}),
    ...(source.irradiance !== undefined
      ? { irradiance: { ...source.irradiance, samples: moved(source.irradiance.samples) } }
      : {}),
  };
}
