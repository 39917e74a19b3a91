/**
 * One session from its client application's side, mirroring the SDK's Session (sdk/src/session.ts
 * and node-connection.ts): wire's real client machine (transitionClientSession) fed with the
 * session socket's frames and closes and the application's requests, its effects carried out.
 * Each connection is tagged with a generation; once replaced or dropped, nothing it still
 * delivers reaches the machine. The socket is pinged; a ping unanswered by the next drops it.
 * On a `resume` effect the session resumes by itself (client-resume.ts).
 *
 * The application sends its planned turns one after another with think time between them
 * (sometimes two at once: the second waits in the machine's queue), then closes the session.
 * Everything it sees (chunks, acknowledgements and the epoch of the node that sent each) goes to
 * the session's ledger for the invariant checks.
 */
import type { Signer } from '@mycel/kernel';
import {
  attachProof,
  type ClientSessionEffect,
  type ClientSessionEvent,
  type ClientSessionState,
  initialClientSession,
  nodeFrameReader,
  type OpenSessionResponse,
  transitionClientSession,
  type WireErrorCode,
} from '@mycel/wire';
import { ClientResume } from './client-resume.js';
import type { Deadline } from './deadline.js';
import type { SimEvent } from './event-queue.js';
import {
  CLIENT_BURST_PERCENT,
  CLIENT_CLOSE_TIMEOUT_MS,
  CLIENT_PING_INTERVAL_MS,
  CLIENT_THINK_MS_MAX,
  CLIENT_THINK_MS_MIN,
  CLIENT_TURNS_QUEUED_MAX,
  TURN_FAIL_PERCENT,
} from './limits.js';
import { type Connection, TRANSPORT_PING, TRANSPORT_PONG } from './network.js';
import { SessionLedger } from './oracle.js';
import { actorOfEndpoint, countCode, type SimContext } from './sim-context.js';

/** How one attach ended (the SDK's AttachOutcome, plus a node that could not be reached). */
export type AttachOutcome =
  | { readonly kind: 'attached' }
  | { readonly kind: 'lost'; readonly code: WireErrorCode; readonly message: string }
  | { readonly kind: 'ended'; readonly code: WireErrorCode }
  | { readonly kind: 'unreachable'; readonly code: WireErrorCode; readonly message: string };

export interface ClientIdentity {
  readonly id: string;
  readonly key: Signer;
}

export class ClientRun {
  readonly ledger: SessionLedger;
  placement: OpenSessionResponse;
  private state: ClientSessionState = initialClientSession({
    queuedTurnsMax: CLIENT_TURNS_QUEUED_MAX,
  });
  private conn: Connection | undefined;
  private generation = 0;
  private attachWaiter: ((outcome: AttachOutcome) => void) | undefined;
  private resumer: ClientResume | undefined;
  private pingTimer: SimEvent | undefined;
  private pingAnswered = true;
  private thinkTimer: SimEvent | undefined;
  private closeTimer: SimEvent | undefined;
  /** The epoch the node tagged the frame being handled with (the oracle's, not the machine's). */
  private frameEpoch: number | undefined;
  private turnsLeft: number;
  private finished = false;

  constructor(
    private readonly context: SimContext,
    readonly client: ClientIdentity,
    placement: OpenSessionResponse,
    turnsPlanned: number,
    private readonly onEnded: (run: ClientRun) => void,
  ) {
    this.placement = placement;
    this.turnsLeft = turnsPlanned;
    this.ledger = new SessionLedger(placement.sid, client.id);
    context.oracle.ledgers.set(placement.sid, this.ledger);
    context.oracle.touch(placement.sid);
  }

  get sid(): string {
    return this.placement.sid;
  }

  get lastAckedSeq(): number {
    return this.state.lastAckedSeq;
  }

  /** The first attach (openSession's session.start): the session runs once it is attached. */
  start(deadline: Deadline, done: (outcome: AttachOutcome) => void): void {
    this.attachAt(this.placement, deadline, (outcome) => {
      if (outcome.kind === 'attached') this.scheduleTurn();
      done(outcome);
    });
  }

  /** openSession gave up on this session: drop the socket, the session is over for the client. */
  abandon(code: string): void {
    this.dropConnection();
    this.finish(code);
  }

  /**
   * Connects to `placement`'s node and attaches with its ticket; `done` hears how it ended. A
   * node that cannot be reached (refused, or silent until the deadline) is `unreachable`.
   */
  attachAt(
    placement: OpenSessionResponse,
    deadline: Deadline,
    done: (outcome: AttachOutcome) => void,
  ): void {
    const generation = ++this.generation;
    const { network } = this.context;
    const target = actorOfEndpoint(placement.node.endpoint);
    if (target === undefined) {
      done({ kind: 'unreachable', code: 'node_unavailable', message: 'no such node' });
      return;
    }
    let settled = false;
    const unreachable = (message: string) => {
      if (settled) return;
      settled = true;
      stopListening();
      network.close(conn, 'from');
      done({ kind: 'unreachable', code: 'node_unavailable', message });
    };
    const conn = network.connect(this.client.id, target, 'session', {
      opened: () => {
        if (settled) return;
        settled = true;
        const phase = this.state.phase;
        if (generation !== this.generation || (phase !== 'new' && phase !== 'resuming')) {
          stopListening();
          network.close(conn, 'from');
          return;
        }
        this.conn = conn;
        this.startPings(conn, generation);
        this.attachWaiter = (outcome) => {
          stopListening();
          done(outcome);
        };
        const { ticket } = placement;
        this.dispatch({ type: 'attach', ticket, proof: attachProof(ticket, this.client.key) });
      },
      receive: (_conn, data, meta) => {
        if (generation !== this.generation) return;
        this.receive(data, meta);
      },
      closed: () => {
        if (!settled) return unreachable('the node refused the socket');
        if (generation !== this.generation) return;
        this.socketGone();
      },
    });
    // The SDK bounds connecting and attaching only by the deadline.
    const stopListening = deadline.onAbort(() => {
      if (!settled) return unreachable('the deadline passed while connecting');
      if (this.state.phase === 'attaching') this.dropConnection();
    });
  }

  /** The resume attached the session to `placement`'s node. */
  moved(placement: OpenSessionResponse): void {
    this.placement = placement;
    this.context.counts.resumes += 1;
  }

  /** The resume could not find the session a node in time, or was refused. */
  resumeFailed(code: WireErrorCode, message: string): void {
    this.resumer = undefined;
    if (this.state.phase !== 'resuming') return;
    this.dispatch({ type: 'resume-failed', code, message });
  }

  private receive(data: string, meta: number | undefined): void {
    if (data === TRANSPORT_PONG) {
      this.pingAnswered = true;
      return;
    }
    const read = nodeFrameReader.read(data);
    this.frameEpoch = meta;
    this.dispatch(
      read.ok
        ? { type: 'frame', frame: read.value }
        : { type: 'frame-invalid', code: read.error.code, message: read.error.message },
    );
    this.frameEpoch = undefined;
  }

  private startPings(conn: Connection, generation: number): void {
    const { scheduler, network } = this.context;
    this.pingAnswered = true;
    const ping = () => {
      this.pingTimer = scheduler.after(CLIENT_PING_INTERVAL_MS, `${this.client.id} ping`, () => {
        if (generation !== this.generation || conn.fromClosed) return;
        if (!this.pingAnswered) {
          // A node gone silent: drop the socket; the machine hears it closed.
          network.close(conn, 'from');
          this.socketGone();
          return;
        }
        this.pingAnswered = false;
        network.send(conn, 'from', TRANSPORT_PING, 'ping');
        ping();
      });
    };
    ping();
  }

  private socketGone(): void {
    this.context.scheduler.cancel(this.pingTimer);
    this.conn = undefined;
    this.dispatch({ type: 'socket-closed' });
  }

  /** Forgets the current connection and drops its socket; the machine hears it at once. */
  private dropConnection(): void {
    const conn = this.conn;
    if (conn === undefined) return;
    this.conn = undefined;
    this.generation += 1;
    this.context.scheduler.cancel(this.pingTimer);
    this.context.network.close(conn, 'from');
    if (this.state.phase === 'attaching' || this.state.phase === 'open') {
      this.dispatch({ type: 'socket-closed' });
    }
  }

  private dispatch(event: ClientSessionEvent): void {
    const before = this.state;
    const { state, effects } = transitionClientSession(before, event);
    this.state = state;
    for (const effect of effects) this.apply(effect, before);
    if (state.phase === 'open' && before.phase === 'attaching') {
      this.settleAttach({ kind: 'attached' });
    } else if (isEnded(state.phase)) {
      this.settleAttach({ kind: 'ended', code: state.failure?.code ?? 'session_closed' });
    }
    if (before.phase === 'closing' && state.phase === 'closed') this.closeConnection();
    if (state.phase === 'closed' || state.phase === 'failed' || state.phase === 'disconnected') {
      this.finish(state.failure?.code ?? 'closed');
    }
  }

  private apply(effect: ClientSessionEffect, before: ClientSessionState): void {
    const { network, oracle } = this.context;
    switch (effect.type) {
      case 'send': {
        const conn = this.conn;
        if (conn === undefined) return;
        const label =
          'seq' in effect.frame ? `${effect.frame.t}:${effect.frame.seq}` : effect.frame.t;
        network.send(conn, 'from', JSON.stringify(effect.frame), label);
        return;
      }
      case 'emit-chunk':
        this.ledger.turn(effect.seq)?.chunks.push(String(effect.data));
        oracle.touch(this.sid);
        return;
      case 'turn-done':
        this.acknowledged(effect.seq, 'done', before);
        return;
      case 'turn-failed':
        if (
          this.acknowledged(effect.seq, 'failed', before) &&
          !this.ledger.turn(effect.seq)?.fail
        ) {
          countCode(this.context.counts.turnsFailedUnasked, effect.code);
        }
        return;
      case 'session-failed':
        this.closeConnection();
        return;
      case 'resume':
        if (this.attachWaiter !== undefined) {
          this.settleAttach({ kind: 'lost', code: effect.code, message: effect.message });
        } else {
          this.beginResume(effect.code, effect.message);
        }
        return;
    }
  }

  /** A turn's `done` or settled error arrived: the client acknowledged it. */
  private acknowledged(
    seq: number,
    outcome: 'done' | 'failed',
    before: ClientSessionState,
  ): boolean {
    if (this.state.lastAckedSeq !== seq || before.lastAckedSeq >= seq) return false;
    const turn = this.ledger.turn(seq);
    if (turn !== undefined) turn.outcome = outcome;
    this.ledger.lastAckedSeq = seq;
    this.ledger.ackEpochs.push(this.frameEpoch ?? 0);
    this.context.counts.turnsAcknowledged += 1;
    this.context.oracle.touch(this.sid);
    if (this.state.turn === undefined && this.state.queue.length === 0) this.scheduleTurn();
    return true;
  }

  private beginResume(code: WireErrorCode, message: string): void {
    this.dropConnection();
    this.resumer = new ClientResume(this.context, this, { code, message });
    this.resumer.start();
  }

  private settleAttach(outcome: AttachOutcome): void {
    const waiter = this.attachWaiter;
    this.attachWaiter = undefined;
    waiter?.(outcome);
  }

  /** The application thinks, then sends its next turn (or closes when it has none left). */
  private scheduleTurn(): void {
    const { scheduler } = this.context;
    scheduler.cancel(this.thinkTimer);
    const thinkMs = scheduler.delay(CLIENT_THINK_MS_MIN, CLIENT_THINK_MS_MAX);
    this.thinkTimer = scheduler.after(thinkMs, `${this.client.id} think ${this.sid}`, () => {
      this.thinkTimer = undefined;
      if (this.finished) return;
      if (this.turnsLeft === 0) return this.close();
      this.sendTurn();
      if (this.turnsLeft > 0 && scheduler.prng.percent(CLIENT_BURST_PERCENT)) this.sendTurn();
    });
  }

  private sendTurn(): void {
    const seq = this.state.nextSeq;
    const fail = this.context.scheduler.prng.percent(TURN_FAIL_PERCENT);
    this.ledger.sent(seq, fail);
    this.turnsLeft -= 1;
    this.dispatch({ type: 'send', input: { n: seq, fail } });
  }

  /** The application closes the session once it is attached and idle; else it waits a moment. */
  private close(): void {
    if (this.state.phase !== 'open' || this.state.turn !== undefined) {
      this.scheduleTurn();
      return;
    }
    this.dispatch({ type: 'close' });
    const { scheduler } = this.context;
    this.closeTimer = scheduler.after(
      CLIENT_CLOSE_TIMEOUT_MS,
      `${this.client.id} close-timeout`,
      () => {
        this.closeTimer = undefined;
        this.dropConnection();
        if (!this.finished) this.finish('closed');
      },
    );
  }

  private closeConnection(): void {
    const conn = this.conn;
    if (conn === undefined) return;
    this.conn = undefined;
    this.generation += 1;
    this.context.scheduler.cancel(this.pingTimer);
    this.context.network.close(conn, 'from');
  }

  private finish(code: string): void {
    if (this.finished) return;
    this.finished = true;
    const { scheduler, counts, oracle } = this.context;
    scheduler.cancel(this.thinkTimer);
    scheduler.cancel(this.closeTimer);
    scheduler.cancel(this.pingTimer);
    this.resumer?.stop();
    this.resumer = undefined;
    this.closeConnection();
    this.ledger.ended = code;
    // A session never attached was an open that failed: its client counts that instead.
    if (this.state.opened) {
      if (code === 'closed') counts.sessionsClosed += 1;
      else countCode(counts.sessionsFailed, code);
    }
    const failure = this.state.failure;
    if (failure !== undefined && ACKNOWLEDGEMENT_CODES.has(failure.code)) {
      this.ledger.protocolViolation = `${failure.code}: ${failure.message}`;
    }
    oracle.touch(this.sid);
    this.onEnded(this);
  }
}

/**
 * Codes a session may only fail with when a node or the coordinator disagrees with what the
 * client saw acknowledged (or broke the protocol): each is an I2 violation.
 */
const ACKNOWLEDGEMENT_CODES: ReadonlySet<string> = new Set([
  'turn_sequence_invalid',
  'resume_seq_ahead',
  'session_already_attached',
  'frame_unknown_type',
]);

function isEnded(phase: ClientSessionState['phase']): boolean {
  return (
    phase === 'closing' || phase === 'closed' || phase === 'failed' || phase === 'disconnected'
  );
}
