/**
 * The gateway's pure core: readings of one interval in, the MIP-ENR claim and its three evidence
 * documents out (register: accumulator + power every cadence; meter: the revenue meter at the
 * edges; irradiance: plane-of-array means), or a code and nothing else. Protocol-neutral: any
 * adapter's `Reading`s (Modbus SunSpec, OPC UA, Sparkplug B) plug in by naming their metrics.
 * An accumulator reading's register form is raw.acc × 10^raw.sf; without it, its Wh value at sf 0.
 */
import { digestOfText, formatTimestamp, type JsonValue, parseTimestamp } from '@mycel/kernel';
import {
  ENERGY_MEDIA_TYPES,
  ENERGY_PREDICATE,
  ENERGY_UNIT,
  type EnergyClaim,
  type EnergyDevice,
  evidenceBytes,
  type IrradianceEvidence,
  type MeterEvidence,
  type RegisterEvidence,
  registerWh,
} from '@mycel/mips';
import {
  GATEWAY_EDGE_READ_MS_MAX,
  GATEWAY_INTERVAL_MS_MAX,
  GATEWAY_INTERVAL_MS_MIN,
  GATEWAY_RATED_HEADROOM,
  GATEWAY_READ_CADENCE_MS,
  GATEWAY_READINGS_PER_INTERVAL_MAX,
} from '../limits/gateway.js';
import { SUNSPEC_SCALE_FACTOR_MAX, SUNSPEC_SCALE_FACTOR_MIN } from '../limits/modbus.js';
import type { Reading } from '../reading.js';
import { type GatewayResult, gatewayFail } from './gateway-error-codes.js';

const HOUR_MS = 3_600_000;

/** Which reading metric is which quantity; defaults are SunSpec's point names. */
export interface GatewayMetrics {
  /** Inverter lifetime energy accumulator, Wh (SunSpec 103 `WH`). */
  readonly energy: string;
  /** Inverter AC power, W (SunSpec 103 `W`). */
  readonly power: string;
  /** Revenue meter exported energy, Wh (SunSpec 203 `TotWhExp`). */
  readonly meterEnergy: string;
  /** Plane-of-array irradiance, W/m² (SunSpec 302 `POAI`). */
  readonly irradiance: string;
}

export const SUNSPEC_METRICS: GatewayMetrics = {
  energy: 'WH',
  power: 'W',
  meterEnergy: 'TotWhExp',
  irradiance: 'POAI',
};

/** What the producer declares about its device (EnergyTag attributes); the meter by serial. */
export interface GatewayDevice {
  /** did:key of the device: its readings carry it, its key signs the proofs. */
  readonly did: string;
  /** The claim's subject, e.g. `device:pv-chennai-1`. */
  readonly subject: string;
  readonly ratedAcPowerW: number;
  readonly nameplateDcW: number;
  readonly location: { readonly lat: number; readonly lon: number };
  /** YYYY-MM-DD. */
  readonly commissioned: string;
  /** The meter's serial; only its SHA-256 travels. */
  readonly meterSerial: string;
}

export interface IntervalSpec {
  readonly startMs: number;
  readonly endMs: number;
  readonly device: GatewayDevice;
  readonly metrics?: GatewayMetrics;
  /**
   * True when the meter is read through the inverter's own data logger (one failure could bend
   * both). The SunSpec gateway polls the meter on its own unit id: false.
   */
  readonly meterSameLogger?: boolean;
}

export type EvidenceRoleName = 'register' | 'meter' | 'irradiance';

export interface EvidencePiece {
  readonly role: EvidenceRoleName;
  readonly mediaType: string;
  /** RFC 8785 bytes of the evidence document: what the vault keeps, what the digest names. */
  readonly bytes: Uint8Array;
}

export interface IntervalEvidence {
  readonly claim: EnergyClaim;
  readonly register: RegisterEvidence;
  readonly meter?: MeterEvidence;
  readonly irradiance?: IrradianceEvidence;
  readonly pieces: readonly EvidencePiece[];
}

interface AccRead {
  readonly tMs: number;
  readonly raw: number;
  readonly sf: number;
}

function timeOf(reading: Reading): number | undefined {
  const time = parseTimestamp(reading.capturedAt);
  return time === undefined || !Number.isFinite(time) ? undefined : time;
}

function accumulatorRead(reading: Reading, tMs: number): GatewayResult<AccRead> {
  const acc = reading.raw?.acc;
  const sf = reading.raw?.sf;
  if (typeof acc === 'number' || typeof sf === 'number') {
    if (typeof sf !== 'number' || !Number.isInteger(sf)) {
      return gatewayFail(
        'gateway_reading_invalid',
        `${reading.metric} at ${reading.capturedAt} has no integer sf`,
      );
    }
    if (sf < SUNSPEC_SCALE_FACTOR_MIN || sf > SUNSPEC_SCALE_FACTOR_MAX) {
      return gatewayFail(
        'gateway_scale_factor_invalid',
        `${reading.metric} at ${reading.capturedAt} has scale factor ${sf}`,
      );
    }
    if (typeof acc !== 'number' || !Number.isSafeInteger(acc) || acc < 0) {
      return gatewayFail(
        'gateway_reading_invalid',
        `${reading.metric} at ${reading.capturedAt} has no raw count`,
      );
    }
    return { ok: true, value: { tMs, raw: acc, sf } };
  }
  if (!Number.isFinite(reading.value) || reading.value < 0) {
    return gatewayFail(
      'gateway_reading_invalid',
      `${reading.metric} at ${reading.capturedAt} is ${reading.value}`,
    );
  }
  return { ok: true, value: { tMs, raw: Math.round(reading.value), sf: 0 } };
}

/** The read nearest `timeMs` within the edge bound, searching from index `from`. */
function nearest(reads: readonly AccRead[], timeMs: number, from = 0): number {
  let best = -1;
  for (let index = from; index < reads.length; index++) {
    const offset = Math.abs(reads[index]!.tMs - timeMs);
    if (offset > GATEWAY_EDGE_READ_MS_MAX) continue;
    if (best < 0 || offset < Math.abs(reads[best]!.tMs - timeMs)) best = index;
  }
  return best;
}

function accumulatorSeries(
  readings: readonly Reading[],
  metric: string,
  spec: IntervalSpec,
): GatewayResult<AccRead[]> {
  const reads: AccRead[] = [];
  for (const reading of readings) {
    if (reading.metric !== metric) continue;
    const tMs = timeOf(reading);
    if (tMs === undefined) {
      return gatewayFail('gateway_reading_invalid', `${metric} has time "${reading.capturedAt}"`);
    }
    if (
      tMs < spec.startMs - GATEWAY_EDGE_READ_MS_MAX ||
      tMs > spec.endMs + GATEWAY_EDGE_READ_MS_MAX
    )
      continue;
    const read = accumulatorRead(reading, tMs);
    if (!read.ok) return read;
    reads.push(read.value);
  }
  reads.sort((a, b) => a.tMs - b.tMs);
  for (let index = 1; index < reads.length; index++) {
    const before = reads[index - 1]!;
    const after = reads[index]!;
    if (registerWh(after.raw, after.sf) < registerWh(before.raw, before.sf)) {
      return gatewayFail(
        'gateway_accumulator_rollback',
        `${metric} fell from ${registerWh(before.raw, before.sf)} Wh at ${formatTimestamp(before.tMs)} to ${registerWh(after.raw, after.sf)} Wh at ${formatTimestamp(after.tMs)}`,
      );
    }
  }
  return { ok: true, value: reads };
}

export function checkIntervalSpec(spec: IntervalSpec): GatewayResult<void> {
  const length = spec.endMs - spec.startMs;
  if (
    !Number.isSafeInteger(spec.startMs) ||
    !Number.isSafeInteger(spec.endMs) ||
    !(length >= GATEWAY_INTERVAL_MS_MIN && length <= GATEWAY_INTERVAL_MS_MAX) ||
    length % GATEWAY_READ_CADENCE_MS !== 0
  ) {
    return gatewayFail(
      'gateway_interval_invalid',
      `an interval is ${GATEWAY_INTERVAL_MS_MIN / 60000}..${GATEWAY_INTERVAL_MS_MAX / 60000} min in whole ${GATEWAY_READ_CADENCE_MS / 60000}-min reads, not ${length / 60000}`,
    );
  }
  return { ok: true, value: undefined };
}

/** The claim and evidence documents of one interval, from its readings. */
export function buildIntervalEvidence(
  readings: readonly Reading[],
  spec: IntervalSpec,
): GatewayResult<IntervalEvidence> {
  const checked = checkIntervalSpec(spec);
  if (!checked.ok) return checked;
  const metrics = spec.metrics ?? SUNSPEC_METRICS;
  const stranger = readings.find((reading) => reading.device !== spec.device.did);
  if (stranger !== undefined) {
    return gatewayFail(
      'gateway_device_mismatch',
      `a ${stranger.metric} reading is from ${stranger.device}`,
    );
  }
  const inside = readings.filter((reading) => {
    const tMs = timeOf(reading);
    return (
      tMs !== undefined &&
      tMs >= spec.startMs - GATEWAY_EDGE_READ_MS_MAX &&
      tMs <= spec.endMs + GATEWAY_EDGE_READ_MS_MAX
    );
  });
  if (inside.length > GATEWAY_READINGS_PER_INTERVAL_MAX * 4) {
    return gatewayFail('gateway_too_many_readings', `${inside.length} readings in one interval`);
  }
  const energy = accumulatorSeries(inside, metrics.energy, spec);
  if (!energy.ok) return energy;
  const startIndex = nearest(energy.value, spec.startMs);
  const endIndex = startIndex < 0 ? -1 : nearest(energy.value, spec.endMs, startIndex + 1);
  if (startIndex < 0 || endIndex < 0) {
    return gatewayFail(
      'gateway_edge_read_missing',
      `no ${metrics.energy} reading within ${GATEWAY_EDGE_READ_MS_MAX / 1000} s of ${startIndex < 0 ? 'the start' : 'the end'}`,
    );
  }
  const used = energy.value.slice(startIndex, endIndex + 1);
  if (used.length > GATEWAY_READINGS_PER_INTERVAL_MAX) {
    return gatewayFail(
      'gateway_too_many_readings',
      `${used.length} accumulator reads in one interval`,
    );
  }
  const powerAt = new Map<number, number>();
  for (const reading of inside) {
    if (reading.metric !== metrics.power) continue;
    if (Number.isFinite(reading.value)) powerAt.set(timeOf(reading)!, Math.max(0, reading.value));
  }
  const reads: RegisterEvidence['reads'] = [];
  for (const read of used) {
    const w = powerAt.get(read.tMs);
    if (w === undefined) {
      return gatewayFail(
        'gateway_readings_incomplete',
        `no ${metrics.power} reading at ${formatTimestamp(read.tMs)}`,
      );
    }
    reads.push({ tMs: read.tMs, wh: read.raw, whSf: read.sf, w });
  }
  const start = used[0]!;
  const end = used.at(-1)!;
  const wh = registerWh(end.raw, end.sf) - registerWh(start.raw, start.sf);
  if (wh <= 0) {
    return gatewayFail(
      'gateway_interval_empty',
      `${metrics.energy} did not move from ${formatTimestamp(start.tMs)}`,
    );
  }
  const capacityWh = (spec.device.ratedAcPowerW * (spec.endMs - spec.startMs)) / HOUR_MS;
  if (wh > capacityWh * (1 + GATEWAY_RATED_HEADROOM)) {
    return gatewayFail(
      'gateway_energy_implausible',
      `${wh} Wh in ${(spec.endMs - spec.startMs) / 60000} min from a ${spec.device.ratedAcPowerW} W inverter (at most ${Math.round(capacityWh)} Wh)`,
    );
  }
  const register: RegisterEvidence = { model: 103, point: 'WH', reads };
  const meter = meterEvidence(inside, metrics, spec);
  if (meter !== undefined && !meter.ok) return meter;
  const irradiance = irradianceEvidence(inside, metrics, spec);
  const claim: EnergyClaim = {
    subject: spec.device.subject,
    predicate: ENERGY_PREDICATE,
    value: {
      wh,
      register: {
        model: 103,
        point: 'WH',
        start: { raw: start.raw, sf: start.sf },
        end: { raw: end.raw, sf: end.sf },
      },
      device: energyDevice(spec.device),
    },
    unit: ENERGY_UNIT,
    window: { start: formatTimestamp(spec.startMs), end: formatTimestamp(spec.endMs) },
  };
  const pieces: EvidencePiece[] = [piece('register', register)];
  if (meter !== undefined) pieces.push(piece('meter', meter.value));
  if (irradiance !== undefined) pieces.push(piece('irradiance', irradiance));
  return {
    ok: true,
    value: {
      claim,
      register,
      ...(meter !== undefined ? { meter: meter.value } : {}),
      ...(irradiance !== undefined ? { irradiance } : {}),
      pieces,
    },
  };
}

function piece(role: EvidenceRoleName, document: object): EvidencePiece {
  return { role, mediaType: ENERGY_MEDIA_TYPES[role], bytes: evidenceBytes(document as JsonValue) };
}

function energyDevice(device: GatewayDevice): EnergyDevice {
  return {
    technology: 'solar-pv',
    ratedAcPowerW: device.ratedAcPowerW,
    nameplateDcW: device.nameplateDcW,
    location: { lat: device.location.lat, lon: device.location.lon },
    commissioned: device.commissioned,
    meterIdHash: digestOfText(device.meterSerial),
  };
}

/** The meter's reads nearest the window's edges, when it was read there. */
function meterEvidence(
  readings: readonly Reading[],
  metrics: GatewayMetrics,
  spec: IntervalSpec,
): GatewayResult<MeterEvidence> | undefined {
  const series = accumulatorSeries(readings, metrics.meterEnergy, spec);
  if (!series.ok) return series;
  const startIndex = nearest(series.value, spec.startMs);
  const endIndex = startIndex < 0 ? -1 : nearest(series.value, spec.endMs, startIndex + 1);
  if (startIndex < 0 || endIndex < 0) return undefined;
  const edge = (read: AccRead) => ({ tMs: read.tMs, wh: read.raw, whSf: read.sf });
  return {
    ok: true,
    value: {
      model: 203,
      point: 'TotWhExp',
      sameLogger: spec.meterSameLogger ?? false,
      reads: [edge(series.value[startIndex]!), edge(series.value[endIndex]!)],
    },
  };
}

/** Plane-of-array samples inside (start, end], each the mean over the cadence before it. */
function irradianceEvidence(
  readings: readonly Reading[],
  metrics: GatewayMetrics,
  spec: IntervalSpec,
): IrradianceEvidence | undefined {
  const samples: IrradianceEvidence['samples'] = [];
  for (const reading of readings) {
    if (reading.metric !== metrics.irradiance) continue;
    const tMs = timeOf(reading);
    if (tMs === undefined || tMs <= spec.startMs || tMs > spec.endMs) continue;
    if (!Number.isFinite(reading.value) || reading.value < 0 || reading.value > 2000) continue;
    samples.push({ tMs, wm2: reading.value });
  }
  if (samples.length === 0) return undefined;
  samples.sort((a, b) => a.tMs - b.tMs);
  return { plane: 'poa', cadenceMs: GATEWAY_READ_CADENCE_MS, samples };
}
