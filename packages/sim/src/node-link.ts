/**
 * A simulated node's control link to the coordinator, mirroring grid's coordinator-link.ts: the
 * coordinator's challenge (its key pinned), a registration signed by the node key (wire's
 * signRegistration), heartbeats of free slots with a transport ping each, `closed`/`failed`
 * reports kept while unregistered, the link dropped after NODE_LINK_SILENCE_MS of silence, and
 * reconnects with exponential backoff and full jitter drawn from the run's PRNG.
 */
import { gridLimits } from '@mycel/grid';
import type { Signer } from '@mycel/kernel';
import {
  type ChallengeFrame,
  type CheckpointAckFrame,
  coordinatorFrameReader,
  type HeartbeatFrame,
  type NodeLinkFrame,
  type NodeRegistrationFields,
  type RegisteredFrame,
  type RestoreFrame,
  type SessionCheckpoint,
  type SessionRefusedFrame,
  type SessionStateFrame,
  signRegistration,
} from '@mycel/wire';
import type { EventOwner, SimEvent } from './event-queue.js';
import { type Connection, TRANSPORT_PING, TRANSPORT_PONG } from './network.js';
import { COORDINATOR_ID, type SimContext } from './sim-context.js';

export type LinkState = 'connecting' | 'registering' | 'registered' | 'waiting';

export interface NodeLinkOptions {
  readonly node: string;
  readonly signer: Signer;
  readonly owner: EventOwner;
  /** The coordinator key this node pinned. */
  readonly coordinatorDid: string;
  registration(): Omit<NodeRegistrationFields, 'grid' | 'nonce'>;
  heartbeat(): Omit<HeartbeatFrame, 't' | 'seq'>;
  onRegistered(frame: RegisteredFrame): void;
  onCheckpointAck(frame: CheckpointAckFrame): void;
  onSessionRefused(frame: SessionRefusedFrame): void;
  onRestore(frame: RestoreFrame): void;
}

/** Session reports that wait for the link, at most (coordinator-link.ts OUTBOX_FRAMES_MAX). */
const OUTBOX_FRAMES_MAX = gridLimits.NODE_EPOCHS_REMEMBERED_MAX;

export class NodeLink {
  state: LinkState = 'waiting';
  private conn: Connection | undefined;
  private attempts = 0;
  private registerTimer: SimEvent | undefined;
  private heartbeatTimer: SimEvent | undefined;
  private heartbeatSeq = 0;
  private lastHeardMs = 0;
  private readonly outbox: SessionStateFrame[] = [];

  constructor(
    private readonly context: SimContext,
    private readonly options: NodeLinkOptions,
  ) {}

  start(): void {
    this.connect();
  }

  report(frame: SessionStateFrame): void {
    if (this.state === 'registered') {
      this.send(frame);
    } else if (frame.state !== 'active') {
      if (this.outbox.length >= OUTBOX_FRAMES_MAX) this.outbox.shift();
      this.outbox.push(frame);
    }
  }

  sendCheckpoint(checkpoint: SessionCheckpoint): void {
    if (this.state === 'registered') this.send({ t: 'checkpoint', checkpoint });
  }

  private connect(): void {
    const { network, scheduler } = this.context;
    const { node, owner } = this.options;
    this.state = 'connecting';
    const conn = network.connect(node, COORDINATOR_ID, 'link', {
      receive: (from, data) => this.receive(from, data),
      closed: (from) => this.lost(from),
    });
    this.conn = conn;
    this.lastHeardMs = scheduler.nowMs;
    this.registerTimer = scheduler.after(
      gridLimits.NODE_LINK_REGISTER_TIMEOUT_MS,
      `${node} register-timeout`,
      () => this.terminate(conn),
      owner,
    );
  }

  private receive(conn: Connection, data: string): void {
    if (conn !== this.conn) return;
    this.lastHeardMs = this.context.scheduler.nowMs;
    if (data === TRANSPORT_PONG) return;
    const read = coordinatorFrameReader.read(data);
    if (!read.ok) return;
    const frame = read.value;
    switch (frame.t) {
      case 'challenge':
        this.answerChallenge(frame);
        return;
      case 'registered':
        this.registered(frame);
        return;
      case 'ping':
        this.send({ t: 'pong', n: frame.n });
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
      case 'peers':
      case 'error':
        return;
    }
  }

  private answerChallenge(challenge: ChallengeFrame): void {
    if (this.state !== 'connecting') return;
    if (challenge.coordinator !== this.options.coordinatorDid) {
      if (this.conn !== undefined) this.terminate(this.conn);
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
    this.context.scheduler.cancel(this.registerTimer);
    this.registerTimer = undefined;
    const intervalMs = Math.min(
      gridLimits.NODE_HEARTBEAT_MS_MAX,
      Math.max(gridLimits.NODE_HEARTBEAT_MS_MIN, frame.heartbeatMs),
    );
    this.scheduleBeat(intervalMs);
    this.options.onRegistered(frame);
    for (const report of this.outbox.splice(0)) this.send(report);
    this.beat();
  }

  private scheduleBeat(intervalMs: number): void {
    const { node, owner } = this.options;
    this.heartbeatTimer = this.context.scheduler.after(
      intervalMs,
      `${node} beat`,
      () => {
        this.beat();
        if (this.state === 'registered') this.scheduleBeat(intervalMs);
      },
      owner,
    );
  }

  private beat(): void {
    const conn = this.conn;
    if (conn === undefined || this.state !== 'registered') return;
    if (this.context.scheduler.nowMs - this.lastHeardMs > gridLimits.NODE_LINK_SILENCE_MS) {
      this.terminate(conn);
      return;
    }
    this.heartbeatSeq += 1;
    this.send({ t: 'heartbeat', seq: this.heartbeatSeq, ...this.options.heartbeat() });
    this.context.network.send(conn, 'from', TRANSPORT_PING, 'ping');
  }

  private send(frame: NodeLinkFrame): void {
    const conn = this.conn;
    if (conn === undefined) return;
    this.context.network.send(conn, 'from', JSON.stringify(frame), frame.t);
  }

  /** Drops the socket at once (ws terminate): the link is lost. */
  private terminate(conn: Connection): void {
    this.context.network.close(conn, 'from');
    this.lost(conn);
  }

  private lost(conn: Connection): void {
    if (conn !== this.conn) return;
    this.conn = undefined;
    const { scheduler } = this.context;
    scheduler.cancel(this.registerTimer);
    scheduler.cancel(this.heartbeatTimer);
    this.registerTimer = undefined;
    this.heartbeatTimer = undefined;
    this.state = 'waiting';
    // link-backoff.ts: a uniform draw in [0, min(max, base · 2^attempt)].
    const ceiling = Math.min(
      gridLimits.LINK_RETRY_MAX_MS,
      gridLimits.LINK_RETRY_BASE_MS * 2 ** Math.min(this.attempts, 30),
    );
    const delayMs = Math.floor(scheduler.prng.float() * ceiling);
    this.attempts += 1;
    scheduler.after(
      delayMs,
      `${this.options.node} reconnect`,
      () => this.connect(),
      this.options.owner,
    );
  }
}
