/**
 * Every code the ingest package can give, one table for docs/spec/error-codes.md: the SunSpec
 * reader and Modbus transport, the gateway that turns readings into proofs, the OPC UA adapter,
 * the Sparkplug B codec and stream tracker, and the reading sources that feed OPC UA and Sparkplug
 * readings to the gateway. Each adapter keeps its own table next to its code.
 */
import { GATEWAY_ERROR_CODES } from './gateway/gateway-error-codes.js';
import { MODBUS_ERROR_CODES } from './modbus/modbus-error-codes.js';
import { OPCUA_ERROR_CODES } from './opcua/opcua-error-codes.js';
import { SOURCE_ERROR_CODES } from './sources/source-error-codes.js';
import { SPARKPLUG_ERROR_CODES } from './sparkplug/sparkplug-error-codes.js';

export const INGEST_ERROR_CODES = {
  ...MODBUS_ERROR_CODES,
  ...GATEWAY_ERROR_CODES,
  ...OPCUA_ERROR_CODES,
  ...SPARKPLUG_ERROR_CODES,
  ...SOURCE_ERROR_CODES,
} as const;

export type IngestErrorCode = keyof typeof INGEST_ERROR_CODES;
