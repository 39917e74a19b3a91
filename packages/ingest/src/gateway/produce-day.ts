/**
 * A producer's day, driven in-process (the devnet's microgrids): a clock the caller owns (a
 * simulated site's, so a day runs in about a second), a reading source polled every cadence
 * (the SunSpec reader, or an OPC UA / Sparkplug adapter), and one proof per interval of at most
 * an hour, each stored, signed and assessed by produceInterval. Intervals with no energy (night)
 * make no proof. A source that fails stops the day with its code: the interval it was in makes
 * no proof, partial or otherwise, and is the day's last (refused, and named in `stopped`); the
 * intervals before it, already signed and stored, are returned with it. A source that fails
 * before the first interval's start read is the day's error.
 */
import type { Outcome, PolicyPack, Signer } from '@mycel/kernel';
import type { EvidenceVault } from '@mycel/store';
import {
  GATEWAY_INTERVAL_MS_MAX,
  GATEWAY_INTERVALS_PER_DAY_MAX,
  GATEWAY_READ_CADENCE_MS,
} from '../limits/gateway.js';
import type { Reading } from '../reading.js';
import { type GatewayError, type GatewayResult, gatewayFail } from './gateway-error-codes.js';
import { checkIntervalSpec, type GatewayDevice, type GatewayMetrics } from './interval-evidence.js';
import { type ProducedInterval, produceInterval } from './produce-interval.js';

const DAY_MS = 86_400_000;

/** Anything that yields the readings of one poll: SunSpecReader, an OPC UA or Sparkplug adapter. */
export interface ReadingSource {
  read(): Promise<Outcome<Reading[], string>>;
}

/** The clock the readings are taken on; a simulated site advances its physics with it. */
export interface GatewayClock {
  readonly nowMs: number;
  advanceTo(timeMs: number): void;
}

export interface ProduceDayInput {
  readonly clock: GatewayClock;
  readonly source: ReadingSource;
  /** YYYY-MM-DD: the solar day at the device's longitude (solar midnight to solar midnight). */
  readonly date: string;
  /** Default one hour; a whole number of 5-min reads, at most an hour. */
  readonly intervalMs?: number;
  /** Run only part of the day: skip this many intervals after solar midnight (default 0)… */
  readonly firstInterval?: number;
  /** …and make at most this many (default the rest of the day). */
  readonly intervals?: number;
  readonly device: GatewayDevice;
  readonly signer: Signer;
  readonly vault: EvidenceVault;
  readonly pack: PolicyPack;
  readonly verifier?: Signer;
  readonly metrics?: GatewayMetrics;
  readonly meterSameLogger?: boolean;
  readonly contract?: string;
}

export interface DayInterval {
  readonly startMs: number;
  readonly endMs: number;
  /** `proof`: signed, stored (and assessed); `empty`: nothing produced; `refused`: a gateway code. */
  readonly outcome: 'proof' | 'empty' | 'refused';
  readonly produced?: ProducedInterval;
  readonly error?: GatewayError;
}

export interface ProducedDay {
  readonly startMs: number;
  readonly endMs: number;
  readonly intervals: readonly DayInterval[];
  /** Intervals with a proof whose assessment accepted it. */
  readonly accepted: number;
  /** Intervals with a proof the verifier refused. */
  readonly refused: number;
  readonly claimedWh: number;
  readonly acceptedWh: number;
  /** Set when the source failed mid-day: the day stopped in that interval (its last, refused). */
  readonly stopped?: GatewayError;
}

/** Solar midnight before `date`'s solar noon at `lonDeg`, on the interval grid. */
export function solarDayStartMs(date: string, lonDeg: number, intervalMs: number): number {
  const noonMs = Date.parse(`${date}T12:00:00Z`) - (lonDeg / 15) * 3_600_000;
  return Math.round((noonMs - DAY_MS / 2) / intervalMs) * intervalMs;
}

/** Polls `source` at fromMs and every cadence after it through endMs, keeping every reading. */
export async function collectReadings(
  clock: GatewayClock,
  source: ReadingSource,
  fromMs: number,
  endMs: number,
  readings: Reading[],
): Promise<GatewayResult<void>> {
  let next = fromMs;
  while (next <= endMs) {
    clock.advanceTo(next);
    const polled = await source.read();
    if (!polled.ok) {
      return gatewayFail('gateway_source_failed', `${polled.error.code}: ${polled.error.message}`);
    }
    readings.push(...polled.value);
    next += GATEWAY_READ_CADENCE_MS;
  }
  return { ok: true, value: undefined };
}

export async function produceDay(input: ProduceDayInput): Promise<GatewayResult<ProducedDay>> {
  const intervalMs = input.intervalMs ?? GATEWAY_INTERVAL_MS_MAX;
  const dayStart =
    solarDayStartMs(input.date, input.device.location.lon, intervalMs) +
    (input.firstInterval ?? 0) * intervalMs;
  if (!Number.isFinite(dayStart)) {
    return gatewayFail('gateway_interval_invalid', `"${input.date}" is not a YYYY-MM-DD date`);
  }
  const grid = checkIntervalSpec({ startMs: 0, endMs: intervalMs, device: input.device });
  if (!grid.ok) return grid;
  const count = Math.min(
    GATEWAY_INTERVALS_PER_DAY_MAX,
    Math.round(DAY_MS / intervalMs) - (input.firstInterval ?? 0),
    input.intervals ?? Number.POSITIVE_INFINITY,
  );
  if (input.clock.nowMs > dayStart) {
    return gatewayFail(
      'gateway_interval_invalid',
      'the clock is already past the start of the day',
    );
  }
  let readings: Reading[] = [];
  const first = await collectReadings(input.clock, input.source, dayStart, dayStart, readings);
  if (!first.ok) return first;
  const intervals: DayInterval[] = [];
  let accepted = 0;
  let refused = 0;
  let claimedWh = 0;
  let acceptedWh = 0;
  let stopped: GatewayError | undefined;
  for (let index = 0; index < count; index++) {
    const startMs = dayStart + index * intervalMs;
    const endMs = startMs + intervalMs;
    const collected = await collectReadings(
      input.clock,
      input.source,
      startMs + GATEWAY_READ_CADENCE_MS,
      endMs,
      readings,
    );
    if (!collected.ok) {
      // The day stops here, but what it already signed and stored stands: the caller gets it.
      intervals.push({ startMs, endMs, outcome: 'refused', error: collected.error });
      stopped = collected.error;
      break;
    }
    const produced = await produceInterval({
      readings,
      spec: {
        startMs,
        endMs,
        device: input.device,
        ...(input.metrics !== undefined ? { metrics: input.metrics } : {}),
        ...(input.meterSameLogger !== undefined ? { meterSameLogger: input.meterSameLogger } : {}),
      },
      signer: input.signer,
      vault: input.vault,
      pack: input.pack,
      ...(input.verifier !== undefined ? { verifier: input.verifier } : {}),
      nowMs: endMs,
      ...(input.contract !== undefined ? { contract: input.contract } : {}),
    });
    // The end reads of this interval are the start reads of the next.
    readings = readings.filter((reading) => Date.parse(reading.capturedAt) >= endMs);
    if (!produced.ok) {
      const empty = produced.error.code === 'gateway_interval_empty';
      intervals.push({
        startMs,
        endMs,
        outcome: empty ? 'empty' : 'refused',
        error: produced.error,
      });
      continue;
    }
    const wh = produced.value.evidence.claim.value.wh;
    claimedWh += wh;
    if (produced.value.assessment?.accepted === true) {
      accepted++;
      acceptedWh += wh;
    } else if (produced.value.assessment !== undefined) {
      refused++;
    }
    intervals.push({ startMs, endMs, outcome: 'proof', produced: produced.value });
  }
  return {
    ok: true,
    value: {
      startMs: dayStart,
      endMs: dayStart + count * intervalMs,
      intervals,
      accepted,
      refused,
      claimedWh,
      acceptedWh,
      ...(stopped === undefined ? {} : { stopped }),
    },
  };
}
