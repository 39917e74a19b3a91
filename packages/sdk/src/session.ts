/**
 * An open session (ARCHITECTURE §5.2) from the caller's side: send turns, read their chunks as
 * they stream, close. The protocol decisions are wire's client session machine; this class only
 * feeds it events from the socket and the caller, and carries its effects out.
 *
 * One turn runs at a time. A send while a turn runs is queued (up to TURNS_QUEUED_MAX, beyond
 * which it fails with turn_in_progress) and starts when the running turn ends, so a caller who
 * breaks out of a loop can send the next turn at once.
 *
 * When the node is lost or hands the session back, the machine asks for a resume and this class
 * carries it out unseen by the caller: it asks the coordinator for the session's new placement
 * (session-resumer.ts), connects to that node and attaches again; the unacknowledged turn's
 * stream simply goes on. Only when the session cannot be resumed in time do the waiting turns
 * fail. Each connection's events are tagged with it: once a connection is replaced or dropped,
 * nothing it still delivers reaches the machine.
 *
 * Usage proofs a node offers (`usage` frames) never reach the machine: the session checks each
 * against what it saw of that node and countersigns it or refuses it (usage-countersigner.ts).
 */
import type { JsonValue, Proof, Signer } from '@mycel/kernel';
import {
  attachProof,
  type ClientSessionEffect,
  type ClientSessionEvent,
  type ClientSessionState,
  initialClientSession,
  type LatencyEmulation,
  type OpenSessionResponse,
  RESUMABLE_CODES,
  RETRYABLE_CODES,
  transitionClientSession,
  type WireErrorCode,
} from '@mycel/wire';
import type { Deadline } from './deadline.js';
import { OpenGridError } from './errors.js';
import { SESSION_CLOSE_TIMEOUT_MS, TURNS_QUEUED_MAX } from './limits.js';
import { connectNode, type NodeConnection } from './node-connection.js';
import { SessionResumer } from './session-resumer.js';
import { TurnChannel, type TurnStream } from './turn-stream.js';
import { UsageCountersigner } from './usage-countersigner.js';

export interface PlacedNode {
  readonly did: string;
  readonly endpoint: string;
  readonly label: string;
}

/** The session moved from one node to another (a resume). */
export interface SessionMove {
  /** The did of the node that was lost. */
  readonly fromNode: string;
  /** The did of the node the session is attached to now. */
  readonly toNode: string;
  /** The placement epoch on the new node. */
  readonly epoch: number;
  /** Why it moved: node_unavailable (the socket went), session_moved, node_draining... */
  readonly code: WireErrorCode;
  /** Date.now() when the node was lost and the resume began. */
  readonly lostAtMs: number;
  /** Date.now() when the session was attached again. */
  readonly resumedAtMs: number;
}

/** @internal What a session needs, beyond its first placement, to resume on its own. */
export interface SessionSettings {
  readonly coordinator: string;
  /** The seed list, nearest first, when the caller gave one: a resume falls back along it. */
  readonly coordinators?: readonly string[];
  readonly clientKey: Signer;
  readonly emulation: LatencyEmulation | undefined;
  /** Bound on one resume, from the loss to attached again. */
  readonly resumeTimeoutMs: number;
  readonly pingIntervalMs: number;
  readonly onMove: ((move: SessionMove) => void) | undefined;
}

/** How one attach ended. */
type AttachOutcome =
  | { readonly kind: 'attached' }
  /** The machine asks for a (new) resume: this node is lost too. */
  | { readonly kind: 'lost'; readonly code: WireErrorCode; readonly message: string }
  /** The session ended: the node refused it for good, or the caller closed it. */
  | { readonly kind: 'ended'; readonly error: OpenGridError };

/** Codes after which a node named by a resume is worth giving up for another placement. */
const NODE_RETRY_CODES: readonly WireErrorCode[] = [...RETRYABLE_CODES, ...RESUMABLE_CODES];

export class Session {
  readonly sid: string;
  private placement: OpenSessionResponse;
  private state: ClientSessionState = initialClientSession({ queuedTurnsMax: TURNS_QUEUED_MAX });
  private connection: NodeConnection | undefined;
  /** Tags connections: events of any but the current one are stale. */
  private generation = 0;
  /** The current connection closed while the machine was not listening to it (resuming). */
  private connectionGone = false;
  private readonly turns = new Map<number, TurnChannel>();
  /**
   * Cancels asked for while re-attaching: the machine marks a turn only while `resuming` and
   * drops a cancel while `attaching`, so they wait here for `open` (the turn is re-sent first).
   */
  private readonly cancelsAfterAttach = new Set<number>();
  private attachWaiter: ((outcome: AttachOutcome) => void) | undefined;
  private resuming: Promise<void> | undefined;
  private readonly moveLog: SessionMove[] = [];
  /** Aborted by close(): stops a resume in progress. */
  private readonly lifetime = new AbortController();
  private closing: Promise<void> | undefined;
  private readonly usageSigner: UsageCountersigner;

  /** @internal openSession makes sessions; callers never construct one. */
  constructor(
    placement: OpenSessionResponse,
    private readonly settings: SessionSettings,
  ) {
    this.sid = placement.sid;
    this.placement = placement;
    this.usageSigner = new UsageCountersigner(placement.sid, settings.clientKey);
  }

  /** The placement epoch the session is attached at (it grows with every move). */
  get epoch(): number {
    return this.placement.epoch;
  }

  /** The node serving the session now. */
  get node(): PlacedNode {
    return { ...this.placement.node };
  }

  /** The RTT the coordinator predicted between this client and the node, when it could. */
  get predictedRttMs(): number | undefined {
    return this.placement.predictedRttMs;
  }

  /** Every move of the session to another node, oldest first. */
  get moves(): readonly SessionMove[] {
    return [...this.moveLog];
  }

  /**
   * The usage proofs this session countersigned, oldest first: what its nodes may be paid for,
   * for an application that keeps its own records.
   */
  get usage(): readonly Proof[] {
    return this.usageSigner.proofs;
  }

  /** Why the session ended (node lost, closed by the node...), once it has. */
  get failure(): OpenGridError | undefined {
    const failure = this.state.failure;
    return failure === undefined ? undefined : new OpenGridError(failure.code, failure.message);
  }

  /** Starts a turn. Never throws: a turn that cannot run fails its stream instead. */
  send(input: JsonValue): TurnStream {
    const seq = this.state.nextSeq;
    const channel = new TurnChannel(seq, () => this.cancel(seq));
    this.turns.set(seq, channel);
    this.dispatch({ type: 'send', input });
    return channel.stream;
  }

  /**
   * Closes the session on the node; resolves once the socket is gone. Safe to call twice. A
   * resume in progress is stopped at once.
   */
  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  /** @internal Connects to the first placement's node and attaches; rejects if that fails. */
  async start(deadline: Deadline): Promise<void> {
    const outcome = await this.attachAt(this.placement, deadline);
    if (outcome.kind === 'attached') return;
    // No resume before the first attached: `lost` here is a socket gone before the attach.
    throw outcome.kind === 'ended'
      ? outcome.error
      : new OpenGridError(outcome.code, outcome.message);
  }

  /** @internal Drops the socket at once (openSession giving up on this session). */
  abandon(): void {
    this.lifetime.abort();
    this.dropConnection();
  }

  private async closeOnce(): Promise<void> {
    this.dispatch({ type: 'close' });
    this.lifetime.abort();
    await this.resuming;
    const connection = this.connection;
    if (connection === undefined) return;
    if (this.state.phase !== 'closing') connection.close();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, SESSION_CLOSE_TIMEOUT_MS);
    });
    await Promise.race([connection.closed, timeout]);
    clearTimeout(timer);
    connection.terminate();
  }

  /** The caller stopped listening to turn `seq`. */
  private cancel(seq: number): void {
    if (this.state.phase === 'attaching' && this.state.turn?.seq === seq) {
      this.cancelsAfterAttach.add(seq);
      return;
    }
    this.dispatch({ type: 'cancel', seq });
  }

  /**
   * Connects to `placement`'s node and attaches with its ticket. Rejects when the node cannot be
   * reached; otherwise settles with how the attach ended. When `deadline` fires first, the
   * socket is dropped, which the machine hears as the node lost.
   */
  private async attachAt(
    placement: OpenSessionResponse,
    deadline: Deadline,
  ): Promise<AttachOutcome> {
    const generation = ++this.generation;
    this.connectionGone = false;
    const connection = await connectNode({
      endpoint: placement.node.endpoint,
      emulation: this.settings.emulation,
      deadline,
      pingIntervalMs: this.settings.pingIntervalMs,
      onEvent: (event) => {
        if (generation !== this.generation) return;
        if (event.type === 'frame' && event.frame.t === 'usage') {
          this.countersign(event.frame.proof);
          return;
        }
        if (event.type === 'socket-closed') this.connectionGone = true;
        this.dispatch(event);
      },
    });
    this.connection = connection;
    // It went while the machine still waited for a placement (resuming ignores the socket).
    if (this.connectionGone) {
      this.dropConnection();
      return { kind: 'lost', code: 'node_unavailable', message: 'the node closed the socket' };
    }
    const outcome = new Promise<AttachOutcome>((resolve) => {
      this.attachWaiter = resolve;
    });
    const onAbort = () => {
      if (this.state.phase === 'attaching') this.dropConnection();
    };
    deadline.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const { ticket } = placement;
      this.usageSigner.attaching(placement.node.did, placement.epoch, placement.price, Date.now());
      this.dispatch({
        type: 'attach',
        ticket,
        proof: attachProof(ticket, this.settings.clientKey),
      });
      // The deadline may have fired while the socket opened: the listener would never hear it.
      if (deadline.aborted) onAbort();
      return await outcome;
    } finally {
      deadline.signal.removeEventListener('abort', onAbort);
    }
  }

  /** Forgets the current connection and drops its socket; the machine hears it at once. */
  private dropConnection(): void {
    const connection = this.connection;
    if (connection === undefined) return;
    this.connection = undefined;
    this.generation += 1;
    connection.terminate();
    // Not when the close event comes through (perhaps an emulated delay later): now.
    if (this.state.phase === 'attaching' || this.state.phase === 'open') {
      this.dispatch({ type: 'socket-closed' });
    }
  }

  /** A node's usage offer: countersigned, or refused with the first rule it breaks. */
  private countersign(proof: Proof): void {
    this.connection?.send(this.usageSigner.answer(proof, Date.now()));
  }

  private dispatch(event: ClientSessionEvent): void {
    const before = this.state.phase;
    const { state, effects } = transitionClientSession(this.state, event);
    this.state = state;
    if (state.phase === 'open' && before === 'attaching') this.usageSigner.attached();
    for (const effect of effects) this.apply(effect);
    if (state.phase === 'open' && before === 'attaching') this.settleAttach({ kind: 'attached' });
    else if (isEnded(state.phase)) {
      const error = this.failure ?? new OpenGridError('session_closed', 'the session was closed');
      this.settleAttach({ kind: 'ended', error });
    }
    // The node confirmed the close: the socket has nothing left to carry.
    if (before === 'closing' && state.phase === 'closed') this.connection?.close();
    // Re-attached (the turn went again: now its cancel), or back to resuming (now it is marked).
    if (state.phase !== 'attaching' && this.cancelsAfterAttach.size > 0) {
      const cancels = [...this.cancelsAfterAttach];
      this.cancelsAfterAttach.clear();
      for (const seq of cancels) this.dispatch({ type: 'cancel', seq });
    }
  }

  private apply(effect: ClientSessionEffect): void {
    switch (effect.type) {
      case 'send':
        this.connection?.send(effect.frame);
        return;
      case 'emit-chunk':
        this.turns.get(effect.seq)?.push(effect.data as JsonValue);
        return;
      case 'turn-done':
        this.usageSigner.turnDone();
        this.takeTurn(effect.seq)?.finish({ seq: effect.seq, chunks: effect.chunks });
        return;
      case 'turn-failed': {
        const details =
          effect.retryAfterMs === undefined ? {} : { retryAfterMs: effect.retryAfterMs };
        const error = new OpenGridError(
          effect.code,
          `turn ${effect.seq}: ${effect.message}`,
          details,
        );
        this.takeTurn(effect.seq)?.fail(error);
        return;
      }
      case 'session-failed':
        this.connection?.close();
        return;
      case 'resume':
        // A resume in progress whose attach ended in another loss goes on; else one begins.
        if (this.attachWaiter !== undefined) {
          this.settleAttach({ kind: 'lost', code: effect.code, message: effect.message });
        } else {
          this.beginResume(effect.code, effect.message);
        }
        return;
    }
  }

  private beginResume(code: WireErrorCode, message: string): void {
    // The lost node's socket may still be open (it handed the session back): it has no say now.
    this.dropConnection();
    const resumer = new SessionResumer(
      { code, message },
      this.settings.resumeTimeoutMs,
      this.lifetime.signal,
    );
    const resuming = this.resume(resumer).finally(() => {
      resumer.dispose();
      // A later resume (the new node lost at once) may have begun already: keep its promise.
      if (this.resuming === resuming) this.resuming = undefined;
    });
    this.resuming = resuming;
  }

  /** Finds the session a node again and attaches there, or ends the session with resume-failed. */
  private async resume(resumer: SessionResumer): Promise<void> {
    const from = this.placement.node.did;
    // The epoch whose node the client lost: the one it was attached at, then the epoch of each
    // placement it could not attach at. A coordinator hearing an older epoch than its own only
    // hands the current placement out again, dead node and all, instead of moving the session.
    let lostEpoch = this.placement.epoch;
    try {
      for (;;) {
        const placement = await resumer.placement({
          coordinator: this.settings.coordinator,
          ...(this.settings.coordinators === undefined
            ? {}
            : { fallbacks: this.settings.coordinators }),
          sid: this.sid,
          epoch: lostEpoch,
          lastSeq: this.state.lastAckedSeq,
          clientKey: this.settings.clientKey,
          emulation: this.settings.emulation,
        });
        lostEpoch = placement.epoch;
        let outcome: AttachOutcome;
        try {
          outcome = await this.attachAt(placement, resumer.deadline);
        } catch (error) {
          // The node named cannot be reached or refused the socket: ask the coordinator again.
          await resumer.retryAfter(error, NODE_RETRY_CODES);
          continue;
        }
        if (outcome.kind === 'ended') return;
        if (outcome.kind === 'attached') {
          this.moved(resumer, from, placement);
          return;
        }
        if (resumer.deadline.aborted) throw resumer.deadline.error();
        // The new node was lost too, or handed the session back: same deadline, next placement.
        await resumer.retryAfter(
          new OpenGridError(outcome.code, outcome.message),
          NODE_RETRY_CODES,
        );
      }
    } catch (error) {
      // Closed meanwhile (or ended otherwise): nobody waits for this resume any more.
      if (this.state.phase !== 'resuming') return;
      this.dispatch({ type: 'resume-failed', ...resumer.failure(error) });
    }
  }

  private moved(resumer: SessionResumer, from: string, placement: OpenSessionResponse): void {
    this.placement = placement;
    const move: SessionMove = {
      fromNode: from,
      toNode: placement.node.did,
      epoch: placement.epoch,
      code: resumer.cause.code,
      lostAtMs: resumer.lostAtMs,
      resumedAtMs: Date.now(),
    };
    this.moveLog.push(move);
    try {
      this.settings.onMove?.(move);
    } catch (error) {
      // The caller's callback is not part of the session: its exception surfaces as any
      // listener's would (uncaught), outside the resume, which has succeeded.
      queueMicrotask(() => {
        throw error;
      });
    }
  }

  private takeTurn(seq: number): TurnChannel | undefined {
    const channel = this.turns.get(seq);
    this.turns.delete(seq);
    return channel;
  }

  private settleAttach(outcome: AttachOutcome): void {
    const waiter = this.attachWaiter;
    this.attachWaiter = undefined;
    waiter?.(outcome);
  }
}

function isEnded(phase: ClientSessionState['phase']): boolean {
  return (
    phase === 'closing' || phase === 'closed' || phase === 'failed' || phase === 'disconnected'
  );
}
