/**
 * What the package index exports of the OPC UA adapter. node-opcua costs over a second of CPU
 * to import, so the two entry points load it on first call: code that imports @mycel/ingest for
 * Modbus or Sparkplug never pays for it. Types, codes, limits and the pure reading rule are
 * re-exported as they are.
 */
import type { Outcome } from '@mycel/kernel';
import type { OpcuaClientIdentity } from './client-identity.js';
import type { OpcuaMeterClient, OpcuaMeterClientOptions } from './meter-client.js';
import type { MeterServer, MeterServerOptions } from './meter-server.js';
import type { OpcuaErrorCode } from './opcua-error-codes.js';

export * from '../limits/opcua.js';
export { certificateDer, certificateThumbprint } from './certificate-der.js';
export { exchangeCertificates } from './certificate-exchange.js';
export type { OpcuaClientIdentity } from './client-identity.js';
export type {
  OpcuaListener,
  OpcuaMeterClient,
  OpcuaMeterClientOptions,
  OpcuaMonitor,
  OpcuaReadBatch,
  OpcuaRefusal,
} from './meter-client.js';
export {
  METER_BROWSE_NAMES,
  METER_UNITS,
  type MeterVariable,
  meterNodeIds,
} from './meter-nodes.js';
export type { MeterServer, MeterServerOptions } from './meter-server.js';
export { OPCUA_ERROR_CODES, type OpcuaErrorCode } from './opcua-error-codes.js';
export { OPCUA_BAD_NODE_ID_UNKNOWN, type OpcuaValueRead, opcuaReading } from './opcua-reading.js';
export {
  OPCUA_DEFAULT_SECURITY_POLICY,
  OPCUA_SECURITY_POLICIES,
  type OpcuaSecurityPolicyName,
} from './security-policy.js';

/** Starts the test/devnet energy meter server (see meter-server.ts). */
export async function startMeterServer(
  options?: MeterServerOptions,
): Promise<Outcome<MeterServer, OpcuaErrorCode>> {
  return (await import('./meter-server.js')).startMeterServer(options);
}

/** Makes a gateway's OPC UA certificate and key in a temporary PKI folder. */
export async function createOpcuaClientIdentity(label?: string): Promise<OpcuaClientIdentity> {
  return (await import('./client-identity.js')).createOpcuaClientIdentity(label);
}

/** Connects the ingest adapter to a device's OPC UA server (see meter-client.ts). */
export async function connectOpcuaMeter(
  options: OpcuaMeterClientOptions,
): Promise<Outcome<OpcuaMeterClient, OpcuaErrorCode>> {
  return (await import('./meter-client.js')).connectOpcuaMeter(options);
}
