/**
 * A generated interval before it becomes a proof: the device, the window and the evidence the
 * producer's logger holds (register reads, meter reads, irradiance samples). The honest scenario
 * is read off a simulated minute series; cheating models edit a scenario; caseFromScenario turns
 * any scenario into a proof, its evidence bytes and the truth label.
 */
import { buildProof, digestOfText, ed25519SignerFromSeed, formatTimestamp } from '@mycel/kernel';
import { ENERGY_CLOCK_SD_MS, ENERGY_GAP_RATE_HONEST, ENERGY_SAMPLE_CADENCE_MS } from '../limits.js';
import type { GeneratedCase } from '../mechanism/mip-module.js';
import { evidenceBytes, evidenceEntry } from '../mechanism/verify-reality.js';
import type { Random } from '../probability/random.js';
import {
  ENERGY_GENERATION_MIP,
  ENERGY_PREDICATE,
  ENERGY_UNIT,
  type EnergyClaim,
  type IrradianceEvidence,
  type MeterEvidence,
  type RegisterEvidence,
  registerWh,
} from './energy-claim-schema.js';
import { ENERGY_MEDIA_TYPES } from './energy-roles.js';
import type { SimDevice, SimSeries } from './energy-simulation.js';

const producer = ed25519SignerFromSeed(new Uint8Array(32).fill(21));

export interface EnergyScenario {
  readonly device: SimDevice;
  readonly startMs: number;
  readonly endMs: number;
  /** Index of the claim's start and end reads in register.reads. */
  startIndex: number;
  endIndex: number;
  register: { -readonly [K in keyof RegisterEvidence]: RegisterEvidence[K] };
  meter?: MeterEvidence;
  irradiance?: IrradianceEvidence;
}

type Read = RegisterEvidence['reads'][number];

function jitter(random: Random, timeMs: number): number {
  return Math.round(timeMs + random.normal(0, ENERGY_CLOCK_SD_MS));
}

/** The honest evidence of `series`, which starts one cadence before the window. */
export function honestScenario(
  random: Random,
  device: SimDevice,
  series: SimSeries,
  startMs: number,
  endMs: number,
  options: { readonly meter: boolean; readonly sameLogger: boolean; readonly irradiance: boolean },
): EnergyScenario {
  const cadenceMin = ENERGY_SAMPLE_CADENCE_MS / 60_000;
  const steps = Math.round((endMs - startMs) / ENERGY_SAMPLE_CADENCE_MS) + 1;
  const produced: number[] = [0];
  for (const power of series.powerW) produced.push(produced.at(-1)! + power / 60);
  const whScale = 10 ** device.whSf;
  const reads: Read[] = [];
  for (let step = 0; step <= steps; step++) {
    const minute = step * cadenceMin;
    const interior = step > 1 && step < steps;
    if (interior && random.chance(ENERGY_GAP_RATE_HONEST)) continue;
    const wh = device.accumulatorStartWh + produced[minute]! * (1 + device.inverterBias);
    const power = series.powerW[Math.min(minute, series.minutes - 1)]!;
    reads.push({
      tMs: jitter(random, series.fromMs + minute * 60_000),
      wh: Math.floor(wh / whScale),
      whSf: device.whSf,
      w: Math.round(power * (1 + random.normal(0, 0.005))),
    });
  }
  const scenario: EnergyScenario = {
    device,
    startMs,
    endMs,
    startIndex: 1,
    endIndex: reads.length - 1,
    register: { model: 103, point: 'WH', reads },
  };
  if (options.meter) {
    const meterScale = 10 ** device.meterSf;
    const factor = (1 - device.meterLoss) * (1 + device.meterBias);
    const meterRead = (minute: number) => ({
      tMs: jitter(random, series.fromMs + minute * 60_000),
      wh: Math.floor((device.meterStartWh + produced[minute]! * factor) / meterScale),
      whSf: device.meterSf,
    });
    scenario.meter = {
      model: 203,
      point: 'TotWhExp',
      sameLogger: options.sameLogger,
      reads: [meterRead(cadenceMin), meterRead(steps * cadenceMin)],
    };
  }
  if (options.irradiance) {
    const samples: IrradianceEvidence['samples'] = [];
    for (let step = 2; step <= steps; step++) {
      if (random.chance(ENERGY_GAP_RATE_HONEST)) continue;
      let sum = 0;
      for (let minute = (step - 1) * cadenceMin; minute < step * cadenceMin; minute++)
        sum += series.poa[minute]!;
      const mean =
        (sum / cadenceMin) * (1 + device.pyranometerBias) * (1 + random.normal(0, 0.005));
      samples.push({
        tMs: jitter(random, series.fromMs + step * ENERGY_SAMPLE_CADENCE_MS),
        wm2: Math.round(Math.min(2000, Math.max(0, mean)) * 10) / 10,
      });
    }
    scenario.irradiance = { plane: 'poa', cadenceMs: ENERGY_SAMPLE_CADENCE_MS, samples };
  }
  return scenario;
}

/** The claim a scenario's producer makes: the start and end reads, as Wh. */
export function scenarioClaim(scenario: EnergyScenario): EnergyClaim {
  const start = scenario.register.reads[scenario.startIndex]!;
  const end = scenario.register.reads[scenario.endIndex]!;
  const { device } = scenario;
  return {
    subject: device.id,
    predicate: ENERGY_PREDICATE,
    value: {
      wh: registerWh(end.wh, end.whSf) - registerWh(start.wh, start.whSf),
      register: {
        model: scenario.register.model,
        point: scenario.register.point,
        start: { raw: start.wh, sf: start.whSf },
        end: { raw: end.wh, sf: end.whSf },
      },
      device: {
        technology: 'solar-pv',
        ratedAcPowerW: device.ratedAcPowerW,
        nameplateDcW: device.nameplateDcW,
        location: { lat: device.site.lat, lon: device.site.lon },
        commissioned: device.commissioned,
        meterIdHash: digestOfText(device.meterSerial),
      },
    },
    unit: ENERGY_UNIT,
    window: { start: formatTimestamp(scenario.startMs), end: formatTimestamp(scenario.endMs) },
  };
}

/** A proof of the scenario's claim with its evidence, labelled. */
export function caseFromScenario(
  scenario: EnergyScenario,
  label: string,
  claim: EnergyClaim = scenarioClaim(scenario),
): GeneratedCase {
  const pieces: { mediaType: string; bytes: Uint8Array }[] = [
    { mediaType: ENERGY_MEDIA_TYPES.register, bytes: evidenceBytes(scenario.register) },
  ];
  if (scenario.meter !== undefined) {
    pieces.push({ mediaType: ENERGY_MEDIA_TYPES.meter, bytes: evidenceBytes(scenario.meter) });
  }
  if (scenario.irradiance !== undefined) {
    pieces.push({
      mediaType: ENERGY_MEDIA_TYPES.irradiance,
      bytes: evidenceBytes(scenario.irradiance),
    });
  }
  const end = formatTimestamp(scenario.endMs);
  const proof = buildProof({
    mip: ENERGY_GENERATION_MIP,
    federation: 'devnet',
    claim,
    attestation: { issuer: producer.key.did, capturedAt: end },
    evidence: pieces.map((piece) => evidenceEntry(piece.mediaType, piece.bytes, 'vault:producer')),
    issuedAt: end,
  });
  return {
    label,
    truth: label === 'honest',
    proof,
    evidence: pieces,
    context: { nowMs: scenario.endMs + 60_000 },
  };
}
