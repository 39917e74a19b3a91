/**
 * A simulated lot for the calibration benchmark: a CNC-turned shaft diameter (tolerances of IT6–IT8
 * around common diameters), a normal process with a mean offset and slow tool-wear drift, gauges
 * whose noise is their stated repeatability and whose readings are quantised to their resolution,
 * subgroups taken every k machine cycles, and an optional audit by a better-equipped auditor.
 * The cheating models (lot-generator.ts) start from this and change what a cheater would change.
 */
import type { Random } from '../probability/random.js';
import type { MfgCertificate } from './lot-evidence-schema.js';
import { chartSeries, cpkOf, westernElectricSignal } from './spc-statistics.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const DIAMETERS_MM = [6, 12, 20, 25, 32, 40];
const TOLERANCES_MM = [0.016, 0.02, 0.03, 0.05, 0.08];
const RESOLUTIONS_MM = [0.001, 0.0005, 0.0002, 0.0001];
/** First day of the simulated production calendar: 2026-01-01T00:00:00Z. */
const CALENDAR_START_MS = Date.UTC(2026, 0, 1);

export interface SimulatedMeasurement {
  atMs: number;
  cycle: number;
  gauge: string;
  subgroup: number;
  value: number;
  /** The part's true diameter, for the auditor. */
  readonly trueValue: number;
}

export interface SimulatedLot {
  readonly nominal: number;
  readonly lsl: number;
  readonly usl: number;
  readonly target: number;
  readonly subgroupSize: number;
  readonly resolution: number;
  readonly repeatability: number;
  measurements: SimulatedMeasurement[];
  certificates: MfgCertificate[];
  readonly startMs: number;
  readonly endMs: number;
  readonly startCycle: number;
  readonly endCycle: number;
  partCount: number;
  audit?: {
    readonly expandedUncertainty: number;
    readonly remeasured: { index: number; value: number }[];
  };
}

export interface LotOptions {
  readonly cpkLow: number;
  readonly cpkHigh: number;
  /** Test-uncertainty ratio range of the gauges. */
  readonly turLow: number;
  readonly turHigh: number;
}

export function quantise(value: number, step: number): number {
  return Number((Math.round(value / step) * step).toFixed(6));
}

/** One certificate per gauge, issued 10 … 300 days before the lot and valid for a year. */
function gaugeCertificates(
  random: Random,
  gauges: number,
  startMs: number,
  stated: Pick<MfgCertificate, 'expandedUncertainty' | 'repeatability' | 'resolution'>,
): MfgCertificate[] {
  const certificates: MfgCertificate[] = [];
  for (let g = 0; g < gauges; g++) {
    const validFromMs = startMs - Math.round(random.uniform(10, 300)) * DAY_MS;
    certificates.push({
      gauge: `MIC-${random.integer(100, 999)}-${g}`,
      certificate: `CAL-${random.integer(10_000, 99_999)}`,
      validFrom: new Date(validFromMs).toISOString(),
      validUntil: new Date(validFromMs + 365 * DAY_MS).toISOString(),
      ...stated,
    });
  }
  return certificates;
}

/** The process and the gauges, before any sampling: every parameter a lot draws. */
export function simulateLot(random: Random, options: LotOptions, target: number): SimulatedLot {
  const nominal = random.pick(DIAMETERS_MM);
  const tolerance = random.pick(TOLERANCES_MM);
  const tur = random.uniform(options.turLow, options.turHigh);
  const expandedUncertainty = Number((tolerance / (2 * tur)).toPrecision(3));
  const repeatability = Number((expandedUncertainty / 2 / random.uniform(1, 1.3)).toPrecision(3));
  const resolution = RESOLUTIONS_MM.find((step) => step <= repeatability) ?? 0.0001;
  const goodParts = random.integer(200, 5000);
  const cycles = Math.ceil(goodParts / (1 - random.uniform(0, 0.03)));
  const cycleMs = Math.round(random.uniform(20, 120) * 1000);
  const startMs =
    CALENDAR_START_MS + random.integer(0, 300) * DAY_MS + random.integer(0, 86_399) * 1000;
  const startCycle = random.integer(10_000, 10_000_000);
  const gauges = random.integer(1, 2);
  const certificates = gaugeCertificates(random, gauges, startMs, {
    expandedUncertainty,
    repeatability,
    resolution,
  });
  const cpkTrue = random.uniform(options.cpkLow, options.cpkHigh);
  const cp = cpkTrue + random.uniform(0, 0.4);
  const sigma = tolerance / (6 * cp);
  const offset = (tolerance / 2 - 3 * sigma * cpkTrue) * (random.chance(0.5) ? 1 : -1);
  const drift = random.uniform(-0.3, 0.3) * sigma;
  const subgroupSize = random.pick([1, 3, 4, 5]);
  const groups =
    subgroupSize === 1
      ? random.integer(30, 50)
      : random.integer(Math.ceil(30 / subgroupSize), Math.floor(125 / subgroupSize));
  const interval = cycles / groups;
  const delayMs = Math.round(random.uniform(60, 600) * 1000);
  const measurements: SimulatedMeasurement[] = [];
  for (let j = 0; j < groups; j++) {
    const first = startCycle + Math.round((j + 0.5 + random.uniform(-0.1, 0.1)) * interval);
    for (let k = 0; k < subgroupSize; k++) {
      const cycle = first + k;
      const share = (cycle - startCycle) / cycles;
      const trueValue = nominal + offset + drift * share + random.normal(0, sigma);
      measurements.push({
        atMs: startMs + (first - startCycle + subgroupSize) * cycleMs + delayMs,
        cycle,
        gauge: certificates[j % gauges]!.gauge,
        subgroup: j,
        value: quantise(trueValue + random.normal(0, repeatability), resolution),
        trueValue,
      });
    }
  }
  return {
    nominal,
    lsl: Number((nominal - tolerance / 2).toFixed(4)),
    usl: Number((nominal + tolerance / 2).toFixed(4)),
    target,
    subgroupSize,
    resolution,
    repeatability,
    measurements,
    certificates,
    startMs,
    endMs: startMs + cycles * cycleMs + 3_600_000,
    startCycle,
    endCycle: startCycle + cycles,
    partCount: goodParts,
  };
}

/** The lot's recomputed Cpk, or undefined when its chart signals or it has no variation. */
export function lotCpk(lot: SimulatedLot): number | undefined {
  const groups: number[][] = [];
  for (const m of lot.measurements) {
    if (m.subgroup === groups.length) groups.push([]);
    groups[m.subgroup]!.push(m.value);
  }
  const chart = chartSeries(groups);
  if (!(chart.sigmaWithin > 0) || westernElectricSignal(chart) !== undefined) return undefined;
  return cpkOf(chart.center, chart.sigmaWithin, lot.lsl, lot.usl);
}

/** An auditor re-measures k of the series' parts with a gauge of 40–80 % of the producer's U. */
export function addAudit(random: Random, lot: SimulatedLot): void {
  const producerU = lot.certificates[0]!.expandedUncertainty;
  const expandedUncertainty = Number((producerU * random.uniform(0.4, 0.8)).toPrecision(3));
  const count = Math.min(random.integer(5, 10), lot.measurements.length);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(random.integer(0, lot.measurements.length - 1));
  lot.audit = {
    expandedUncertainty,
    remeasured: [...chosen]
      .sort((a, b) => a - b)
      .map((index) => ({
        index,
        value: quantise(
          lot.measurements[index]!.trueValue + random.normal(0, expandedUncertainty / 2),
          0.0001,
        ),
      })),
  };
}
