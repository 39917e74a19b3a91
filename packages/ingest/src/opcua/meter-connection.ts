/**
 * Connecting the OPC UA meter client: the secure channel (SignAndEncrypt with the gateway's own
 * certificate), pinned to the one server certificate the connection was given, and an anonymous
 * session; the codes of a refused connect; and the shared lost/closed state of the connection,
 * whose loss is told once to every listener (the monitors).
 */
import { failWith, type Outcome, ok } from '@mycel/kernel';
import {
  type ClientSession,
  MessageSecurityMode,
  OPCUAClient,
  type SecurityPolicy,
  StatusCodes,
  UserTokenType,
} from 'node-opcua';
import {
  OPCUA_CONNECT_TIMEOUT_MS,
  OPCUA_REQUEST_TIMEOUT_MS,
  OPCUA_SESSION_TIMEOUT_MS,
} from '../limits/opcua.js';
import { certificateDer } from './certificate-der.js';
import type { OpcuaMeterClientOptions } from './meter-client.js';
import type { OpcuaErrorCode } from './opcua-error-codes.js';
import { OPCUA_DEFAULT_SECURITY_POLICY, OPCUA_SECURITY_POLICIES } from './security-policy.js';
import { withTimeout } from './with-timeout.js';

/** Whether the connection ended, and who to tell when it is lost. */
export interface ConnectionStatus {
  lost: boolean;
  closed: boolean;
  readonly lostListeners: Set<() => void>;
  /** Marks the connection lost (once, unless closed) and tells every listener. */
  readonly markLost: () => void;
}

/** One open session and what its requests, monitors and close share. */
export interface MeterConnection {
  readonly client: OPCUAClient;
  readonly session: ClientSession;
  /** The security policy URI the channel runs with. */
  readonly securityPolicyUri: string;
  readonly requestTimeoutMs: number;
  readonly status: ConnectionStatus;
}

const ENDPOINT_URL = /^opc\.tcp:\/\/[^\s/:]+:[0-9]{1,5}(\/\S*)?$/;

/** Opens the secure channel and an anonymous session, or says why not. */
export async function openMeterConnection(
  options: OpcuaMeterClientOptions,
): Promise<Outcome<MeterConnection, OpcuaErrorCode>> {
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
  const status: ConnectionStatus = {
    lost: false,
    closed: false,
    lostListeners: new Set<() => void>(),
    markLost: () => {
      if (status.closed || status.lost) return;
      status.lost = true;
      for (const notify of status.lostListeners) notify();
      status.lostListeners.clear();
    },
  };
  const markLost = status.markLost;
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
    status.closed = true;
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
  return ok({ client, session, securityPolicyUri, requestTimeoutMs, status });
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

/** Whether a failed request means the connection is gone. */
export function isConnectionError(error: Error): boolean {
  return /closed|disconnect|ECONNRESET|EPIPE|BadConnectionClosed|BadSecureChannelClosed|BadSessionClosed|BadSessionIdInvalid|BadServerHalted|BadCommunicationError|BadNotConnected/i.test(
    error.message,
  );
}
