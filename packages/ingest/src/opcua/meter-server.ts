/**
 * A small real OPC UA server for tests and the devnet: one energy meter whose values the caller
 * sets with the times it chooses (a simulated clock; the server runs no timers of its own).
 * It listens on 127.0.0.1 (port 0 by default), offers SignAndEncrypt endpoints only, keeps its
 * PKI in a temporary folder removed on stop, and trusts only client certificates placed in its
 * trusted folder (trustClientCertificate, or a file dropped there followed by reloadTrust).
 */
import { failWith, type Outcome, ok } from '@mycel/kernel';
import {
  DataType,
  MessageSecurityMode,
  makeEUInformation,
  nodesets,
  OPCUAServer,
  type SecurityPolicy,
  StatusCode,
  StatusCodes,
  type UAVariable,
} from 'node-opcua';
import {
  OPCUA_SERVER_CONNECTIONS_MAX,
  OPCUA_SERVER_SESSIONS_MAX,
  OPCUA_SERVER_SHUTDOWN_MS,
} from '../limits/opcua.js';
import { certificateDer, certificateThumbprint } from './certificate-der.js';
import {
  METER_BROWSE_NAMES,
  METER_UNITS,
  type MeterVariable,
  meterNodeIds,
} from './meter-nodes.js';
import type { OpcuaErrorCode } from './opcua-error-codes.js';
import { OPCUA_SECURITY_POLICIES, type OpcuaSecurityPolicyName } from './security-policy.js';
import { createTemporaryPki, type TemporaryPki } from './temporary-pki.js';

export interface MeterServerOptions {
  /** TCP port on 127.0.0.1; 0 (the default) lets the kernel pick a free one. */
  readonly port?: number;
  /** Names the temporary folder and the application URI (`urn:mycel:ingest:opcua-meter:<label>`). */
  readonly label?: string;
  /** Policies offered, all with SignAndEncrypt. Default: Basic256Sha256 and Aes128_Sha256_RsaOaep. */
  readonly securityPolicies?: readonly OpcuaSecurityPolicyName[];
  /** Starting values, both with source timestamp `at` (default: 0 Wh, 0 W at the Unix epoch). */
  readonly initial?: {
    readonly energyWh: number;
    readonly powerW: number;
    readonly at: Date | string | number;
  };
}

export interface MeterServer {
  /** `opc.tcp://127.0.0.1:<port>` */
  readonly endpointUrl: string;
  readonly port: number;
  readonly applicationUri: string;
  /** The server's certificate, DER: what a client is given to trust. */
  readonly certificate: Buffer;
  /** Where the operator places trusted client certificates. */
  readonly trustedFolder: string;
  /** String NodeIds of the meter object and its variables. */
  readonly nodeIds: Readonly<Record<'meter' | MeterVariable, string>>;
  /** Trusts one client certificate (DER or PEM); answers its SHA-1 thumbprint. */
  trustClientCertificate(
    certificate: Uint8Array | string,
  ): Promise<Outcome<string, OpcuaErrorCode>>;
  /** Rescans the trusted folder after certificate files were placed there by hand. */
  reloadTrust(): Promise<void>;
  /** Sets a variable's value, Good, measured at `at`. */
  set(variable: MeterVariable, value: number, at: Date | string | number): void;
  /** Sets a variable's status (e.g. 'BadSensorFailure', 'UncertainLastUsableValue'), keeping its value. */
  setStatus(variable: MeterVariable, statusName: string, at: Date | string | number): void;
  /** Closes sessions and the listener and removes the PKI folders. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts the meter server; refuses with opcua_server_start_failed, never leaving a folder behind. */
export async function startMeterServer(
  options: MeterServerOptions = {},
): Promise<Outcome<MeterServer, OpcuaErrorCode>> {
  const label = options.label ?? 'meter';
  const applicationUri = `urn:mycel:ingest:opcua-meter:${label}`;
  const policies = options.securityPolicies ?? ['Basic256Sha256', 'Aes128_Sha256_RsaOaep'];
  let serverPki: TemporaryPki | undefined;
  let userPki: TemporaryPki | undefined;
  let server: OPCUAServer | undefined;
  try {
    serverPki = await createTemporaryPki(`${label}-server`);
    userPki = await createTemporaryPki(`${label}-users`);
    server = new OPCUAServer({
      port: options.port ?? 0,
      host: '127.0.0.1',
      hostname: '127.0.0.1',
      securityModes: [MessageSecurityMode.SignAndEncrypt],
      securityPolicies: policies.map((name) => OPCUA_SECURITY_POLICIES[name] as SecurityPolicy),
      // The secure channel authenticates the gateway by its certificate; the session needs no
      // second secret, so the anonymous user token is offered (only over SignAndEncrypt).
      allowAnonymous: true,
      serverCertificateManager: serverPki.certificateManager,
      userCertificateManager: userPki.certificateManager,
      serverInfo: {
        applicationUri,
        productUri: 'urn:mycel:ingest:opcua-meter',
        applicationName: { text: `Mycel test meter ${label}`, locale: 'en' },
      },
      maxConnectionsPerEndpoint: OPCUA_SERVER_CONNECTIONS_MAX,
      serverCapabilities: { maxSessions: OPCUA_SERVER_SESSIONS_MAX },
      nodesets: [nodesets.standard],
    });
    await server.initialize();
    const addressSpace = server.engine.addressSpace;
    if (!addressSpace) throw new Error('the server has no address space after initialize');
    const namespace = addressSpace.getOwnNamespace();
    const nodeIds = meterNodeIds(namespace.index);
    const meter = namespace.addObject({
      organizedBy: addressSpace.rootFolder.objects,
      browseName: METER_BROWSE_NAMES.meter,
      nodeId: nodeIds.meter,
    });
    const variables: Record<MeterVariable, UAVariable> = {
      energy: namespace.addAnalogDataItem({
        componentOf: meter,
        browseName: METER_BROWSE_NAMES.energy,
        nodeId: nodeIds.energy,
        dataType: 'Double',
        engineeringUnits: euInformation('energy'),
        engineeringUnitsRange: { low: 0, high: Number.MAX_SAFE_INTEGER },
      }),
      power: namespace.addAnalogDataItem({
        componentOf: meter,
        browseName: METER_BROWSE_NAMES.power,
        nodeId: nodeIds.power,
        dataType: 'Double',
        engineeringUnits: euInformation('power'),
        engineeringUnitsRange: { low: -1e9, high: 1e9 },
      }),
    };
    const initialAt = toDate(options.initial?.at ?? 0);
    variables.energy.setValueFromSource(
      { dataType: DataType.Double, value: options.initial?.energyWh ?? 0 },
      StatusCodes.Good,
      initialAt,
    );
    variables.power.setValueFromSource(
      { dataType: DataType.Double, value: options.initial?.powerW ?? 0 },
      StatusCodes.Good,
      initialAt,
    );
    await server.start();
    const port = server.endpoints[0]?.port ?? 0;
    const own = certificateDer(server.getCertificate());
    if (!own.ok) throw new Error(own.error.message);
    return ok(
      meterServerHandle(
        server,
        serverPki,
        userPki,
        variables,
        nodeIds,
        applicationUri,
        port,
        own.value,
      ),
    );
  } catch (error) {
    await server?.shutdown(0).catch(() => undefined);
    await serverPki?.dispose();
    await userPki?.dispose();
    return failWith('opcua_server_start_failed', (error as Error).message);
  }
}

function meterServerHandle(
  server: OPCUAServer,
  serverPki: TemporaryPki,
  userPki: TemporaryPki,
  variables: Record<MeterVariable, UAVariable>,
  nodeIds: Record<'meter' | MeterVariable, string>,
  applicationUri: string,
  port: number,
  certificate: Buffer,
): MeterServer {
  let stopping: Promise<void> | undefined;
  return {
    endpointUrl: `opc.tcp://127.0.0.1:${port}`,
    port,
    applicationUri,
    certificate,
    trustedFolder: serverPki.trustedFolder,
    nodeIds,
    async trustClientCertificate(input) {
      const der = certificateDer(input);
      if (!der.ok) return der;
      await serverPki.certificateManager.trustCertificate(der.value);
      return ok(certificateThumbprint(der.value));
    },
    async reloadTrust() {
      await serverPki.certificateManager.reloadCertificates();
    },
    set(variable, value, at) {
      variables[variable].setValueFromSource(
        { dataType: DataType.Double, value },
        StatusCodes.Good,
        toDate(at),
      );
    },
    setStatus(variable, statusName, at) {
      const status = StatusCode.makeStatusCode(statusCodeNamed(statusName), '');
      const current = variables[variable].readValue().value.value as number;
      variables[variable].setValueFromSource(
        { dataType: DataType.Double, value: current },
        status,
        toDate(at),
      );
    },
    stop() {
      stopping ??= (async () => {
        await server.shutdown(OPCUA_SERVER_SHUTDOWN_MS);
        await serverPki.dispose();
        await userPki.dispose();
      })();
      return stopping;
    },
  };
}

function euInformation(variable: MeterVariable) {
  const unit = METER_UNITS[variable];
  return makeEUInformation(unit.commonCode, unit.displayName, unit.description);
}

function statusCodeNamed(name: string): StatusCode {
  const code = (StatusCodes as unknown as Record<string, StatusCode | undefined>)[name];
  if (code === undefined) throw new Error(`unknown OPC UA status code name ${name}`);
  return code;
}

function toDate(at: Date | string | number): Date {
  const date = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(date.getTime())) throw new Error(`not a time: ${String(at)}`);
  return date;
}
