/**
 * Sparkplug B payloads to plain objects and back. Decoding applies the datatype a metric carries
 * on the wire; a data message's metrics often carry none (Sparkplug 3.0 sends the datatype in the
 * birth certificate only), so their value stays undefined here with the wire value kept, and the
 * stream tracker applies the birth's datatype (see sparkplug-metric-definitions.ts).
 */
import { failWith, type Outcome, ok } from '@mycel/kernel';
import {
  SPARKPLUG_METRIC_NAME_CHARS_MAX,
  SPARKPLUG_METRICS_PER_PAYLOAD_MAX,
  SPARKPLUG_PAYLOAD_BYTES_MAX,
} from '../limits/sparkplug.js';
import {
  applyDatatype,
  bigIntToWireLong,
  isSupportedDatatype,
  SPARKPLUG_DATATYPE_NUMBER_MAX,
  type SparkplugValue,
  type SparkplugWireValue,
  wireFieldsOf,
  wireLongToBigInt,
  wireValueOf,
} from './sparkplug-datatypes.js';
import type { SparkplugErrorCode } from './sparkplug-error-codes.js';
import {
  SPARKPLUG_PAYLOAD_TYPE,
  type WireLong,
  type WireMetric,
  type WirePayload,
  type WirePropertySet,
} from './sparkplug-schema.js';

/** A property value as decoded: scalars only; nested property sets decode as undefined. */
export type SparkplugPropertyValue = string | number | bigint | boolean | null | undefined;

export interface SparkplugMetric {
  readonly name?: string;
  readonly alias?: number;
  readonly timestampMs?: number;
  readonly datatype?: number;
  readonly isHistorical: boolean;
  readonly isTransient: boolean;
  readonly isNull: boolean;
  readonly properties?: Readonly<Record<string, SparkplugPropertyValue>>;
  /** The typed value, once a datatype is known; null when is_null; undefined when unknown. */
  readonly value?: SparkplugValue;
  /** The oneof value as it travelled, for applying a datatype learnt from the birth. */
  readonly wire?: SparkplugWireValue;
}

export interface SparkplugPayload {
  readonly timestampMs?: number;
  readonly seq?: number;
  readonly uuid?: string;
  readonly body?: Uint8Array;
  readonly metrics: readonly SparkplugMetric[];
}

/** What the encoder takes: `datatype` is needed to pick the wire field even when not sent. */
export interface SparkplugMetricInput {
  readonly name?: string;
  readonly alias?: number;
  readonly timestampMs?: number;
  readonly datatype: number;
  /** Send the datatype on the wire (births do; data messages by alias usually do not). */
  readonly datatypeOnWire?: boolean;
  readonly value: SparkplugValue;
  readonly isHistorical?: boolean;
  readonly isTransient?: boolean;
  readonly properties?: Readonly<Record<string, string | number | boolean>>;
}

export interface SparkplugPayloadInput {
  readonly timestampMs?: number;
  readonly seq?: number;
  readonly uuid?: string;
  readonly body?: Uint8Array;
  readonly metrics: readonly SparkplugMetricInput[];
}

type Failure = {
  readonly ok: false;
  readonly error: { code: SparkplugErrorCode; message: string };
};

function safeNumber(value: WireLong): number | undefined {
  const big = wireLongToBigInt(value);
  return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : undefined;
}

function decodeProperties(
  set: WirePropertySet,
  at: string,
): Outcome<Record<string, SparkplugPropertyValue>, SparkplugErrorCode> {
  const keys = set.keys ?? [];
  const values = set.values ?? [];
  if (keys.length !== values.length) {
    return failWith(
      'sparkplug_payload_invalid',
      `${at}: ${keys.length} keys, ${values.length} values`,
    );
  }
  // fromEntries defines own properties, so a key such as __proto__ stays a plain key.
  const entries = keys.map((key, i): [string, SparkplugPropertyValue] => {
    const v = values[i]!;
    if (v.is_null) return [key, null];
    const long = v.long_value === undefined ? undefined : wireLongToBigInt(v.long_value);
    return [
      key,
      v.string_value ?? v.boolean_value ?? v.double_value ?? v.float_value ?? v.int_value ?? long,
    ];
  });
  return ok(Object.fromEntries(entries));
}

function decodeMetric(wire: WireMetric, at: string): Outcome<SparkplugMetric, SparkplugErrorCode> {
  const bad = (message: string): Failure =>
    failWith('sparkplug_metric_invalid', `${at}: ${message}`);
  if (wire.name === undefined && wire.alias === undefined) return bad('no name and no alias');
  if (wire.name !== undefined && wire.name.length > SPARKPLUG_METRIC_NAME_CHARS_MAX) {
    return bad(`name over ${SPARKPLUG_METRIC_NAME_CHARS_MAX} characters`);
  }
  const alias = wire.alias === undefined ? undefined : safeNumber(wire.alias);
  if (wire.alias !== undefined && alias === undefined) return bad('alias beyond 2^53');
  const timestampMs = wire.timestamp === undefined ? undefined : safeNumber(wire.timestamp);
  if (wire.timestamp !== undefined && timestampMs === undefined)
    return bad('timestamp beyond 2^53');
  const datatype = wire.datatype;
  if (datatype !== undefined && datatype > SPARKPLUG_DATATYPE_NUMBER_MAX) {
    return bad(`unknown datatype ${datatype}`);
  }
  let properties: Record<string, SparkplugPropertyValue> | undefined;
  if (wire.properties !== undefined) {
    const decoded = decodeProperties(wire.properties, `${at}/properties`);
    if (!decoded.ok) return decoded;
    properties = decoded.value;
  }
  const isNull = wire.is_null === true;
  const wireValue = wireValueOf(wire);
  let value: SparkplugValue | undefined;
  if (isNull) value = null;
  else if (datatype !== undefined && isSupportedDatatype(datatype)) {
    const typed = applyDatatype(datatype, wireValue);
    if (!typed.ok) return bad(typed.error.message);
    value = typed.value;
  }
  return ok({
    ...(wire.name === undefined ? {} : { name: wire.name }),
    ...(alias === undefined ? {} : { alias }),
    ...(timestampMs === undefined ? {} : { timestampMs }),
    ...(datatype === undefined ? {} : { datatype }),
    isHistorical: wire.is_historical === true,
    isTransient: wire.is_transient === true,
    isNull,
    ...(properties === undefined ? {} : { properties }),
    ...(value === undefined ? {} : { value }),
    ...(wireValue === undefined ? {} : { wire: wireValue }),
  });
}

/** Decode a Sparkplug B payload; every malformed input is a coded failure, never a throw. */
export function decodeSparkplugPayload(
  bytes: Uint8Array,
): Outcome<SparkplugPayload, SparkplugErrorCode> {
  if (bytes.byteLength > SPARKPLUG_PAYLOAD_BYTES_MAX) {
    return failWith('sparkplug_payload_too_large', `${bytes.byteLength} bytes`);
  }
  let wire: WirePayload;
  try {
    const message = SPARKPLUG_PAYLOAD_TYPE.decode(bytes);
    wire = SPARKPLUG_PAYLOAD_TYPE.toObject(message, { longs: BigInt }) as WirePayload;
  } catch (error) {
    return failWith(
      'sparkplug_payload_invalid',
      `not a Sparkplug B payload: ${(error as Error).message}`,
    );
  }
  const wireMetrics = wire.metrics ?? [];
  if (wireMetrics.length > SPARKPLUG_METRICS_PER_PAYLOAD_MAX) {
    return failWith('sparkplug_metrics_too_many', `${wireMetrics.length} metrics`);
  }
  const metrics: SparkplugMetric[] = [];
  for (const [i, m] of wireMetrics.entries()) {
    if (m.bytes_value !== undefined) m.bytes_value = new Uint8Array(m.bytes_value);
    const decoded = decodeMetric(m, `/metrics/${i}`);
    if (!decoded.ok) return decoded;
    metrics.push(decoded.value);
  }
  const timestampMs = wire.timestamp === undefined ? undefined : safeNumber(wire.timestamp);
  if (wire.timestamp !== undefined && timestampMs === undefined) {
    return failWith('sparkplug_payload_invalid', 'payload timestamp beyond 2^53');
  }
  const seq =
    wire.seq === undefined ? undefined : (safeNumber(wire.seq) ?? Number.MAX_SAFE_INTEGER);
  return ok({
    ...(timestampMs === undefined ? {} : { timestampMs }),
    ...(seq === undefined ? {} : { seq }),
    ...(wire.uuid === undefined ? {} : { uuid: wire.uuid }),
    ...(wire.body === undefined ? {} : { body: new Uint8Array(wire.body) }),
    metrics,
  });
}

function encodeProperties(props: Readonly<Record<string, string | number | boolean>>) {
  const keys = Object.keys(props);
  const values = keys.map((key) => {
    const v = props[key]!;
    if (typeof v === 'string') return { type: 12, string_value: v };
    if (typeof v === 'boolean') return { type: 11, boolean_value: v };
    return { type: 10, double_value: v };
  });
  return { keys, values };
}

/** Encode a payload; a value that does not fit its datatype is sparkplug_metric_invalid. */
export function encodeSparkplugPayload(
  input: SparkplugPayloadInput,
): Outcome<Uint8Array, SparkplugErrorCode> {
  if (input.metrics.length > SPARKPLUG_METRICS_PER_PAYLOAD_MAX) {
    return failWith('sparkplug_metrics_too_many', `${input.metrics.length} metrics`);
  }
  const metrics: Record<string, unknown>[] = [];
  for (const [i, m] of input.metrics.entries()) {
    if (m.name === undefined && m.alias === undefined) {
      return failWith('sparkplug_metric_invalid', `/metrics/${i}: no name and no alias`);
    }
    const wire: Record<string, unknown> = {};
    if (m.name !== undefined) wire.name = m.name;
    if (m.alias !== undefined) wire.alias = bigIntToWireLong(BigInt(m.alias));
    if (m.timestampMs !== undefined) wire.timestamp = bigIntToWireLong(BigInt(m.timestampMs));
    if (m.datatypeOnWire !== false) wire.datatype = m.datatype;
    if (m.isHistorical) wire.is_historical = true;
    if (m.isTransient) wire.is_transient = true;
    if (m.properties !== undefined) wire.properties = encodeProperties(m.properties);
    if (m.value === null) wire.is_null = true;
    else {
      const fields = wireFieldsOf(m.datatype, m.value);
      if (!fields.ok) {
        return failWith('sparkplug_metric_invalid', `/metrics/${i}: ${fields.error.message}`);
      }
      Object.assign(wire, fields.value);
    }
    metrics.push(wire);
  }
  const payload: Record<string, unknown> = { metrics };
  if (input.timestampMs !== undefined)
    payload.timestamp = bigIntToWireLong(BigInt(input.timestampMs));
  if (input.seq !== undefined) payload.seq = bigIntToWireLong(BigInt(input.seq));
  if (input.uuid !== undefined) payload.uuid = input.uuid;
  if (input.body !== undefined) payload.body = input.body;
  const bytes = SPARKPLUG_PAYLOAD_TYPE.encode(payload).finish();
  if (bytes.byteLength > SPARKPLUG_PAYLOAD_BYTES_MAX) {
    return failWith('sparkplug_payload_too_large', `${bytes.byteLength} bytes`);
  }
  return ok(bytes);
}
