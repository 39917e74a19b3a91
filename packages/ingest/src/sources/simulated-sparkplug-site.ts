/**
 * The devnet's microgrid over MQTT Sparkplug B: an edge node at a simulated site that publishes,
 * at every step of the site's clock, the inverter's WH accumulator and power, the revenue meter's
 * exported energy and the pyranometer's irradiance as one NDATA (values decoded from the site's
 * SunSpec registers, timestamped with the site's time). It is the gateway's clock, like the site.
 * Faults a test or a demo schedules play out at the first step reaching their time: a sequence
 * gap (that step's NDATA skips a seq), a clean death (NDEATH, then silence) or a dropped
 * connection (the broker sends the will NDEATH); `rebirth` brings the stream back.
 */
import { type Outcome, ok } from '@mycel/kernel';
import type { GatewayMetrics } from '../gateway/interval-evidence.js';
import type { GatewayClock } from '../gateway/produce-day.js';
import { SPARKPLUG_SEQ_MODULUS } from '../limits/sparkplug.js';
import type { SimulatedSite } from '../modbus/simulated-site.js';
import { SPARKPLUG_DATATYPES, type SparkplugValue } from '../sparkplug/sparkplug-datatypes.js';
import {
  type SparkplugEdgeNode,
  type SparkplugMetricDefinition,
  startSparkplugEdgeNode,
} from '../sparkplug/sparkplug-edge-node.js';
import type { SparkplugErrorCode } from '../sparkplug/sparkplug-error-codes.js';
import type { SparkplugStreamRef } from '../sparkplug/sparkplug-topic.js';
import { siteSnapshot } from './site-snapshot.js';

/** The site's metrics as its edge node declares them in NBIRTH. */
export const SPARKPLUG_SITE_METRICS: readonly SparkplugMetricDefinition[] = [
  { name: 'Inverter/WH', alias: 1, datatype: SPARKPLUG_DATATYPES.UInt64, unit: 'Wh' },
  { name: 'Inverter/W', alias: 2, datatype: SPARKPLUG_DATATYPES.Double, unit: 'W' },
  { name: 'Meter/TotWhExp', alias: 3, datatype: SPARKPLUG_DATATYPES.UInt64, unit: 'Wh' },
  { name: 'Met/POAI', alias: 4, datatype: SPARKPLUG_DATATYPES.Double, unit: 'W/m2' },
];

/** Which of the site's metrics plays which part in the gateway's evidence. */
export const SPARKPLUG_SITE_ROLES: Readonly<Record<keyof GatewayMetrics, string>> = {
  energy: 'Inverter/WH',
  power: 'Inverter/W',
  meterEnergy: 'Meter/TotWhExp',
  irradiance: 'Met/POAI',
};

export type SparkplugSiteFault = 'sequence-gap' | 'death' | 'connection-drop';

export interface SparkplugSiteOptions {
  /** mqtt://host:port of the broker. */
  readonly url: string;
  readonly site: SimulatedSite;
  readonly group: string;
  readonly edge: string;
  /** bdSeq of the first connection (default 0); each reconnection after a death adds one. */
  readonly bdSeq?: number;
}

export interface SparkplugSite extends GatewayClock {
  readonly stream: SparkplugStreamRef;
  /** bdSeq of the current (or last) connection. */
  readonly bdSeq: number;
  /** Whether the edge node is connected and born. */
  readonly alive: boolean;
  /** Plays `fault` at the first clock step reaching `atMs`. */
  faultAt(atMs: number, fault: SparkplugSiteFault): void;
  /**
   * NBIRTH with the current values: on the live connection (same bdSeq, seq back to 0), or after
   * a death on a new connection with the next bdSeq.
   */
  rebirth(): Promise<Outcome<void, SparkplugErrorCode>>;
  /** Resolves once everything queued so far was handed to the broker. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export async function startSparkplugSite(
  options: SparkplugSiteOptions,
): Promise<Outcome<SparkplugSite, SparkplugErrorCode>> {
  const { site } = options;
  const stream: SparkplugStreamRef = { group: options.group, edge: options.edge };
  let bdSeq = options.bdSeq ?? 0;
  let node: SparkplugEdgeNode | undefined;
  let nextSeq = 0;
  let queue: Promise<unknown> = Promise.resolve();
  const faults: { atMs: number; fault: SparkplugSiteFault }[] = [];

  const values = (): Record<string, SparkplugValue> => {
    const snapshot = siteSnapshot(site);
    if (!snapshot.ok) throw new Error(`assertion failed: ${snapshot.error.message}`);
    const now = snapshot.value;
    return {
      'Inverter/WH': BigInt(Math.floor(now.inverterWh)),
      'Inverter/W': now.inverterW,
      'Meter/TotWhExp': BigInt(Math.floor(now.meterWh)),
      'Met/POAI': now.poaWm2,
    };
  };

  const connectAndBirth = async (): Promise<Outcome<void, SparkplugErrorCode>> => {
    const started = await startSparkplugEdgeNode({
      url: options.url,
      ...stream,
      bdSeq,
      metrics: SPARKPLUG_SITE_METRICS,
      clock: () => site.nowMs,
    });
    if (!started.ok) return started;
    node = started.value;
    const born = await node.birth(values(), { timestampMs: site.nowMs });
    nextSeq = 1;
    return born;
  };

  const step = async (timeMs: number, current: Record<string, SparkplugValue>) => {
    const due = faults.filter((f) => f.atMs <= timeMs);
    for (const f of due) faults.splice(faults.indexOf(f), 1);
    const fault = due[0]?.fault;
    const live = node;
    if (live === undefined) return;
    if (fault === 'death') {
      node = undefined;
      await live.death({ timestampMs: timeMs });
      return;
    }
    if (fault === 'connection-drop') {
      node = undefined;
      live.kill();
      return;
    }
    const seq = fault === 'sequence-gap' ? (nextSeq + 1) % SPARKPLUG_SEQ_MODULUS : nextSeq;
    nextSeq = (seq + 1) % SPARKPLUG_SEQ_MODULUS;
    await live.data(current, { seq, timestampMs: timeMs });
  };

  const first = await connectAndBirth();
  if (!first.ok) {
    await node?.close();
    return first;
  }

  return ok({
    stream,
    get bdSeq() {
      return bdSeq;
    },
    get alive() {
      return node !== undefined;
    },
    get nowMs() {
      return site.nowMs;
    },
    advanceTo(timeMs: number) {
      site.advanceTo(timeMs);
      const current = values();
      // Publishing is asynchronous; the queue keeps the stream in clock order.
      queue = queue.then(() => step(timeMs, current)).catch(() => undefined);
    },
    faultAt(atMs, fault) {
      faults.push({ atMs, fault });
      faults.sort((a, b) => a.atMs - b.atMs);
    },
    async rebirth() {
      await queue;
      if (node !== undefined) {
        nextSeq = 1;
        return node.birth(values(), { timestampMs: site.nowMs });
      }
      bdSeq += 1;
      return connectAndBirth();
    },
    settled: () => queue.then(() => undefined),
    async close() {
      await queue;
      await node?.close();
      node = undefined;
    },
  });
}
