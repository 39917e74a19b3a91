/**
 * Turning a live stream's metrics into `Reading`s, and keeping them for interval queries. Only
 * numeric metrics become readings; the bdSeq metric and the Node/Device Control metrics are
 * bookkeeping, not measurements. The interval answer pairs the readings with the tracker's
 * continuity verdict: the gateway backs a proof only with an interval whose verdict is continuous.
 */
import { SPARKPLUG_READINGS_KEPT_MAX } from '../limits/sparkplug.js';
import type { Reading } from '../reading.js';
import { datatypeName } from './sparkplug-datatypes.js';
import { SPARKPLUG_BDSEQ_METRIC } from './sparkplug-sequence.js';
import type { SparkplugStreamTracker } from './sparkplug-stream.js';
import type { SparkplugContinuity, SparkplugReceipt } from './sparkplug-stream-results.js';
import type { SparkplugStreamRef } from './sparkplug-topic.js';

const CONTROL_PREFIXES = ['Node Control/', 'Device Control/', 'Properties/'];

export interface SparkplugReadingOptions {
  /** The device identity (did:key) of a stream, or undefined when none is configured. */
  readonly deviceDid: (ref: SparkplugStreamRef) => string | undefined;
  /** Units by metric name, for metrics whose birth carries no engUnit property. */
  readonly units?: Readonly<Record<string, string>>;
}

/**
 * The readings one receipt yields. Unit: the metric's engUnit property, else the birth's, else
 * `units[name]`, else '' (unknown). capturedAt: the metric's timestamp, else the payload's, else
 * the receive time. 64-bit values beyond 2^53 keep their exact decimal in raw.exact.
 */
export function sparkplugReadings(
  receipt: SparkplugReceipt,
  receivedAtMs: number,
  options: SparkplugReadingOptions,
): { readonly readings: Reading[]; readonly deviceKnown: boolean } {
  const ref = receipt.ref;
  if (ref === undefined || receipt.metrics.length === 0) return { readings: [], deviceKnown: true };
  const device = options.deviceDid(ref);
  if (device === undefined) return { readings: [], deviceKnown: false };
  const readings: Reading[] = [];
  for (const m of receipt.metrics) {
    if (m.name === SPARKPLUG_BDSEQ_METRIC || CONTROL_PREFIXES.some((p) => m.name.startsWith(p)))
      continue;
    const v = m.value;
    if (typeof v !== 'number' && typeof v !== 'bigint') continue;
    const value = Number(v);
    if (!Number.isFinite(value)) continue;
    const capturedMs = m.timestampMs ?? receipt.payloadTimestampMs ?? receivedAtMs;
    const raw: Record<string, number | string | boolean> = { datatype: datatypeName(m.datatype) };
    if (receipt.seq !== undefined) raw.seq = receipt.seq;
    if (receipt.bdSeq !== undefined) raw.bdSeq = Number(receipt.bdSeq);
    if (typeof v === 'bigint' && !Number.isSafeInteger(value)) raw.exact = v.toString();
    if (m.isHistorical) raw.historical = true;
    readings.push({
      device,
      source: 'sparkplug-b',
      metric: m.name,
      value,
      unit: m.unit ?? options.units?.[m.name] ?? '',
      capturedAt: new Date(capturedMs).toISOString(),
      raw,
    });
  }
  return { readings, deviceKnown: true };
}

const streamKey = (ref: SparkplugStreamRef) =>
  ref.device === undefined ? `${ref.group}/${ref.edge}` : `${ref.group}/${ref.edge}/${ref.device}`;

interface Kept {
  readonly key: string;
  readonly capturedMs: number;
  readonly reading: Reading;
}

/** The readings of an interval and whether one unbroken stream produced them. */
export interface SparkplugInterval {
  readonly readings: readonly Reading[];
  readonly continuity: SparkplugContinuity;
}

/** The last SPARKPLUG_READINGS_KEPT_MAX readings, oldest dropped first. */
export class SparkplugReadingLog {
  readonly #kept: Kept[] = [];
  /** Capture time of the newest dropped reading: intervals reaching back to it are incomplete. */
  #droppedThroughMs = Number.NEGATIVE_INFINITY;

  add(ref: SparkplugStreamRef, readings: readonly Reading[]): void {
    const key = streamKey(ref);
    for (const reading of readings) {
      this.#kept.push({ key, capturedMs: Date.parse(reading.capturedAt), reading });
    }
    const excess = this.#kept.length - SPARKPLUG_READINGS_KEPT_MAX;
    if (excess > 0) {
      for (const dropped of this.#kept.splice(0, excess)) {
        this.#droppedThroughMs = Math.max(this.#droppedThroughMs, dropped.capturedMs);
      }
    }
  }

  get size(): number {
    return this.#kept.length;
  }

  /**
   * The readings of `ref` captured in [fromMs, toMs), with the tracker's continuity verdict for
   * the interval (sparkplug_history_evicted when readings of it were already dropped).
   */
  interval(
    tracker: SparkplugStreamTracker,
    ref: SparkplugStreamRef,
    fromMs: number,
    toMs: number,
    nowMs: number,
  ): SparkplugInterval {
    const key = streamKey(ref);
    const readings = this.#kept
      .filter((k) => k.key === key && k.capturedMs >= fromMs && k.capturedMs < toMs)
      .map((k) => k.reading);
    const continuity =
      fromMs <= this.#droppedThroughMs
        ? {
            continuous: false as const,
            code: 'sparkplug_history_evicted' as const,
            message: `readings up to ${this.#droppedThroughMs} were dropped`,
          }
        : tracker.continuity(ref, fromMs, toMs, nowMs);
    return { readings, continuity };
  }
}
