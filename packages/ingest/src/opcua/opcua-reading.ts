/**
 * One OPC UA DataValue turned into a Reading, or refused with a code. Pure, and free of
 * node-opcua, so the rules are testable without a server: only a Good status is a reading
 * (Bad and Uncertain are refused), the time is the device's SourceTimestamp (never the
 * server's or the gateway's), the unit comes from EngineeringUnits or the configured unit map.
 */
import { failWith, type Outcome, ok } from '@mycel/kernel';
import { OPCUA_METRIC_CHARS_MAX, OPCUA_UNIT_CHARS_MAX } from '../limits/opcua.js';
import type { Reading } from '../reading.js';
import type { OpcuaErrorCode } from './opcua-error-codes.js';

/** What the client read for one node, in plain values. */
export interface OpcuaValueRead {
  /** The node as configured, `ns=<index>;s=<name>` / `ns=…;i=…`. */
  readonly nodeId: string;
  /** The name part of the node's BrowseName, when it could be read. */
  readonly browseName: string | undefined;
  /** The DataValue's status: its 32-bit code and symbolic name. */
  readonly status: { readonly code: number; readonly name: string };
  /** The Variant's built-in type name (`Double`, `UInt64`, …) and value. */
  readonly dataType: string;
  readonly value: unknown;
  readonly sourceTimestamp: Date | null;
  /** Display text of the node's EngineeringUnits, when it has the property. */
  readonly engineeringUnit: string | undefined;
}

/** StatusCode of a read of a node the server does not have. */
export const OPCUA_BAD_NODE_ID_UNKNOWN = 0x80340000;

const SEVERITY_SHIFT = 30;
const SIGNED_64 = new Set(['Int64']);
const UNSIGNED_64 = new Set(['UInt64']);
const NUMERIC = new Set(['Double', 'Float', 'SByte', 'Byte', 'Int16', 'UInt16', 'Int32', 'UInt32']);

/**
 * The Reading for `read`, or why there is none. `units` maps a node id or a browse name to a
 * unit and is consulted only when the node has no EngineeringUnits.
 */
export function opcuaReading(
  device: string,
  read: OpcuaValueRead,
  units: Readonly<Record<string, string>> = {},
): Outcome<Reading, OpcuaErrorCode> {
  const at = `node ${read.nodeId}`;
  if (read.status.code >>> 0 === OPCUA_BAD_NODE_ID_UNKNOWN) {
    return failWith('opcua_node_unknown', `${at}: the server has no such node`, read.nodeId);
  }
  if (read.status.code >>> SEVERITY_SHIFT !== 0) {
    return failWith('opcua_status_not_good', `${at}: status ${read.status.name}`, read.nodeId);
  }
  const value = numericValue(read.dataType, read.value);
  if (value === undefined) {
    return failWith(
      'opcua_value_not_numeric',
      `${at}: ${read.dataType} value is not a finite number`,
      read.nodeId,
    );
  }
  if (read.sourceTimestamp === null || Number.isNaN(read.sourceTimestamp.getTime())) {
    return failWith('opcua_timestamp_missing', `${at}: no SourceTimestamp`, read.nodeId);
  }
  const metric = read.browseName ?? '';
  if (metric.length === 0 || metric.length > OPCUA_METRIC_CHARS_MAX) {
    return failWith(
      'opcua_metric_invalid',
      `${at}: browse name "${metric.slice(0, 40)}" is not a metric`,
      read.nodeId,
    );
  }
  const unit = read.engineeringUnit ?? units[read.nodeId] ?? units[metric];
  if (unit === undefined || unit.length === 0 || unit.length > OPCUA_UNIT_CHARS_MAX) {
    return failWith(
      'opcua_unit_unknown',
      `${at}: no EngineeringUnits and no configured unit`,
      read.nodeId,
    );
  }
  return ok({
    device,
    source: 'opc-ua',
    metric,
    value,
    unit,
    capturedAt: read.sourceTimestamp.toISOString(),
    raw: { statusCode: read.status.code >>> 0, nodeId: read.nodeId, dataType: read.dataType },
  });
}

/** A finite JavaScript number, or undefined. 64-bit integers arrive as [high, low] words. */
function numericValue(dataType: string, value: unknown): number | undefined {
  if (NUMERIC.has(dataType)) {
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  }
  if (
    (SIGNED_64.has(dataType) || UNSIGNED_64.has(dataType)) &&
    Array.isArray(value) &&
    value.length === 2
  ) {
    const [high, low] = value as unknown[];
    if (typeof high !== 'number' || typeof low !== 'number') return undefined;
    const signedHigh = SIGNED_64.has(dataType) ? high | 0 : high >>> 0;
    const combined = signedHigh * 2 ** 32 + (low >>> 0);
    return Number.isSafeInteger(combined) ? combined : undefined;
  }
  return undefined;
}
