/**
 * The calibration case generator of `mip-enr/generation-interval@1.0.0`: honest intervals drawn
 * from the simulated world (energy-simulation.ts) at the module's prior share, the rest split
 * evenly over the five cheating models (energy-cheats.ts).
 */
import { ENERGY_SAMPLE_CADENCE_MS } from '../limits.js';
import { caseLabels } from '../mechanism/case-labels.js';
import type { GeneratedCase } from '../mechanism/mip-module.js';
import type { Random } from '../probability/random.js';
import { ENERGY_CHEAT_MODELS, ENERGY_CHEAT_SHARES } from './energy-cheat-shares.js';
import { fabricate, inflate, replay, rollback, unitError } from './energy-cheats.js';
import { caseFromScenario, type EnergyScenario, honestScenario } from './energy-scenario.js';
import {
  type SimDevice,
  type SkyRegime,
  sampleDevice,
  simulateSeries,
} from './energy-simulation.js';
import { ENERGY_PRIOR } from './energy-verify.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** A window of `minutes` on a day of 2026, `offsetHours` from the site's solar noon. */
function windowAt(
  device: SimDevice,
  day: number,
  offsetHours: number,
  minutes: number,
): [number, number] {
  const noonMs = Date.UTC(2026, 0, 1) + day * DAY_MS + (12 - device.site.lon / 15) * 3_600_000;
  const raw = noonMs + offsetHours * 3_600_000;
  const startMs = Math.round(raw / ENERGY_SAMPLE_CADENCE_MS) * ENERGY_SAMPLE_CADENCE_MS;
  return [startMs, startMs + minutes * MINUTE_MS];
}

function daylightWindow(random: Random, device: SimDevice): [number, number] {
  const minutes = random.pick([15, 30, 60, 60, 60]);
  return windowAt(
    device,
    random.integer(0, 364),
    random.uniform(-5.5, 5.5 - minutes / 60),
    minutes,
  );
}

export function scenarioAt(
  random: Random,
  device: SimDevice,
  startMs: number,
  endMs: number,
): EnergyScenario {
  const regime: SkyRegime = random.pick(['clear', 'clear', 'broken', 'broken', 'overcast']);
  const minutes = (endMs - startMs) / MINUTE_MS + 5;
  const series = simulateSeries(
    random,
    device,
    startMs - ENERGY_SAMPLE_CADENCE_MS,
    minutes,
    regime,
  );
  const meter = random.chance(0.6);
  const scenario = honestScenario(random, device, series, startMs, endMs, {
    meter,
    sameLogger: meter && random.chance(0.5),
    irradiance: random.chance(0.8),
  });
  if (
    random.chance(ENERGY_CHEAT_SHARES.frozenHonest) &&
    scenario.endIndex - scenario.startIndex >= 2
  ) {
    // An honest firmware stall: one read repeats the one before, the next catches up.
    const reads = scenario.register.reads;
    const index = scenario.startIndex + 1;
    reads[index] = { ...reads[index]!, wh: reads[index - 1]!.wh };
  }
  return scenario;
}

export function generateCase(random: Random, label: string, index: number): GeneratedCase {
  const device = sampleDevice(random, index);
  const [startMs, endMs] = daylightWindow(random, device);
  const honest = scenarioAt(random, device, startMs, endMs);
  switch (label) {
    case 'honest':
      return caseFromScenario(honest, label);
    case 'inflated':
      return caseFromScenario(inflate(random, honest), label);
    case 'unit-error':
      return caseFromScenario(unitError(random, honest), label);
    case 'rollback':
      return caseFromScenario(rollback(random, honest), label);
    case 'fabricated':
      return caseFromScenario(fabricate(random, honest), label);
    case 'replayed': {
      const minutes = (endMs - startMs) / MINUTE_MS;
      const [targetStart, targetEnd] = windowAt(
        device,
        random.integer(0, 364),
        random.uniform(-12, 12),
        minutes,
      );
      return caseFromScenario(replay(random, honest, targetStart, targetEnd), label);
    }
    default:
      throw new Error(`assertion failed: unknown energy case label ${label}`);
  }
}

export function generateEnergyCases(random: Random, count: number): GeneratedCase[] {
  return caseLabels(count, ENERGY_PRIOR.p, ENERGY_CHEAT_MODELS).map((label, index) =>
    generateCase(random, label, index),
  );
}
