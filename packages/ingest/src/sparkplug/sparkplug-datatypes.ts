/**
 * Sparkplug B datatypes (Sparkplug 3.0 §6.4.16) and the rules that turn a metric's wire value into
 * a typed value and back. The traps: Int8/Int16/Int32 travel in the unsigned `int_value` as two's
 * complement, and Int64/UInt64 travel in `long_value`, which JavaScript numbers cannot hold
 * exactly, so 64-bit values are bigint here, never number.
 */
import { failWith, type Outcome, ok } from '@mycel/kernel';
import type { SparkplugErrorCode } from './sparkplug-error-codes.js';
import type { WireLong, WireMetric } from './sparkplug-schema.js';

/** The datatype numbers of the specification. */
export const SPARKPLUG_DATATYPES = {
  Unknown: 0,
  Int8: 1,
  Int16: 2,
  Int32: 3,
  Int64: 4,
  UInt8: 5,
  UInt16: 6,
  UInt32: 7,
  UInt64: 8,
  Float: 9,
  Double: 10,
  Boolean: 11,
  String: 12,
  DateTime: 13,
  Text: 14,
  UUID: 15,
  DataSet: 16,
  Bytes: 17,
  File: 18,
  Template: 19,
  PropertySet: 20,
  PropertySetList: 21,
} as const;
export type SparkplugDataTypeName = keyof typeof SPARKPLUG_DATATYPES;
/** Highest datatype number of Sparkplug 3.0 (DateTimeArray); above it a datatype is invalid. */
export const SPARKPLUG_DATATYPE_NUMBER_MAX = 34;

const NAME_OF = new Map<number, SparkplugDataTypeName>(
  Object.entries(SPARKPLUG_DATATYPES).map(([name, n]) => [n, name as SparkplugDataTypeName]),
);

/** The datatype's name, or `Type<n>` for the array types this ingest does not decode. */
export function datatypeName(datatype: number): string {
  return NAME_OF.get(datatype) ?? `Type${datatype}`;
}

/** A decoded metric value: 64-bit integers as bigint, DateTime as epoch milliseconds. */
export type SparkplugValue = number | bigint | boolean | string | Uint8Array | null;

/** The oneof field a value travelled in, with the value as protobuf gave it (longs as bigint). */
export type SparkplugWireValue =
  | { readonly field: 'int_value'; readonly value: number }
  | { readonly field: 'long_value'; readonly value: bigint }
  | { readonly field: 'float_value' | 'double_value'; readonly value: number }
  | { readonly field: 'boolean_value'; readonly value: boolean }
  | { readonly field: 'string_value'; readonly value: string }
  | { readonly field: 'bytes_value'; readonly value: Uint8Array };

type Fail = { readonly ok: false; readonly error: { code: SparkplugErrorCode; message: string } };
const invalid = (message: string): Fail => failWith('sparkplug_metric_invalid', message);

/** A uint64 as protobufjs returns it (a Long-like object or a number) as an exact bigint. */
export function wireLongToBigInt(value: WireLong): bigint {
  if (typeof value === 'bigint') return BigInt.asUintN(64, value);
  if (typeof value === 'number') return BigInt.asUintN(64, BigInt(Math.trunc(value)));
  return (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
}

/** An unsigned 64-bit bigint as the low/high words protobufjs's writer takes. */
export function bigIntToWireLong(value: bigint): { low: number; high: number } {
  const u = BigInt.asUintN(64, value);
  return { low: Number(u & 0xffff_ffffn) | 0, high: Number(u >> 32n) | 0 };
}

/** The value oneof of a metric as decoded, or undefined when none of the known fields is set. */
export function wireValueOf(metric: WireMetric): SparkplugWireValue | undefined {
  if (metric.int_value !== undefined) return { field: 'int_value', value: metric.int_value >>> 0 };
  if (metric.long_value !== undefined) {
    return { field: 'long_value', value: wireLongToBigInt(metric.long_value) };
  }
  if (metric.float_value !== undefined) return { field: 'float_value', value: metric.float_value };
  if (metric.double_value !== undefined) {
    return { field: 'double_value', value: metric.double_value };
  }
  if (metric.boolean_value !== undefined) {
    return { field: 'boolean_value', value: metric.boolean_value };
  }
  if (metric.string_value !== undefined) {
    return { field: 'string_value', value: metric.string_value };
  }
  if (metric.bytes_value !== undefined) return { field: 'bytes_value', value: metric.bytes_value };
  return undefined;
}

/** Whether this ingest decodes values of the datatype (scalars, strings and bytes). */
export function isSupportedDatatype(datatype: number): boolean {
  return (datatype >= 1 && datatype <= 15) || datatype === 17 || datatype === 18;
}

/** A small integer wire value as an unsigned 32-bit number, from int_value or long_value. */
function unsigned32(wire: SparkplugWireValue): number | undefined {
  if (wire.field === 'int_value') return wire.value;
  if (wire.field === 'long_value' && wire.value <= 0xffff_ffffn) return Number(wire.value);
  return undefined;
}

/**
 * A signed integer of `bits` (8, 16 or 32) from its unsigned 32-bit carrier. Both forms in use
 * are accepted: the width's own two's complement (Int8 -1 as 0xFF) and the 32-bit one
 * (0xFFFFFFFF); anything else does not fit the width.
 */
function signedFrom(u: number, bits: 8 | 16 | 32): number | undefined {
  if (bits === 32) return u | 0;
  const span = 2 ** bits;
  const half = span / 2;
  if (u < span) return u >= half ? u - span : u;
  const asInt32 = u | 0;
  return asInt32 >= -half && asInt32 < 0 ? asInt32 : undefined;
}

/** The typed value of a wire value under `datatype`, or sparkplug_metric_invalid. */
export function applyDatatype(
  datatype: number,
  wire: SparkplugWireValue | undefined,
): Outcome<SparkplugValue, SparkplugErrorCode> {
  const type = datatypeName(datatype);
  if (wire === undefined) return invalid(`a ${type} metric carries no value and is not is_null`);
  const mismatch = () => invalid(`a ${type} metric carries its value in ${wire.field}`);
  switch (datatype) {
    case SPARKPLUG_DATATYPES.Int8:
    case SPARKPLUG_DATATYPES.Int16:
    case SPARKPLUG_DATATYPES.Int32: {
      const u = unsigned32(wire);
      if (u === undefined) return mismatch();
      const bits = datatype === 1 ? 8 : datatype === 2 ? 16 : 32;
      const v = signedFrom(u, bits);
      return v === undefined ? invalid(`${u} does not fit ${type}`) : ok(v);
    }
    case SPARKPLUG_DATATYPES.UInt8:
    case SPARKPLUG_DATATYPES.UInt16:
    case SPARKPLUG_DATATYPES.UInt32: {
      const u = unsigned32(wire);
      if (u === undefined) return mismatch();
      const max = datatype === 5 ? 0xff : datatype === 6 ? 0xffff : 0xffff_ffff;
      return u > max ? invalid(`${u} does not fit ${type}`) : ok(u);
    }
    case SPARKPLUG_DATATYPES.Int64:
    case SPARKPLUG_DATATYPES.UInt64: {
      const big = wire.field === 'long_value' ? wire.value : undefined;
      if (big === undefined) {
        if (wire.field !== 'int_value') return mismatch();
        return ok(BigInt(wire.value));
      }
      return ok(datatype === 4 ? BigInt.asIntN(64, big) : big);
    }
    case SPARKPLUG_DATATYPES.DateTime: {
      if (wire.field !== 'long_value') return mismatch();
      if (wire.value > BigInt(Number.MAX_SAFE_INTEGER)) return invalid('DateTime beyond 2^53 ms');
      return ok(Number(wire.value));
    }
    case SPARKPLUG_DATATYPES.Float:
    case SPARKPLUG_DATATYPES.Double:
      return wire.field === 'float_value' || wire.field === 'double_value'
        ? ok(wire.value)
        : mismatch();
    case SPARKPLUG_DATATYPES.Boolean:
      return wire.field === 'boolean_value' ? ok(wire.value) : mismatch();
    case SPARKPLUG_DATATYPES.String:
    case SPARKPLUG_DATATYPES.Text:
    case SPARKPLUG_DATATYPES.UUID:
      return wire.field === 'string_value' ? ok(wire.value) : mismatch();
    case SPARKPLUG_DATATYPES.Bytes:
    case SPARKPLUG_DATATYPES.File:
      return wire.field === 'bytes_value' ? ok(wire.value) : mismatch();
    default:
      return invalid(`datatype ${type} is not decoded by this ingest`);
  }
}

/** The wire fields (snake_case, longs as low/high words) that carry `value` as `datatype`. */
export function wireFieldsOf(
  datatype: number,
  value: SparkplugValue,
): Outcome<Record<string, unknown>, SparkplugErrorCode> {
  const type = datatypeName(datatype);
  const bad = () => invalid(`${String(value)} is not a ${type} value`);
  const intIn = (lo: number, hi: number) =>
    typeof value === 'number' && Number.isInteger(value) && value >= lo && value <= hi;
  switch (datatype) {
    case SPARKPLUG_DATATYPES.Int8:
      return intIn(-128, 127) ? ok({ int_value: (value as number) >>> 0 }) : bad();
    case SPARKPLUG_DATATYPES.Int16:
      return intIn(-32768, 32767) ? ok({ int_value: (value as number) >>> 0 }) : bad();
    case SPARKPLUG_DATATYPES.Int32:
      return intIn(-(2 ** 31), 2 ** 31 - 1) ? ok({ int_value: (value as number) >>> 0 }) : bad();
    case SPARKPLUG_DATATYPES.UInt8:
      return intIn(0, 0xff) ? ok({ int_value: value }) : bad();
    case SPARKPLUG_DATATYPES.UInt16:
      return intIn(0, 0xffff) ? ok({ int_value: value }) : bad();
    case SPARKPLUG_DATATYPES.UInt32:
      return intIn(0, 0xffff_ffff) ? ok({ int_value: value }) : bad();
    case SPARKPLUG_DATATYPES.Int64:
    case SPARKPLUG_DATATYPES.UInt64: {
      const big =
        typeof value === 'bigint'
          ? value
          : typeof value === 'number' && Number.isSafeInteger(value)
            ? BigInt(value)
            : undefined;
      if (big === undefined) return bad();
      const fits =
        datatype === 4 ? BigInt.asIntN(64, big) === big : BigInt.asUintN(64, big) === big;
      return fits ? ok({ long_value: bigIntToWireLong(big) }) : bad();
    }
    case SPARKPLUG_DATATYPES.DateTime:
      return intIn(0, Number.MAX_SAFE_INTEGER)
        ? ok({ long_value: bigIntToWireLong(BigInt(value as number)) })
        : bad();
    case SPARKPLUG_DATATYPES.Float:
      return typeof value === 'number' ? ok({ float_value: value }) : bad();
    case SPARKPLUG_DATATYPES.Double:
      return typeof value === 'number' ? ok({ double_value: value }) : bad();
    case SPARKPLUG_DATATYPES.Boolean:
      return typeof value === 'boolean' ? ok({ boolean_value: value }) : bad();
    case SPARKPLUG_DATATYPES.String:
    case SPARKPLUG_DATATYPES.Text:
    case SPARKPLUG_DATATYPES.UUID:
      return typeof value === 'string' ? ok({ string_value: value }) : bad();
    case SPARKPLUG_DATATYPES.Bytes:
    case SPARKPLUG_DATATYPES.File:
      return value instanceof Uint8Array ? ok({ bytes_value: value }) : bad();
    default:
      return invalid(`datatype ${type} is not encoded by this ingest`);
  }
}
