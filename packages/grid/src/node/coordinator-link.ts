/**
 * The control link: one WebSocket from the node to its coordinator (`/v1/nodes/link`). The
 * coordinator speaks first with a challenge; the node answers with a registration signed by its
 * key, then heartbeats its free slots, load and coordinate, answers pings and reports sessions.
 * A lost link is retried forever with exponential backoff and full jitter (link-backoff.ts) until
 * close(); sessions on the node keep running while the coordinator is away, but no turn is
 * acknowledged to a client until its checkpoint is acknowledged here. Countersigned usage proofs
 * go out here too; the usage keeper resends those not acknowledged.
 */
import type { Outcome, Proof, Signer } from '@mycel/kernel';
import {
  type ChallengeFrame,
  type CheckpointAckFrame,
  COORDINATOR_PATHS,
  cityHeaders,
  cityOf,
  coordinatorFrameReader,
  type HeartbeatFrame,
  type Inbound,
  inbound,
  inboundDelayMs,
  type LatencyEmulation,
  type NodeLinkFrame,
  type NodeRegistrationFields,
  type Peer,
  type RegisteredFrame,
  type RestoreFrame,
  type SessionCheckpoint,
  type SessionRefusedFrame,
  type SessionStateFrame,
  signRegistration,
  type UsageAckFrame,
  wireLimits,
} from '@mycel/wire';
import type { Logger } from 'pino';
import WebSocket, { type RawData } from 'ws';
import {
  NODE_EPOCHS_REMEMBERED_MAX,
  NODE_HEARTBEAT_MS_MAX,
  NODE_HEARTBEAT_MS_MIN,
  NODE_LINK_REGISTER_TIMEOUT_MS,
  NODE_LINK_SILENCE_MS,
} from '../limits.js';
import { linkRetryDelayMs } from './link-backoff.js';
import type { NodeErrorCode } from './node-error-codes.js';

export type LinkState = 'connecting' | 'registering' | 'registered' | 'waiting' | 'closed';

export interface LinkStatus {
  readonly state: LinkState;
  /** Successful registrations since the node started. */
  readonly registrations: number;
  /** Failed attempts since the last registration. */
  readonly attempts: number;
  readonly lastError?: { readonly code: string; readonly message: string };
}

export interface CoordinatorLinkOptions {
  readonly coordinatorUrl: string;
  readonly signer: Signer;
  /** Whether the coordinator of this challenge is the one the node trusts (pinning). */
  trustChallenge(challenge: ChallengeFrame): Outcome<true, NodeErrorCode>;
  /** The registration fields other than the challenge's grid and nonce. */
  registration(): Omit<NodeRegistrationFields, 'grid' | 'nonce'>;
  heartbeat(): Omit<HeartbeatFrame, 't' | 'seq'>;
  onRegistered(frame: RegisteredFrame): void;
  onPeers(peers: readonly Peer[]): void;
  onCheckpointAck(frame: CheckpointAckFrame): void;
  onSessionRefused(frame: SessionRefusedFrame): void;
  onRestore(frame: RestoreFrame): void;
  onUsageAck(frame: UsageAckFrame): void;
  /** Overrides the interval the coordinator asks for. */
  readonly heartbeatMs?: number;
  readonly emulation?: LatencyEmulation;
  readonly logger: Logger;
  /** A draw in [0, 1) for the backoff jitter. */
  random(): number;
}

type LinkEvent = { readonly data: RawData } | 'closed';

/** Session reports that wait for the link, at most; the oldest go first. */
const OUTBOX_FRAMES_MAX = NODE_EPOCHS_REMEMBERED_MAX;

export class CoordinatorLink {
  private socket: WebSocket | undefined;
  private state: LinkState = 'waiting';
  private registrations = 0;
  private attempts = 0;
  private lastError: LinkStatus['lastError'];
  private retryTimer: NodeJS.Timeout | undefined;
  private registerTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private heartbeatSeq = 0;
  private lastHeardMs = 0;
  /** `closed` and `failed` reports made while the link was down (`active` ones are re-sent). */
  private readonly outbox: SessionStateFrame[] = [];
  private closing = false;
  private draining = false;
  private socketGone: (() => void) | undefined;

  constructor(private readonly options: CoordinatorLinkOptions) {}

  start(): void {
    this.connect();
  }

  status(): LinkStatus {
    return {
      state: this.state,
      registrations: this.registrations,
      attempts: this.attempts,
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
    };
  }

  /** Reports a session's state now, or after the next registration for an ending one. */
  report(frame: SessionStateFrame): void {
    if (this.state === 'registered') {
      this.send(frame);
    } else if (frame.state !== 'active') {
      if (this.outbox.length >= OUTBOX_FRAMES_MAX) this.outbox.shift();
      this.outbox.push(frame);
    }
  }

  /** A turn's checkpoint; dropped while unregistered (the host sends it again on relink). */
  sendCheckpoint(checkpoint: SessionCheckpoint): void {
    if (this.state === 'registered') this.send({ t: 'checkpoint', checkpoint });
  }

  /** A countersigned usage proof; dropped while unregistered (the keeper sends it again). */
  sendUsage(proof: Proof): void {
    if (this.state === 'registered') this.send({ t: 'usage', proof });
  }

  /** The node drains: the coordinator hears it now and after every registration. */
  drain(): void {
    this.draining = true;
    if (this.state === 'registered') this.send({ t: 'drain' });
  }

  /** The coordinator this link goes to. */
  get coordinatorUrl(): string {
    return this.options.coordinatorUrl;
  }

  /**
   * Closes the link for good. `code` tells the coordinator why: 1001 the node stops,
   * LINK_CLOSE_NODE_MOVED it moved to another coordinator (docs/spec/mmp-switching.md).
   */
  async close(code = 1001, reason = 'node shutting down'): Promise<void> {
    this.closing = true;
    this.stopTimers();
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    const socket = this.socket;
    if (socket !== undefined && socket.readyState !== WebSocket.CLOSED) {
      const gone = new Promise<void>((done) => {
        this.socketGone = done;
      });
      socket.close(code, reason);
      const cut = setTimeout(() => socket.terminate(), 1000);
      await gone;
      clearTimeout(cut);
    }
    this.state = 'closed';
  }

  private connect(): void {
    if (this.closing) return;
    this.state = 'connecting';
    const socket = new WebSocket(linkUrl(this.options.coordinatorUrl), {
      headers: cityHeaders(this.options.emulation),
      maxPayload: wireLimits.LINK_FRAME_BYTES_MAX,
      handshakeTimeout: NODE_LINK_REGISTER_TIMEOUT_MS,
      perMessageDeflate: false,
    });
    this.socket = socket;
    this.lastHeardMs = Date.now();
    const deliver = (event: LinkEvent) =>
      event === 'closed' ? this.lost(socket) : this.receive(socket, event.data);
    let line: Inbound<LinkEvent> = inbound(0, deliver);
    socket.on('upgrade', (response) => {
      line = inbound(inboundDelayMs(this.options.emulation, cityOf(response.headers)), deliver);
    });
    socket.on('message', (data) => {
      this.lastHeardMs = Date.now();
      line.push({ data });
    });
    socket.on('pong', () => {
      this.lastHeardMs = Date.now();
    });
    socket.on('error', (error) => {
      this.lastError = { code: 'coordinator_unavailable', message: error.message };
      this.options.logger.debug({ err: error }, 'control link error');
    });
    socket.on('close', () => line.push('closed'));
    this.registerTimer = setTimeout(() => {
      this.lastError = { code: 'coordinator_unavailable', message: 'no registration in time' };
      socket.terminate();
    }, NODE_LINK_REGISTER_TIMEOUT_MS);
  }

  private receive(socket: WebSocket, data: RawData): void {
    if (socket !== this.socket || this.closing) return;
    const read = coordinatorFrameReader.read(asBytes(data));
    if (!read.ok) {
      this.options.logger.warn({ error: read.error }, 'bad frame from the coordinator');
      return;
    }
    const frame = read.value;
    switch (frame.t) {
      case 'challenge':
        this.answerChallenge(frame);
        return;
      case 'registered':
        this.registered(frame);
        return;
      case 'peers':
        this.options.onPeers(frame.peers);
        return;
      case 'ping':
        this.send({ t: 'pong', n: frame.n });
        return;
      case 'error':
        this.lastError = { code: frame.code, message: frame.message };
        this.options.logger.warn({ code: frame.code }, `coordinator: ${frame.message}`);
        return;
      case 'checkpoint-ack':
        this.options.onCheckpointAck(frame);
        return;
      case 'session-refused':
        this.options.onSessionRefused(frame);
        return;
      case 'restore':
        this.options.onRestore(frame);
        return;
      case 'usage-ack':
        this.options.onUsageAck(frame);
        return;
    }
  }

  private answerChallenge(challenge: ChallengeFrame): void {
    if (this.state !== 'connecting') return;
    const trusted = this.options.trustChallenge(challenge);
    if (!trusted.ok) {
      this.lastError = trusted.error;
      this.options.logger.error({ code: trusted.error.code }, trusted.error.message);
      this.socket?.close(1008, 'untrusted coordinator');
      return;
    }
    const fields = { ...this.options.registration(), grid: challenge.grid, nonce: challenge.nonce };
    this.send({ t: 'register', registration: signRegistration(fields, this.options.signer) });
    this.state = 'registering';
  }

  private registered(frame: RegisteredFrame): void {
    if (this.state !== 'registering') return;
    this.state = 'registered';
    this.attempts = 0;
    this.registrations += 1;
    this.lastError = undefined;
    if (this.registerTimer !== undefined) clearTimeout(this.registerTimer);
    this.registerTimer = undefined;
    this.options.logger.info(
      { registrations: this.registrations },
      'registered with the coordinator',
    );
    const requested = this.options.heartbeatMs ?? frame.heartbeatMs;
    const intervalMs = Math.min(NODE_HEARTBEAT_MS_MAX, Math.max(NODE_HEARTBEAT_MS_MIN, requested));
    this.heartbeatTimer = setInterval(() => this.beat(), intervalMs);
    if (this.draining) this.send({ t: 'drain' });
    this.options.onRegistered(frame);
    for (const report of this.outbox.splice(0)) this.send(report);
    this.beat();
  }

  private beat(): void {
    const socket = this.socket;
    if (socket === undefined || this.state !== 'registered') return;
    if (Date.now() - this.lastHeardMs > NODE_LINK_SILENCE_MS) {
      this.lastError = { code: 'coordinator_unavailable', message: 'the link went silent' };
      socket.terminate();
      return;
    }
    this.heartbeatSeq += 1;
    this.send({ t: 'heartbeat', seq: this.heartbeatSeq, ...this.options.heartbeat() });
    if (socket.readyState === WebSocket.OPEN) socket.ping();
  }

  private send(frame: NodeLinkFrame): void {
    const socket = this.socket;
    if (socket !== undefined && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(frame));
    }
  }

  /** The socket is gone: try again later, unless the node is closing. */
  private lost(socket: WebSocket): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    this.stopTimers();
    if (this.state === 'registered') {
      this.options.logger.warn('lost the control link; reconnecting');
    }
    if (this.closing) {
      this.socketGone?.();
      return;
    }
    this.state = 'waiting';
    const delayMs = linkRetryDelayMs(this.attempts, this.options.random());
    this.attempts += 1;
    this.retryTimer = setTimeout(() => this.connect(), delayMs);
  }

  private stopTimers(): void {
    if (this.registerTimer !== undefined) clearTimeout(this.registerTimer);
    if (this.heartbeatTimer !== undefined) clearInterval(this.heartbeatTimer);
    this.registerTimer = undefined;
    this.heartbeatTimer = undefined;
  }
}

/** `http://host:port/prefix` → `ws://host:port/prefix/v1/nodes/link`. */
export function linkUrl(coordinatorUrl: string): string {
  const url = new URL(coordinatorUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${COORDINATOR_PATHS.nodeLink}`;
  return url.toString();
}

function asBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}
