/**
 * The OPC UA ingest adapter: connects to a device's server over SignAndEncrypt with the
 * gateway's own certificate, trusting only the server certificate it was given, and reads nodes
 * into Readings. A node whose value is refused (Bad/Uncertain status, unknown node, no unit, no
 * SourceTimestamp) is reported beside the readings with its code, so nothing is silently lost;
 * a request that cannot be answered at all (connection lost, timeout) fails as a whole.
 */
import { failWith, type Outcome, ok } from '@mycel/kernel';
import {
  AttributeIds,
  type ClientSession,
  type ClientSubscription,
  coerceNodeId,
  DataType,
  type DataValue,
  type EUInformation,
  MessageSecurityMode,
  makeBrowsePath,
  OPCUAClient,
  type SecurityPolicy,
  StatusCodes,
  TimestampsToReturn,
  UserTokenType,
} from 'node-opcua';
import {
  OPCUA_CONNECT_TIMEOUT_MS,
  OPCUA_MONITOR_QUEUE_SIZE,
  OPCUA_NODE_ID_CHARS_MAX,
  OPCUA_PUBLISHING_INTERVAL_MS,
  OPCUA_READ_NODES_MAX,
  OPCUA_REQUEST_TIMEOUT_MS,
  OPCUA_SESSION_TIMEOUT_MS,
  OPCUA_SUBSCRIPTION_KEEPALIVE_COUNT,
  OPCUA_SUBSCRIPTION_LIFETIME_COUNT,
} from '../limits/opcua.js';
import type { Reading } from '../reading.js';
import { certificateDer } from './certificate-der.js';
import type { OpcuaClientIdentity } from './client-identity.js';
import type { OpcuaErrorCode } from './opcua-error-codes.js';
import { opcuaReading } from './opcua-reading.js';
import {
  OPCUA_DEFAULT_SECURITY_POLICY,
  OPCUA_SECURITY_POLICIES,
  type OpcuaSecurityPolicyName,
} from './security-policy.js';

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

interface NodeMetadata {
  readonly browseName: string | undefined;
  readonly engineeringUnit: string | undefined;
}

const ENDPOINT_URL = /^opc\.tcp:\/\/[^\s/:]+:[0-9]{1,5}(\/\S*)?$/;

/** Opens the secure channel and an anonymous session, or says why not. */
export async function connectOpcuaMeter(
  options: OpcuaMeterClientOptions,
): Promise<Outcome<OpcuaMeterClient, OpcuaErrorCode>> {
  if (!ENDPOINT_URL.test(options.endpointUrl)) {
    return failWith(
      'opcua_endpoint_invalid',
      `not an opc.tcp endpoint: ${options.endpointUrl.slice(0, 80)}`,
    );
  }
  const serverCertificate = certificateDer(options.serverCertificate);
  if (!serverCertificate.ok) return serverCertificate;
  const certificateManager = options.identity.pki.certificateManager;
  await certificateManager.trustCertificate(serverCertificate.value);
  const policyName = options.securityPolicy ?? OPCUA_DEFAULT_SECURITY_POLICY;
  const securityPolicyUri = OPCUA_SECURITY_POLICIES[policyName];
  const requestTimeoutMs = options.requestTimeoutMs ?? OPCUA_REQUEST_TIMEOUT_MS;
  const client = OPCUAClient.create({
    applicationName: options.identity.applicationName,
    applicationUri: options.identity.applicationUri,
    clientCertificateManager: certificateManager,
    certificateFile: options.identity.certificateFile,
    securityMode: MessageSecurityMode.SignAndEncrypt,
    securityPolicy: securityPolicyUri as SecurityPolicy,
    endpointMustExist: false,
    keepSessionAlive: false,
    requestedSessionTimeout: OPCUA_SESSION_TIMEOUT_MS,
    defaultTransactionTimeout: requestTimeoutMs,
    // One attempt: a gateway reports a refused or lost connection, it does not spin on it.
    connectionStrategy: { maxRetry: 0, initialDelay: 50, maxDelay: 100 },
  });
  let lost = false;
  let closed = false;
  const lostListeners = new Set<() => void>();
  const markLost = () => {
    if (closed || lost) return;
    lost = true;
    for (const notify of lostListeners) notify();
    lostListeners.clear();
  };
  client.on('connection_lost', markLost);
  client.on('close', markLost);

  const opened = await withTimeout(
    (async () => {
      await client.connect(options.endpointUrl);
      // The trust store may hold certificates given to earlier connections of this identity:
      // this connection trusts only the one it was given.
      if (!samePinnedCertificate(client.serverCertificate, serverCertificate.value)) {
        throw new PinMismatch();
      }
      return client.createSession({ type: UserTokenType.Anonymous });
    })(),
    options.connectTimeoutMs ?? OPCUA_CONNECT_TIMEOUT_MS,
  );
  if (!opened.ok) {
    closed = true;
    await client.disconnect().catch(() => undefined);
    if (opened.timedOut)
      return failWith('opcua_connect_timeout', `no session within the connect timeout`);
    return failWith(
      connectErrorCode(opened.error),
      opened.error.message.split('\n')[0] ?? 'connect failed',
    );
  }
  const session: ClientSession = opened.value;
  session.on('session_closed', markLost);
  const metadata = new Map<string, NodeMetadata>();

  async function describe(nodeIds: readonly string[]): Promise<void> {
    const unknown = nodeIds.filter((id) => !metadata.has(id));
    if (unknown.length === 0) return;
    const paths = await session.translateBrowsePath(
      unknown.map((id) => makeBrowsePath(id, '.EngineeringUnits')),
    );
    const euNodes = paths.map((path) => path.targets?.[0]?.targetId ?? null);
    const reads = await session.read([
      ...unknown.map((nodeId) => ({ nodeId, attributeId: AttributeIds.BrowseName })),
      ...euNodes.flatMap((target) =>
        target === null ? [] : [{ nodeId: target, attributeId: AttributeIds.Value }],
      ),
    ]);
    let euIndex = unknown.length;
    unknown.forEach((nodeId, i) => {
      const nameValue = reads[i];
      const browseName =
        nameValue?.statusCode.isGood() === true
          ? (nameValue.value.value as { name?: string })?.name
          : undefined;
      let engineeringUnit: string | undefined;
      if (euNodes[i] !== null) {
        const eu = reads[euIndex++];
        if (eu?.statusCode.isGood() === true) {
          const text = (eu.value.value as EUInformation | null)?.displayName?.text;
          engineeringUnit = typeof text === 'string' && text.length > 0 ? text : undefined;
        }
      }
      // Cache only what the server answered for a node it has; an unknown node is asked again.
      if (nameValue?.statusCode.isGood() === true)
        metadata.set(nodeId, { browseName, engineeringUnit });
    });
  }

  function toReading(nodeId: string, dataValue: DataValue): Outcome<Reading, OpcuaErrorCode> {
    const known = metadata.get(nodeId);
    return opcuaReading(
      options.device,
      {
        nodeId,
        browseName: known?.browseName,
        status: { code: dataValue.statusCode.value, name: dataValue.statusCode.name },
        dataType: DataType[dataValue.value.dataType] ?? 'Null',
        value: dataValue.value.value,
        sourceTimestamp: dataValue.sourceTimestamp ?? null,
        engineeringUnit: known?.engineeringUnit,
      },
      options.units,
    );
  }

  /** Why a request for `nodeIds` cannot be sent now, if it cannot. */
  function refuseRequest(nodeIds: readonly string[]) {
    if (closed) return failWith('opcua_client_closed', 'the adapter is closed');
    if (lost) return failWith('opcua_connection_lost', 'the connection to the server was lost');
    if (nodeIds.length === 0 || nodeIds.length > OPCUA_READ_NODES_MAX) {
      return failWith(
        'opcua_too_many_nodes',
        `request names ${nodeIds.length} nodes (1..${OPCUA_READ_NODES_MAX})`,
      );
    }
    for (const id of nodeIds) {
      if (!wellFormedNodeId(id))
        return failWith('opcua_node_id_invalid', `not a NodeId: ${id.slice(0, 80)}`, id);
    }
    return undefined;
  }

  /** The code of a request that failed as a whole. */
  function requestFailure(failed: { timedOut: boolean; error: Error }) {
    if (lost || closed) {
      return failWith(
        closed ? 'opcua_client_closed' : 'opcua_connection_lost',
        'the connection ended during the request',
      );
    }
    if (failed.timedOut)
      return failWith('opcua_request_timeout', 'the server did not answer in time');
    if (isConnectionError(failed.error)) {
      markLost();
      return failWith(
        'opcua_connection_lost',
        failed.error.message.split('\n')[0] ?? 'connection lost',
      );
    }
    return failWith(
      'opcua_request_failed',
      failed.error.message.split('\n')[0] ?? 'request failed',
    );
  }

  async function read(
    nodeIds: readonly string[],
  ): Promise<Outcome<OpcuaReadBatch, OpcuaErrorCode>> {
    const refusal = refuseRequest(nodeIds);
    if (refusal !== undefined) return refusal;
    const answered = await withTimeout(
      (async () => {
        await describe(nodeIds);
        return session.read(
          nodeIds.map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })),
          0,
        );
      })(),
      requestTimeoutMs,
    );
    if (!answered.ok) return requestFailure(answered);
    const readings: Reading[] = [];
    const refused: OpcuaRefusal[] = [];
    nodeIds.forEach((nodeId, i) => {
      const outcome = toReading(nodeId, answered.value[i] as DataValue);
      if (outcome.ok) readings.push(outcome.value);
      else refused.push({ nodeId, code: outcome.error.code, message: outcome.error.message });
    });
    return ok({ readings, refused });
  }

  const monitors = new Set<OpcuaMonitor>();

  async function monitor(
    nodeIds: readonly string[],
    listener: OpcuaListener,
  ): Promise<Outcome<OpcuaMonitor, OpcuaErrorCode>> {
    const refusal = refuseRequest(nodeIds);
    if (refusal !== undefined) return refusal;
    let subscription: ClientSubscription | undefined;
    const created = await withTimeout(
      (async () => {
        await describe(nodeIds);
        subscription = await session.createSubscription2({
          requestedPublishingInterval: OPCUA_PUBLISHING_INTERVAL_MS,
          requestedLifetimeCount: OPCUA_SUBSCRIPTION_LIFETIME_COUNT,
          requestedMaxKeepAliveCount: OPCUA_SUBSCRIPTION_KEEPALIVE_COUNT,
          maxNotificationsPerPublish: OPCUA_READ_NODES_MAX * OPCUA_MONITOR_QUEUE_SIZE,
          publishingEnabled: true,
          priority: 1,
        });
        const active = subscription;
        for (const nodeId of nodeIds) {
          const item = await active.monitor(
            { nodeId, attributeId: AttributeIds.Value },
            // 0: report each change the server records, not a resampled value.
            { samplingInterval: 0, queueSize: OPCUA_MONITOR_QUEUE_SIZE, discardOldest: false },
            TimestampsToReturn.Both,
          );
          item.on('changed', (dataValue: DataValue) => {
            if (!stopped) listener(toReading(nodeId, dataValue));
          });
          item.on('err', (message: string) => {
            if (stopped) return;
            const code = message.includes('BadNodeIdUnknown')
              ? 'opcua_node_unknown'
              : 'opcua_request_failed';
            listener(failWith(code, `node ${nodeId}: ${message}`, nodeId));
          });
        }
      })(),
      requestTimeoutMs,
    );
    let stopped = false;
    let stopping: Promise<void> | undefined;
    const onLost = () => {
      if (stopped) return;
      stopped = true;
      monitors.delete(handle);
      listener(failWith('opcua_connection_lost', 'the connection to the server was lost'));
    };
    const handle: OpcuaMonitor = {
      stop() {
        stopping ??= (async () => {
          stopped = true;
          monitors.delete(handle);
          lostListeners.delete(onLost);
          if (!lost) await subscription?.terminate().catch(() => undefined);
        })();
        return stopping;
      },
    };
    if (!created.ok) {
      await handle.stop();
      return requestFailure(created);
    }
    monitors.add(handle);
    lostListeners.add(onLost);
    return ok(handle);
  }

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
        const wasLost = lost;
        closed = true;
        if (!wasLost) await session.close().catch(() => undefined);
        await client.disconnect().catch(() => undefined);
      })();
      return closing;
    },
  });
}

class PinMismatch extends Error {
  constructor() {
    super('server Certificate verification failed: not the certificate this connection was given');
  }
}

/** Whether the server's certificate (or the first of its chain) is exactly `pinned`. */
function samePinnedCertificate(
  presented: Uint8Array | readonly Uint8Array[] | undefined,
  pinned: Buffer,
): boolean {
  if (presented === undefined) return false;
  const first = Array.isArray(presented) ? presented[0] : (presented as Uint8Array);
  if (first === undefined || first.length < pinned.length) return false;
  // DER is self-delimiting: a prefix equal to a whole certificate is that certificate.
  return Buffer.from(first.buffer, first.byteOffset, pinned.length).equals(pinned);
}

function wellFormedNodeId(id: string): boolean {
  if (id.length === 0 || id.length > OPCUA_NODE_ID_CHARS_MAX) return false;
  try {
    coerceNodeId(id);
    return true;
  } catch {
    return false;
  }
}

/** Which refusal a failed connect was: read from node-opcua's messages and status codes. */
function connectErrorCode(error: Error): OpcuaErrorCode {
  const text = error.message;
  if (/server Certificate verification failed/i.test(text))
    return 'opcua_server_certificate_untrusted';
  if (
    text.includes(StatusCodes.BadCertificateUntrusted.name) ||
    text.includes(StatusCodes.BadSecurityChecksFailed.name) ||
    text.includes(StatusCodes.BadCertificateInvalid.name)
  ) {
    return 'opcua_certificate_untrusted';
  }
  if (
    /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENOTFOUND|socket has been disconnected|connection/i.test(
      text,
    )
  ) {
    return 'opcua_connect_failed';
  }
  if (/session|identity|token/i.test(text)) return 'opcua_session_refused';
  return 'opcua_connect_failed';
}

function isConnectionError(error: Error): boolean {
  return /closed|disconnect|ECONNRESET|EPIPE|BadConnectionClosed|BadSecureChannelClosed|BadSessionClosed|BadSessionIdInvalid|BadServerHalted|BadCommunicationError|BadNotConnected/i.test(
    error.message,
  );
}

type Timed<T> = { ok: true; value: T } | { ok: false; timedOut: boolean; error: Error };

/** `work` within `ms`, without leaving a timer behind. */
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<Timed<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Timed<T>>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, timedOut: true, error: new Error('timeout') }),
      ms,
    );
  });
  try {
    return await Promise.race([
      work.then(
        (value): Timed<T> => ({ ok: true, value }),
        (error: unknown): Timed<T> => ({
          ok: false,
          timedOut: false,
          error: error instanceof Error ? error : new Error(String(error)),
        }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
