/**
 * The node's session endpoint (`/v1/session`): WebSocket upgrades, attach (ticket, attach proof,
 * fencing, admission, agent, then the session's state: carried over, restored from the
 * checkpoint the ticket names, or a fresh init) and the registry of attached sessions by sid.
 * Checkpoint acknowledgements, refusals and restores from the coordinator come in here too, and
 * each session's usage is metered from its attach (usage-keeper.ts).
 * Runs on the main event loop: ticket checks are one Ed25519 verification, everything else is
 * bookkeeping; agents run in the inference plane.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { DidKey } from '@mycel/kernel';
import {
  type AttachFrame,
  type CheckpointAckFrame,
  cityHeaders,
  cityOf,
  inbound,
  inboundDelayMs,
  isWireErrorCode,
  type LatencyEmulation,
  type RestoreFrame,
  type SessionCheckpoint,
  type SessionRefusedFrame,
  type SessionStateFrame,
  type SessionTicket,
  type UsageRefusedFrame,
  type UsageSignedFrame,
  verifyAttachProof,
  verifyCheckpoint,
  verifyTicket,
  type WireError,
  type WireResult,
  wireFail,
  wireLimits,
} from '@mycel/wire';
import type { Logger } from 'pino';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { AgentRef } from '../inference/turn-request.js';
import {
  CHECKPOINT_ACK_TIMEOUT_MS,
  NODE_AT_CAPACITY_RETRY_AFTER_MS,
  NODE_DRAIN_MS,
  NODE_UNATTACHED_SOCKETS_MAX,
  RESTORE_WAIT_MS,
  SESSION_DETACHED_GRACE_MS,
  SESSION_FRAME_SLACK_BYTES,
} from '../limits.js';
import { type AttachState, attachState } from './attach-state.js';
import type { EpochFence } from './epoch-fence.js';
import type { InferencePlane } from './inference-plane.js';
import { RestoreShelf } from './restore-shelf.js';
import { CLOSE_NORMAL, type ConnectionOwner, SessionConnection } from './session-connection.js';
import { SessionHost, type SessionSnapshot, type TurnContext } from './session-host.js';
import type { SessionSlots } from './session-slots.js';
import { attachFailureOf } from './session-turns.js';
import type { MeteredSession, UsageKeeper } from './usage-keeper.js';

/** The coordinator whose tickets this node accepts, and the grid they must name. */
export interface TicketTrust {
  readonly coordinator: DidKey;
  readonly grid: string;
  /** The other coordinators of the node's canopy, whose tickets verify too (mmp-switching.md). */
  readonly others?: readonly DidKey[];
}

export interface AgentSource {
  /** The agent a ticket names, ready to run: a built-in, or a fetched and verified bundle. */
  resolve(reference: string): Promise<WireResult<AgentRef>>;
}

export interface SessionServerOptions {
  readonly nodeDid: string;
  /** Undefined until a coordinator is pinned: then every ticket is refused. */
  trust(): TicketTrust | undefined;
  readonly slots: SessionSlots;
  readonly fence: EpochFence;
  readonly agents: AgentSource;
  readonly inference: InferencePlane;
  readonly turnTimeoutMs: number;
  /** Tells the coordinator about a session (the control link drops it while it is down). */
  report(frame: SessionStateFrame): void;
  /** Sends a turn's checkpoint to the coordinator (dropped while the link is down). */
  sendCheckpoint(checkpoint: SessionCheckpoint): void;
  /** How long a turn's last frame waits for its checkpoint (CHECKPOINT_ACK_TIMEOUT_MS). */
  readonly checkpointAckTimeoutMs?: number;
  /** How long a session whose client dropped waits for it (SESSION_DETACHED_GRACE_MS). */
  readonly detachedGraceMs?: number;
  /** Meters each session and settles its usage proofs with its client. */
  readonly usage: UsageKeeper;
  readonly emulation?: LatencyEmulation;
  readonly logger: Logger;
  nowMs(): number;
}

export class SessionServer implements ConnectionOwner {
  readonly turnContext: TurnContext;
  private readonly sockets: WebSocketServer;
  private readonly sessions = new Map<string, SessionHost>();
  private readonly connections = new Set<SessionConnection>();
  /** Sessions whose client socket dropped, waiting for the client: sid → the timer ending them. */
  private readonly detached = new Map<string, NodeJS.Timeout>();
  private readonly restores: RestoreShelf;
  private unattached = 0;

  constructor(private readonly options: SessionServerOptions) {
    this.restores = new RestoreShelf(options.nowMs);
    this.turnContext = {
      inference: options.inference,
      turnTimeoutMs: options.turnTimeoutMs,
      logger: options.logger,
      checkpointAckTimeoutMs: options.checkpointAckTimeoutMs ?? CHECKPOINT_ACK_TIMEOUT_MS,
      sendCheckpoint: (checkpoint) => options.sendCheckpoint(checkpoint),
      dropped: (host, code) => this.dropped(host, code),
      leaving: (host) => this.settleUsage(host, this.isLive(host)),
    };
    // Frames up to the slack over the limit are read and answered with frame_too_large; ws
    // closes the socket with 1009 for larger ones rather than buffer them (limits.ts).
    this.sockets = new WebSocketServer({
      noServer: true,
      maxPayload: wireLimits.SESSION_FRAME_BYTES_MAX + SESSION_FRAME_SLACK_BYTES,
      perMessageDeflate: false,
    });
    const own = cityHeaders(options.emulation);
    this.sockets.on('headers', (headers) => {
      for (const [name, value] of Object.entries(own)) headers.push(`${name}: ${value}`);
    });
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  sessionSnapshot(sid: string): SessionSnapshot | undefined {
    return this.sessions.get(sid)?.snapshot();
  }

  /** Sessions whose client's socket is open: the ones a periodic usage proof can be offered to. */
  *liveSessions(): Iterable<MeteredSession> {
    for (const host of this.sessions.values()) if (this.isLive(host)) yield host;
  }

  private isLive(host: SessionHost): boolean {
    return host.sink instanceof SessionConnection && host.sink.host === host;
  }

  /**
   * The session's last usage period, offered to its client and waited for (bounded); a client
   * whose socket is gone (`live` false) cannot countersign, so nothing is offered. Never rejects.
   */
  private async settleUsage(host: SessionHost, live: boolean): Promise<void> {
    try {
      if (live) await this.options.usage.finish(host);
      else this.options.usage.abandon(host);
    } catch (error) {
      this.options.logger.error({ err: error, sid: host.sid }, 'usage failed unexpectedly');
    }
  }

  /** Every attached session, as `active` reports (sent again after the link re-registers). */
  activeReports(): SessionStateFrame[] {
    return [...this.sessions.values()].map((host) => stateFrame(host, 'active'));
  }

  /** An HTTP upgrade to the session path; anything refused gets a plain HTTP answer. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const refusal = this.options.slots.isDraining
      ? 'the node is draining'
      : this.unattached >= NODE_UNATTACHED_SOCKETS_MAX
        ? 'too many sockets waiting to attach'
        : undefined;
    if (refusal !== undefined) {
      socket.end(`HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\n\r\n${refusal}`);
      return;
    }
    this.sockets.handleUpgrade(request, socket, head, (webSocket) =>
      this.accept(webSocket, request),
    );
  }

  private accept(webSocket: WebSocket, request: IncomingMessage): void {
    const connection = new SessionConnection(webSocket, this);
    this.connections.add(connection);
    this.unattached += 1;
    type Event = { readonly data: Buffer } | 'closed';
    const delayMs = inboundDelayMs(this.options.emulation, cityOf(request.headers));
    const line = inbound<Event>(delayMs, (event) =>
      event === 'closed' ? connection.closed() : connection.receive(event.data),
    );
    webSocket.on('message', (data: RawData) => line.push({ data: asBuffer(data) }));
    webSocket.on('close', () => {
      line.push('closed');
      if (delayMs > 0) setTimeout(() => line.close(), delayMs + 1).unref();
    });
    webSocket.on('error', (error) => this.options.logger.debug({ err: error }, 'session socket'));
  }

  forget(connection: SessionConnection): void {
    this.connections.delete(connection);
    // Sockets that attached left the unattached count when they did.
    if (!connection.everAttached) this.unattached -= 1;
  }

  async attach(connection: SessionConnection, frame: AttachFrame): Promise<void> {
    try {
      await this.attachChecked(connection, frame);
    } catch (error) {
      this.options.logger.error({ err: error }, 'attach failed unexpectedly');
      connection.attachRefused('internal_error', 'the attach failed; see the node log');
    }
  }

  private async attachChecked(connection: SessionConnection, frame: AttachFrame): Promise<void> {
    const checked = this.checkAttach(frame);
    if (!checked.ok) return connection.attachRefused(checked.error.code, checked.error.message);
    const ticket = checked.value;
    const carried = this.takeOver(ticket);
    const admission = this.options.slots.take(ticket.class);
    if (!admission.admit) {
      const retryAfterMs =
        admission.reason === 'node_at_capacity' ? NODE_AT_CAPACITY_RETRY_AFTER_MS : undefined;
      const message = `no free ${ticket.class} slot on this node`;
      return connection.attachRefused(
        admission.reason ?? 'node_at_capacity',
        message,
        retryAfterMs,
      );
    }
    const started = await this.start(ticket, carried, frame.lastSeq ?? 0);
    const stale = (this.options.fence.highestSeen(ticket.sid) ?? 0) > ticket.epoch;
    if (!started.ok || connection.phase !== 'attaching' || stale) {
      this.options.slots.release(ticket.class);
      if (!started.ok) return this.startFailed(connection, ticket, started.error);
      if (stale) connection.attachRefused('ticket_stale_epoch', 'a newer epoch attached meanwhile');
      return;
    }
    // Another attach of the session may have finished while this one waited: it is superseded.
    const raced = this.takeOver(ticket);
    const { agent, start, nextSeq } = started.value;
    const host = new SessionHost(
      connection,
      ticket.class,
      agent,
      raced !== undefined && raced.seq >= start.seq ? { ...raced, epoch: ticket.epoch } : start,
      this.turnContext,
    );
    this.sessions.set(ticket.sid, host);
    this.restores.drop(ticket.sid);
    this.unattached -= 1;
    connection.attached(host);
    this.options.usage.attached(host, ticket);
    connection.send({ t: 'attached', sid: ticket.sid, epoch: ticket.epoch, nextSeq });
    this.options.report(stateFrame(host, 'active'));
    const { sid, epoch, agent: reference } = ticket;
    this.options.logger.debug(
      { sid, epoch, agent: reference, class: ticket.class, seq: start.seq },
      'attached',
    );
  }

  /** Ticket and attach proof, synchronously; a valid ticket raises the session's fence. */
  private checkAttach(frame: AttachFrame): WireResult<SessionTicket> {
    const trust = this.options.trust();
    if (trust === undefined) {
      return wireFail('ticket_signature_invalid', 'this node trusts no coordinator yet');
    }
    const nowMs = this.options.nowMs();
    const sid = frame.ticket.sid;
    const highestEpochSeen = this.options.fence.highestSeen(sid);
    const expect = {
      audience: trust.grid,
      node: this.options.nodeDid,
      nowMs,
      ...(highestEpochSeen === undefined ? {} : { highestEpochSeen }),
    };
    let verified = verifyTicket(frame.ticket, { ...expect, coordinator: trust.coordinator });
    // A canopy member's ticket: signed by another coordinator the node trusts.
    for (const coordinator of trust.others ?? []) {
      if (verified.ok || verified.error.code !== 'ticket_signature_invalid') break;
      verified = verifyTicket(frame.ticket, { ...expect, coordinator });
    }
    if (!verified.ok) return verified;
    const proof = verifyAttachProof(verified.value, frame.proof);
    if (!proof.ok) return proof;
    this.options.fence.record(sid, verified.value.epoch, verified.value.exp);
    return verified;
  }

  /**
   * A session attached here again (a client reconnect at the same epoch, or a newer placement
   * back onto this node): the older socket stops serving it and its settled state carries over.
   */
  private takeOver(ticket: SessionTicket): SessionSnapshot | undefined {
    const previous = this.sessions.get(ticket.sid);
    if (previous === undefined) return undefined;
    this.sessions.delete(ticket.sid);
    this.undetach(ticket.sid);
    previous.dispose();
    this.options.slots.release(previous.latencyClass);
    const code = ticket.epoch > previous.epoch ? 'ticket_stale_epoch' : 'session_closed';
    const message = `the session was attached again at epoch ${ticket.epoch}`;
    if (previous.sink instanceof SessionConnection) previous.sink.superseded(code, message);
    return previous.snapshot();
  }

  /** The agent and the state the session goes on from (attach-state.ts). */
  private start(
    ticket: SessionTicket,
    carried: SessionSnapshot | undefined,
    lastSeq: number,
  ): Promise<WireResult<AttachState>> {
    return attachState(ticket, carried, lastSeq, {
      resolve: (reference) => this.options.agents.resolve(reference),
      restore: (sid, epoch, digest) => this.restores.take(sid, epoch, digest, RESTORE_WAIT_MS),
      init: (request) => this.options.inference.init(request),
    });
  }

  /**
   * The agent could not start. A passing shortage (every worker busy) is pushback the client
   * retries with the same ticket; a state this node cannot start from is not its to fail (the
   * client resumes); anything else fails the session, and the coordinator hears so.
   */
  private startFailed(
    connection: SessionConnection,
    ticket: SessionTicket,
    error: WireError,
  ): void {
    const action = attachFailureOf(error.code);
    if (action === 'retry-later') {
      connection.attachRefused(error.code, error.message, NODE_AT_CAPACITY_RETRY_AFTER_MS);
      return;
    }
    if (action === 'refuse') {
      connection.attachRefused(error.code, error.message);
      return;
    }
    const { sid, epoch } = ticket;
    this.options.report({ t: 'session-state', sid, epoch, state: 'failed', turns: 0 });
    connection.attachRefused(error.code, error.message);
  }

  /** The client closed the session: no turn runs any more; its last usage, then the end. */
  async closeSession(host: SessionHost): Promise<void> {
    if (this.sessions.get(host.sid) !== host) return;
    host.dispose();
    // The client that sent `close` is on the line (its socket no longer serves turns).
    await this.settleUsage(host, true);
    this.endSession(host, 'closed');
  }

  usageAnswered(connection: SessionConnection, frame: UsageSignedFrame | UsageRefusedFrame): void {
    this.options.usage.answered(frame, connection);
  }

  endSession(host: SessionHost, how: 'closed' | 'failed'): void {
    if (this.sessions.get(host.sid) !== host) return;
    this.sessions.delete(host.sid);
    this.undetach(host.sid);
    host.dispose();
    // A usage period still open has nobody to countersign it (no-op after closeSession).
    this.options.usage.abandon(host);
    this.options.slots.release(host.latencyClass);
    this.options.report(stateFrame(host, how));
    this.options.logger.debug({ sid: host.sid, how, turns: host.completedTurns }, 'session ended');
  }

  /**
   * The client's socket dropped without a `close`: the session stays (a running turn settles and
   * is kept for replay) until the client attaches again or SESSION_DETACHED_GRACE_MS passes.
   */
  detach(host: SessionHost): void {
    if (this.sessions.get(host.sid) !== host) return;
    this.undetach(host.sid);
    const timer = setTimeout(() => {
      this.detached.delete(host.sid);
      this.endSession(host, 'closed');
    }, this.options.detachedGraceMs ?? SESSION_DETACHED_GRACE_MS);
    timer.unref();
    this.detached.set(host.sid, timer);
  }

  private undetach(sid: string): void {
    clearTimeout(this.detached.get(sid));
    this.detached.delete(sid);
  }

  /** The host stopped serving its session (refused, handed back): gone here, not reported. */
  private dropped(host: SessionHost, code: string): void {
    if (this.sessions.get(host.sid) !== host) return;
    this.sessions.delete(host.sid);
    this.undetach(host.sid);
    this.options.slots.release(host.latencyClass);
    if (host.sink instanceof SessionConnection) host.sink.handedBack(CLOSE_NORMAL, code);
    this.options.logger.info({ sid: host.sid, epoch: host.epoch, code }, 'session left this node');
  }

  /** The coordinator stored a checkpoint. */
  checkpointAcked(frame: CheckpointAckFrame): void {
    const host = this.sessions.get(frame.sid);
    if (host !== undefined && host.epoch === frame.epoch) {
      host.checkpointAcked(frame.seq, frame.digest);
    }
  }

  /** The coordinator says this node may not serve the session (at this epoch or any). */
  sessionRefused(frame: SessionRefusedFrame): void {
    const host = this.sessions.get(frame.sid);
    if (host === undefined || host.epoch > frame.epoch) return;
    const code = isWireErrorCode(frame.code) ? frame.code : 'session_epoch_stale';
    host.refused(code, frame.message);
  }

  /** A moved session's checkpoint, verified before it is kept. */
  restore(frame: RestoreFrame): void {
    const checked = verifyCheckpoint(frame.checkpoint);
    if (!checked.ok) {
      this.options.logger.warn({ code: checked.error.code }, 'restore refused');
      return;
    }
    this.restores.put(frame.epoch, checked.value);
  }

  /** The control link registered again: checkpoints that waited on it go out again. */
  relinked(): void {
    for (const host of this.sessions.values()) host.resendCheckpoint();
  }

  /** Drain: every session is handed back to the coordinator at its next turn boundary. */
  handBackAll(): void {
    for (const host of [...this.sessions.values()]) host.handBack();
  }

  /**
   * Stop: refuse new sockets, hand every session back at its turn boundary, wait for that (up to
   * NODE_DRAIN_MS), then cut what is left; those clients resume from their last checkpoint.
   */
  async close(): Promise<void> {
    this.options.slots.drain();
    this.handBackAll();
    for (const connection of this.connections) {
      if (connection.host === undefined) connection.shut(CLOSE_NORMAL, 'node stopping');
    }
    const deadline = Date.now() + NODE_DRAIN_MS;
    while (this.connections.size > 0 && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 20));
    }
    for (const connection of this.connections) connection.socket.terminate();
    for (const timer of this.detached.values()) clearTimeout(timer);
    this.detached.clear();
    await new Promise<void>((done) => this.sockets.close(() => done()));
  }
}

function stateFrame(host: SessionHost, state: SessionStateFrame['state']): SessionStateFrame {
  return {
    t: 'session-state',
    sid: host.sid,
    epoch: host.epoch,
    state,
    turns: host.completedTurns,
  };
}

function asBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
