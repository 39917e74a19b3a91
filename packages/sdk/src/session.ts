/**
 * An open session (ARCHITECTURE §5.2) from the caller's side: send turns, read their chunks as
 * they stream, close. The protocol decisions are wire's client session machine; this class only
 * feeds it events from the socket and the caller, and carries its effects out.
 *
 * One turn runs at a time. A send while a turn runs is queued (up to TURNS_QUEUED_MAX, beyond
 * which it fails with turn_in_progress) and starts when the running turn ends, so a caller who
 * breaks out of a loop can send the next turn at once.
 */
import type { JsonValue, Signer } from '@mycel/kernel';
import {
  attachProof,
  type ClientSessionEffect,
  type ClientSessionEvent,
  type ClientSessionState,
  initialClientSession,
  type OpenSessionResponse,
  transitionClientSession,
} from '@mycel/wire';
import { OpenGridError } from './errors.js';
import { SESSION_CLOSE_TIMEOUT_MS, TURNS_QUEUED_MAX } from './limits.js';
import type { NodeConnection } from './node-connection.js';
import { TurnChannel, type TurnStream } from './turn-stream.js';

export interface PlacedNode {
  readonly did: string;
  readonly endpoint: string;
  readonly label: string;
}

export class Session {
  readonly sid: string;
  readonly epoch: number;
  readonly node: PlacedNode;
  /** The RTT the coordinator predicted between this client and the node, when it could. */
  readonly predictedRttMs?: number;
  private state: ClientSessionState = initialClientSession({ queuedTurnsMax: TURNS_QUEUED_MAX });
  private connection: NodeConnection | undefined;
  private readonly turns = new Map<number, TurnChannel>();
  private attachWaiter: { resolve(): void; reject(error: OpenGridError): void } | undefined;
  private closing: Promise<void> | undefined;

  /** @internal openSession makes sessions; callers never construct one. */
  constructor(placement: OpenSessionResponse) {
    this.sid = placement.sid;
    this.epoch = placement.epoch;
    this.node = { ...placement.node };
    if (placement.predictedRttMs !== undefined) this.predictedRttMs = placement.predictedRttMs;
  }

  /** Why the session ended (node lost, closed by the node...), once it has. */
  get failure(): OpenGridError | undefined {
    const failure = this.state.failure;
    return failure === undefined ? undefined : new OpenGridError(failure.code, failure.message);
  }

  /** Starts a turn. Never throws: a turn that cannot run fails its stream instead. */
  send(input: JsonValue): TurnStream {
    const seq = this.state.nextSeq;
    const channel = new TurnChannel(seq, () => this.dispatch({ type: 'cancel', seq }));
    this.turns.set(seq, channel);
    this.dispatch({ type: 'send', input });
    return channel.stream;
  }

  /** Closes the session on the node; resolves once the socket is gone. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  /** @internal Feeds a connection's events to this session. */
  readonly onEvent = (event: ClientSessionEvent): void => this.dispatch(event);

  /** @internal Attaches over `connection` with `ticket`; settles on attached or refusal. */
  attach(
    connection: NodeConnection,
    placement: OpenSessionResponse,
    clientKey: Signer,
  ): Promise<void> {
    this.connection = connection;
    const attached = new Promise<void>((resolve, reject) => {
      this.attachWaiter = { resolve, reject };
    });
    this.dispatch({
      type: 'attach',
      ticket: placement.ticket,
      proof: attachProof(placement.ticket, clientKey),
    });
    return attached;
  }

  private async closeOnce(): Promise<void> {
    this.dispatch({ type: 'close' });
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

  private dispatch(event: ClientSessionEvent): void {
    const before = this.state.phase;
    const { state, effects } = transitionClientSession(this.state, event);
    this.state = state;
    for (const effect of effects) this.apply(effect);
    if (before === 'attaching' && state.phase === 'open') this.settleAttach();
    // The node confirmed the close: the socket has nothing left to carry.
    if (before === 'closing' && state.phase === 'closed') this.connection?.close();
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
        this.settleAttach(new OpenGridError(effect.code, effect.message));
        this.connection?.close();
        return;
    }
  }

  private takeTurn(seq: number): TurnChannel | undefined {
    const channel = this.turns.get(seq);
    this.turns.delete(seq);
    return channel;
  }

  private settleAttach(error?: OpenGridError): void {
    const waiter = this.attachWaiter;
    this.attachWaiter = undefined;
    if (error === undefined) waiter?.resolve();
    else waiter?.reject(error);
  }
}
