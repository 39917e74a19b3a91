/**
 * The socket shell around a session (ARCHITECTURE §3): one WebSocket to `{node}/v1/session`,
 * turned into the events of wire's client session machine (frame, frame-invalid, socket-closed)
 * in arrival order, after the devnet's emulated delay. It knows nothing about turns, so a resume
 * can open a second connection to another node and feed the same machine.
 */
import type { IncomingMessage } from 'node:http';
import {
  CITY_HEADER,
  type ClientFrame,
  type ClientSessionEvent,
  cityHeaders,
  type Inbound,
  inbound,
  inboundDelayMs,
  type LatencyEmulation,
  NODE_PATHS,
  nodeFrameReader,
  wireLimits,
} from '@mycel/wire';
import WebSocket from 'ws';
import type { Deadline } from './deadline.js';
import { OpenGridError } from './errors.js';
import { endpointUrl, errorOfAnswer } from './http-json.js';

export interface NodeConnection {
  send(frame: ClientFrame): void;
  /** Starts a clean close; a socket-closed event follows. */
  close(): void;
  /** Drops the socket at once; a socket-closed event follows. */
  terminate(): void;
  /** Settles when the socket has closed (before any emulated delay of the event). */
  readonly closed: Promise<void>;
}

export interface ConnectOptions {
  /** The node's HTTP endpoint, as placement named it. */
  readonly endpoint: string;
  readonly emulation: LatencyEmulation | undefined;
  readonly deadline: Deadline;
  /**
   * How often to ping the node once open. A ping still unanswered when the next is due drops
   * the socket (a socket-closed event follows): a node gone silent is noticed within two.
   */
  readonly pingIntervalMs: number;
  /** Receives every event of the connection, once it is open, in order. */
  readonly onEvent: (event: ClientSessionEvent) => void;
}

/** `http://host:port/x` → `ws://host:port/x/v1/session` (https → wss). */
export function sessionSocketUrl(endpoint: string): string {
  return endpointUrl(endpoint, NODE_PATHS.session).replace(/^http/, 'ws');
}

export function connectNode(options: ConnectOptions): Promise<NodeConnection> {
  const { deadline } = options;
  deadline.check();
  const socket = new WebSocket(sessionSocketUrl(options.endpoint), {
    headers: cityHeaders(options.emulation),
    maxPayload: wireLimits.SESSION_FRAME_BYTES_MAX,
    perMessageDeflate: false,
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  let delayMs = 0;
  socket.once('upgrade', (response: IncomingMessage) => {
    const city = response.headers[CITY_HEADER];
    delayMs = inboundDelayMs(options.emulation, Array.isArray(city) ? city[0] : city);
  });
  return new Promise<NodeConnection>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      deadline.signal.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = () => {
      settle(() => reject(deadline.error()));
      socket.terminate();
    };
    deadline.signal.addEventListener('abort', onAbort, { once: true });
    // Errors after open are followed by 'close', which ends the session; before, they refuse it.
    socket.on('error', (error) => {
      const message = `the node at ${options.endpoint} is unreachable`;
      settle(() => reject(new OpenGridError('node_unavailable', message, { cause: error })));
    });
    socket.once('unexpected-response', (_request, response: IncomingMessage) => {
      void refusalOf(response).then((error) => {
        settle(() => reject(error));
        socket.terminate();
      });
    });
    socket.once('open', () => {
      const events = inbound(delayMs, options.onEvent);
      settle(() => resolve(openConnection(socket, closed, events, options.pingIntervalMs)));
    });
  });
}

function openConnection(
  socket: WebSocket,
  closed: Promise<void>,
  events: Inbound<ClientSessionEvent>,
  pingIntervalMs: number,
): NodeConnection {
  socket.on('message', (data: WebSocket.RawData) => {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    const frame = nodeFrameReader.read(bytes);
    events.push(
      frame.ok
        ? { type: 'frame', frame: frame.value }
        : { type: 'frame-invalid', code: frame.error.code, message: frame.error.message },
    );
  });
  // A node that vanished without closing its TCP connection answers no ping: drop it.
  let answered = true;
  socket.on('pong', () => {
    answered = true;
  });
  const keepalive = setInterval(() => {
    if (!answered) return socket.terminate();
    answered = false;
    socket.ping();
  }, pingIntervalMs);
  keepalive.unref();
  socket.once('close', () => {
    clearInterval(keepalive);
    events.push({ type: 'socket-closed' });
  });
  return {
    send(frame) {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
    },
    close() {
      socket.close(1000);
    },
    terminate() {
      socket.terminate();
    },
    closed,
  };
}

/** The node refused the upgrade: its `{error}` body names why (node_at_capacity, say). */
async function refusalOf(response: IncomingMessage): Promise<OpenGridError> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const part of response) {
      size += (part as Buffer).byteLength;
      if (size > wireLimits.SESSION_FRAME_BYTES_MAX) break;
      parts.push(part as Buffer);
    }
  } catch {
    // The body is a courtesy; the status alone still refuses.
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(parts).toString('utf8'));
  } catch {
    body = undefined;
  }
  const headers = new Headers();
  const retryAfter = response.headers['retry-after'];
  if (typeof retryAfter === 'string') headers.set('retry-after', retryAfter);
  const error = errorOfAnswer(
    { status: response.statusCode ?? 0, headers, body },
    'the node refused the session socket',
  );
  return error.code === 'sdk_response_invalid' || error.code === 'coordinator_unavailable'
    ? new OpenGridError('node_unavailable', error.message, { status: error.status ?? 0 })
    : error;
}
