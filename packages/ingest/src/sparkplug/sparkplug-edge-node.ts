/**
 * A small Sparkplug B edge node for tests and the devnet: it registers its NDEATH as the MQTT will
 * (so a dropped connection still announces the death), publishes NBIRTH with its bdSeq, NDATA by
 * alias with seq 0..255 wrapping, device births, data and deaths, and a clean NDEATH. Tests can
 * also force a seq, a wrong bdSeq, raw bytes, or a connection drop without DISCONNECT.
 */
import { failWith, type Outcome, ok } from '@mycel/kernel';
import { connectAsync, type MqttClient } from 'mqtt';
import {
  SPARKPLUG_CONNECT_TIMEOUT_MS,
  SPARKPLUG_KEEPALIVE_S,
  SPARKPLUG_SEQ_MODULUS,
} from '../limits/sparkplug.js';
import {
  encodeSparkplugPayload,
  type SparkplugMetricInput,
  type SparkplugPayloadInput,
} from './sparkplug-codec.js';
import { SPARKPLUG_DATATYPES, type SparkplugValue } from './sparkplug-datatypes.js';
import type { SparkplugErrorCode } from './sparkplug-error-codes.js';
import { SPARKPLUG_UNIT_PROPERTY } from './sparkplug-metric-definitions.js';
import { SPARKPLUG_BDSEQ_METRIC } from './sparkplug-sequence.js';
import {
  type SparkplugMessageType,
  type SparkplugStreamRef,
  sparkplugTopic,
} from './sparkplug-topic.js';

/** A metric an edge node or device declares in its birth certificate. */
export interface SparkplugMetricDefinition {
  readonly name: string;
  readonly alias: number;
  readonly datatype: number;
  readonly unit?: string;
}

export interface SparkplugEdgeNodeOptions {
  readonly url: string;
  readonly group: string;
  readonly edge: string;
  /** Birth/death sequence number of this connection (0 by default). */
  readonly bdSeq?: number;
  readonly metrics: readonly SparkplugMetricDefinition[];
  /** Payload timestamps; Date.now by default. */
  readonly clock?: () => number;
  readonly clientId?: string;
}

/** Per message overrides for tests: a forced seq, a forced bdSeq, a timestamp. */
export interface SparkplugPublishOverrides {
  readonly seq?: number;
  readonly bdSeq?: number;
  readonly timestampMs?: number;
}

type Values = Readonly<Record<string, SparkplugValue>>;
type Published = Promise<Outcome<void, SparkplugErrorCode>>;

export class SparkplugEdgeNode {
  readonly #client: MqttClient;
  readonly #options: SparkplugEdgeNodeOptions;
  readonly #devices = new Map<string, readonly SparkplugMetricDefinition[]>();
  #seq = 0;
  #closed = false;

  constructor(client: MqttClient, options: SparkplugEdgeNodeOptions) {
    this.#client = client;
    this.#options = options;
  }

  get ref(): SparkplugStreamRef {
    return { group: this.#options.group, edge: this.#options.edge };
  }

  get bdSeq(): number {
    return this.#options.bdSeq ?? 0;
  }

  /** NBIRTH with seq 0, the bdSeq metric and every metric with its name, alias, type and unit. */
  birth(values: Values, overrides: SparkplugPublishOverrides = {}): Published {
    this.#seq = 0;
    const metrics = [
      bdSeqMetric(overrides.bdSeq ?? this.bdSeq),
      ...birthMetrics(this.#options.metrics, values),
    ];
    return this.#publish('NBIRTH', this.ref, metrics, overrides);
  }

  /** NDATA with the next seq; metrics travel by alias only, without datatype (as 3.0 suggests). */
  data(values: Values, overrides: SparkplugPublishOverrides = {}): Published {
    return this.#publish('NDATA', this.ref, dataMetrics(this.#options.metrics, values), overrides);
  }

  deviceBirth(
    device: string,
    metrics: readonly SparkplugMetricDefinition[],
    values: Values,
    overrides: SparkplugPublishOverrides = {},
  ): Published {
    this.#devices.set(device, metrics);
    return this.#publish(
      'DBIRTH',
      { ...this.ref, device },
      birthMetrics(metrics, values),
      overrides,
    );
  }

  deviceData(device: string, values: Values, overrides: SparkplugPublishOverrides = {}): Published {
    const metrics = dataMetrics(this.#devices.get(device) ?? [], values);
    return this.#publish('DDATA', { ...this.ref, device }, metrics, overrides);
  }

  deviceDeath(device: string, overrides: SparkplugPublishOverrides = {}): Published {
    this.#devices.delete(device);
    return this.#publish('DDEATH', { ...this.ref, device }, [], overrides);
  }

  /** Publish NDEATH (no seq) and disconnect cleanly, so the broker does not also send the will. */
  async death(overrides: SparkplugPublishOverrides = {}): Published {
    const bytes = deathPayload(overrides.bdSeq ?? this.bdSeq, this.#now());
    const sent = await this.publishRaw(sparkplugTopic('NDEATH', this.ref), bytes);
    if (!sent.ok) return sent;
    await this.close();
    return ok(undefined);
  }

  /** Drop the TCP connection without DISCONNECT: the broker then publishes the will NDEATH. */
  kill(): void {
    this.#closed = true;
    this.#client.stream.destroy();
    this.#client.end(true);
  }

  /** Publish bytes as they are (garbage payloads, hand-made vectors). */
  async publishRaw(topic: string, bytes: Uint8Array): Published {
    if (this.#closed)
      return failWith('sparkplug_edge_node_closed', 'the edge node is disconnected');
    await this.#client.publishAsync(topic, Buffer.from(bytes), { qos: 0 });
    return ok(undefined);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#client.endAsync();
  }

  #now(): number {
    return (this.#options.clock ?? Date.now)();
  }

  async #publish(
    type: SparkplugMessageType,
    ref: SparkplugStreamRef,
    metrics: readonly SparkplugMetricInput[],
    overrides: SparkplugPublishOverrides,
  ): Published {
    const seq = overrides.seq ?? this.#seq;
    this.#seq = (seq + 1) % SPARKPLUG_SEQ_MODULUS;
    const input: SparkplugPayloadInput = {
      timestampMs: overrides.timestampMs ?? this.#now(),
      seq,
      metrics,
    };
    const encoded = encodeSparkplugPayload(input);
    if (!encoded.ok) return encoded;
    return this.publishRaw(sparkplugTopic(type, ref), encoded.value);
  }
}

function bdSeqMetric(bdSeq: number): SparkplugMetricInput {
  return {
    name: SPARKPLUG_BDSEQ_METRIC,
    datatype: SPARKPLUG_DATATYPES.Int64,
    value: BigInt(bdSeq),
  };
}

function deathPayload(bdSeq: number, timestampMs: number): Uint8Array {
  const encoded = encodeSparkplugPayload({ timestampMs, metrics: [bdSeqMetric(bdSeq)] });
  if (!encoded.ok) throw new Error(`assertion failed: NDEATH encodes (${encoded.error.message})`);
  return encoded.value;
}

function birthMetrics(
  definitions: readonly SparkplugMetricDefinition[],
  values: Values,
): SparkplugMetricInput[] {
  return definitions.map((d) => ({
    name: d.name,
    alias: d.alias,
    datatype: d.datatype,
    value: values[d.name] ?? null,
    ...(d.unit === undefined ? {} : { properties: { [SPARKPLUG_UNIT_PROPERTY]: d.unit } }),
  }));
}

function dataMetrics(
  definitions: readonly SparkplugMetricDefinition[],
  values: Values,
): SparkplugMetricInput[] {
  return definitions
    .filter((d) => d.name in values)
    .map((d) => ({
      alias: d.alias,
      datatype: d.datatype,
      datatypeOnWire: false,
      value: values[d.name]!,
    }));
}

/** Connect with the NDEATH registered as will; sparkplug_broker_unreachable if the broker refuses. */
export async function startSparkplugEdgeNode(
  options: SparkplugEdgeNodeOptions,
): Promise<Outcome<SparkplugEdgeNode, SparkplugErrorCode>> {
  const will = deathPayload(options.bdSeq ?? 0, (options.clock ?? Date.now)());
  try {
    const client = await connectAsync(
      options.url,
      {
        clientId:
          options.clientId ??
          `${options.group}-${options.edge}-${Math.random().toString(36).slice(2, 10)}`,
        connectTimeout: SPARKPLUG_CONNECT_TIMEOUT_MS,
        keepalive: SPARKPLUG_KEEPALIVE_S,
        reconnectPeriod: 0,
        clean: true,
        will: {
          topic: sparkplugTopic('NDEATH', { group: options.group, edge: options.edge }),
          payload: Buffer.from(will),
          qos: 1,
          retain: false,
        },
      },
      false,
    );
    return ok(new SparkplugEdgeNode(client, options));
  } catch (error) {
    return failWith('sparkplug_broker_unreachable', `${options.url}: ${(error as Error).message}`);
  }
}
