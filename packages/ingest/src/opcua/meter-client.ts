/**
 * The OPC UA ingest adapter: connects to a device's server over SignAndEncrypt with the
 * gateway's own certificate, trusting only the server certificate it was given, and reads nodes
 * into Readings. A node whose value is refused (Bad/Uncertain status, unknown node, no unit, no
 * SourceTimestamp) is reported beside the readings with its code, so nothing is silently lost;
 * a request that cannot be answered at all (connection lost, timeout) fails as a whole. This file
 * holds the client's contract and the object that ties its parts together: connecting in
 * meter-connection.ts, reading in meter-node-reads.ts, subscriptions in meter-monitoring.ts.
 */
import { failWith, type Outcome, ok } from '@mycel/kernel';
import type { Reading } from '../reading.js';
import type { OpcuaClientIdentity } from './client-identity.js';
import { openMeterConnection } from './meter-connection.js';
import { monitorNodes } from './meter-monitoring.js';
import { type MeterLink, readNodes } from './meter-node-reads.js';
import type { OpcuaErrorCode } from './opcua-error-codes.js';
import type { OpcuaSecurityPolicyName } from './security-policy.js';

export interface OpcuaMeterClientOptions {
  /** `opc.tcp://host:port[/path]` */
  readonly endpointUrl: string;
  readonly identity: OpcuaClientIdentity;
  /** The one server certificate (DER or PEM) this connection trusts. */
  readonly serverCertificate: Uint8Array | string;
  /** did:key of the device the readings are attributed to. */
  readonly device: string;
  readonly securityPolicy?: OpcuaSecurityPolicyName;
  /** Unit by node id or browse name, for nodes without EngineeringUnits. */
  readonly units?: Readonly<Record<string, string>>;
  readonly connectTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
}

/** One node that was read but yielded no reading, and why. */
export interface OpcuaRefusal {
  readonly nodeId: string;
  readonly code: OpcuaErrorCode;
  readonly message: string;
}

export interface OpcuaReadBatch {
  readonly readings: readonly Reading[];
  readonly refused: readonly OpcuaRefusal[];
}

export interface OpcuaMeterClient {
  /** The security policy URI the channel runs with. */
  readonly securityPolicyUri: string;
  /** Reads 1..OPCUA_READ_NODES_MAX nodes in one request (after a first metadata request per node). */
  read(nodeIds: readonly string[]): Promise<Outcome<OpcuaReadBatch, OpcuaErrorCode>>;
  /** Reads one node: its reading, or its refusal as the failure. */
  readOne(nodeId: string): Promise<Outcome<Reading, OpcuaErrorCode>>;
  /**
   * Subscribes to 1..OPCUA_READ_NODES_MAX nodes: `listener` gets the current value of each, then
   * every change the server reports, each as a Reading or its refusal; a lost connection is
   * reported once as opcua_connection_lost, after which nothing more arrives.
   */
  monitor(
    nodeIds: readonly string[],
    listener: OpcuaListener,
  ): Promise<Outcome<OpcuaMonitor, OpcuaErrorCode>>;
  /** Closes the session and the channel. Safe to call twice. */
  close(): Promise<void>;
}

/** Receives each monitored value, as a Reading or a refusal naming the node in `path`. */
export type OpcuaListener = (outcome: Outcome<Reading, OpcuaErrorCode>) => void;

export interface OpcuaMonitor {
  /** Deletes the subscription. Safe to call twice, and after the connection was lost. */
  stop(): Promise<void>;
}

/** Opens the secure channel and an anonymous session, or says why not. */
export async function connectOpcuaMeter(
  options: OpcuaMeterClientOptions,
): Promise<Outcome<OpcuaMeterClient, OpcuaErrorCode>> {
  const opened = await openMeterConnection(options);
  if (!opened.ok) return opened;
  const connection = opened.value;
  const { client, session, securityPolicyUri, status } = connection;
  const link: MeterLink = { connection, options, metadata: new Map() };
  const read = (nodeIds: readonly string[]) => readNodes(link, nodeIds);
  const monitors = new Set<OpcuaMonitor>();
  const monitor = (nodeIds: readonly string[], listener: OpcuaListener) =>
    monitorNodes(link, monitors, nodeIds, listener);

  let closing: Promise<void> | undefined;
  return ok({
    securityPolicyUri,
    read,
    monitor,
    async readOne(nodeId) {
      const batch = await read([nodeId]);
      if (!batch.ok) return batch;
      const reading = batch.value.readings[0];
      if (reading !== undefined) return ok(reading);
      const refusal = batch.value.refused[0] as OpcuaRefusal;
      return failWith(refusal.code, refusal.message, refusal.nodeId);
    },
    close() {
      closing ??= (async () => {
        for (const each of [...monitors]) await each.stop();
        const wasLost = status.lost;
        status.closed = true;
        if (!wasLost) await session.close().catch(() => undefined);
        await client.disconnect().catch(() => undefined);
      })();
      return closing;
    },
  });
}
