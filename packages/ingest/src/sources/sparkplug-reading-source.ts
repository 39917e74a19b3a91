/**
 * MQTT Sparkplug B as a source of the gateway: a site's edge node publishes the inverter's WH
 * accumulator and power, the revenue meter's exported energy and the pyranometer's irradiance as
 * metrics of one stream; the gateway asks, at each read time of its clock, for the readings the
 * stream carried for that time (capturedAt = the clock's now), named by role as GatewayMetrics
 * expects.
 *
 * A proof may rest only on an unbroken stream. Every read checks the stream's continuity (the
 * tracker's verdict) from the previous read this source answered through the read time,
 * inclusive: a sequence gap, a death certificate, a rebirth, data before a birth or the
 * subscriber going offline in that span refuses the read with that Sparkplug code, and the
 * gateway makes no proof for the interval it falls in. Consecutive answered reads chain, so an
 * interval whose reads were all answered was covered by one session from its first read to its
 * last. After a refusal (and at the first read) the chain starts afresh: the stream only has to
 * be alive, and unbroken, at the read time, so the next interval after a rebirth is fine.
 * Waiting is bounded: a stream not yet alive (its birth may be in flight) or metrics still
 * missing after SOURCE_SPARKPLUG_READ_WAIT_MS refuse the read (sparkplug_stream_not_alive,
 * source_readings_missing).
 */
import { failWith, type Outcome, ok } from '@mycel/kernel';
import type { GatewayMetrics } from '../gateway/interval-evidence.js';
import type { GatewayClock, ReadingSource } from '../gateway/produce-day.js';
import { SOURCE_SPARKPLUG_POLL_MS, SOURCE_SPARKPLUG_READ_WAIT_MS } from '../limits/sources.js';
import type { Reading } from '../reading.js';
import type { SparkplugErrorCode } from '../sparkplug/sparkplug-error-codes.js';
import {
  type SparkplugSubscriber,
  startSparkplugSubscriber,
} from '../sparkplug/sparkplug-subscriber.js';
import type { SparkplugStreamRef } from '../sparkplug/sparkplug-topic.js';
import { type SourceErrorCode, sourceFail } from './source-error-codes.js';
import { bindRoles, type RoleBinding, type SourceRole } from './source-roles.js';

export interface SparkplugReadingSourceOptions {
  /** The edge node (or the device behind it) whose stream carries the site's metrics. */
  readonly stream: SparkplugStreamRef;
  /** did:key of the device the readings are attributed to. */
  readonly device: string;
  /** Sparkplug metric name by role, e.g. { energy: 'Inverter/WH', ... }. */
  readonly roles: Readonly<Partial<Record<SourceRole, string>>>;
  /** The names the gateway reads the roles under; default SunSpec's (SUNSPEC_METRICS). */
  readonly metrics?: GatewayMetrics;
  /** The gateway's clock (the subscriber must receive on the same one). */
  readonly clock: Pick<GatewayClock, 'nowMs'>;
  /** Wall-clock wait per read, ms; default SOURCE_SPARKPLUG_READ_WAIT_MS. */
  readonly waitMs?: number;
}

export interface SparkplugReadingSourceStart extends SparkplugReadingSourceOptions {
  /** mqtt://host:port of the broker. */
  readonly url: string;
  readonly clientId?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class SparkplugReadingSource implements ReadingSource {
  /** Time of the previous answered read: continuity must hold from it. */
  #sinceMs: number | undefined;
  #closed = false;

  private constructor(
    readonly subscriber: SparkplugSubscriber,
    private readonly options: SparkplugReadingSourceOptions,
    private readonly bindings: readonly RoleBinding[],
    private readonly owned: boolean,
  ) {}

  /** A source over a subscriber the caller runs (and closes); it must use the same clock. */
  static over(
    subscriber: SparkplugSubscriber,
    options: SparkplugReadingSourceOptions,
  ): Outcome<SparkplugReadingSource, SourceErrorCode> {
    const bindings = bindRoles(options.roles, options.metrics);
    if (!bindings.ok) return bindings;
    return ok(new SparkplugReadingSource(subscriber, options, bindings.value, false));
  }

  /** Connects its own subscriber to the broker, attributing the stream to `device`. */
  static async start(
    options: SparkplugReadingSourceStart,
  ): Promise<Outcome<SparkplugReadingSource, SparkplugErrorCode | SourceErrorCode>> {
    const bindings = bindRoles(options.roles, options.metrics);
    if (!bindings.ok) return bindings;
    const { stream } = options;
    const subscriber = await startSparkplugSubscriber({
      url: options.url,
      ...(options.clientId !== undefined ? { clientId: options.clientId } : {}),
      clock: () => options.clock.nowMs,
      deviceDid: (ref) =>
        ref.group === stream.group && ref.edge === stream.edge && ref.device === stream.device
          ? options.device
          : undefined,
    });
    if (!subscriber.ok) return subscriber;
    return ok(new SparkplugReadingSource(subscriber.value, options, bindings.value, true));
  }

  async read(): Promise<Outcome<Reading[], string>> {
    const nowMs = this.options.clock.nowMs;
    const deadline = Date.now() + (this.options.waitMs ?? SOURCE_SPARKPLUG_READ_WAIT_MS);
    for (;;) {
      if (this.#closed) return sourceFail('source_closed', 'the Sparkplug source is closed');
      const broken = this.#broken(nowMs);
      const late = Date.now() >= deadline;
      // A break refuses at once; a stream not (yet) alive may have its birth in flight.
      if (broken !== undefined && (late || broken.error.code !== 'sparkplug_stream_not_alive')) {
        this.#sinceMs = undefined;
        return broken;
      }
      const found = this.#readingsAt(nowMs);
      if (broken === undefined && found.missing.length === 0) {
        this.#sinceMs = nowMs;
        return ok(found.readings);
      }
      if (late) {
        this.#sinceMs = undefined;
        return sourceFail(
          'source_readings_missing',
          `no ${found.missing.join(', ')} at ${new Date(nowMs).toISOString()} from ${streamName(this.options.stream)}`,
        );
      }
      await sleep(SOURCE_SPARKPLUG_POLL_MS);
    }
  }

  /** Closes the subscriber if this source started it. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.owned) await this.subscriber.close();
  }

  /** The refusal when the stream broke in [since, now] (or is not alive at now). */
  #broken(
    nowMs: number,
  ): { readonly ok: false; readonly error: { code: string; message: string } } | undefined {
    const fromMs = this.#sinceMs ?? nowMs;
    // [from, now + 1): the read time is inside; every message received so far is vouched for.
    const verdict = this.subscriber.tracker.continuity(
      this.options.stream,
      fromMs,
      nowMs + 1,
      nowMs + 1,
    );
    if (verdict.continuous) return undefined;
    return failWith(
      verdict.code,
      `${streamName(this.options.stream)}: ${verdict.message}${verdict.atMs !== undefined ? ` (at ${new Date(verdict.atMs).toISOString()})` : ''}`,
    );
  }

  /** The stream's latest reading of each role captured at exactly `nowMs`. */
  #readingsAt(nowMs: number): { readings: Reading[]; missing: string[] } {
    const { readings: captured } = this.subscriber.interval(this.options.stream, nowMs, nowMs + 1);
    const latest = new Map<string, Reading>();
    for (const reading of captured) latest.set(reading.metric, reading);
    const readings: Reading[] = [];
    const missing: string[] = [];
    for (const binding of this.bindings) {
      const reading = latest.get(binding.sourceName);
      if (reading === undefined) {
        missing.push(binding.sourceName);
        continue;
      }
      readings.push({
        ...reading,
        metric: binding.metric,
        raw: { ...reading.raw, metric: binding.sourceName },
      });
    }
    return { readings, missing };
  }
}

function streamName(ref: SparkplugStreamRef): string {
  return ref.device === undefined
    ? `${ref.group}/${ref.edge}`
    : `${ref.group}/${ref.edge}/${ref.device}`;
}
