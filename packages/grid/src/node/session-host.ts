/**
 * One attached session on this node: the shell around its turn machine (session-turns.ts). It
 * runs turns in the inference plane, streams their chunks, sends each turn's checkpoint over the
 * control link and releases the turn's last frame when the coordinator acknowledged it. A node
 * holds thousands of idle sessions, so a host is a handful of fields; the shared parts live once
 * in TurnContext. A session leaving the node settles its usage with the client first
 * (usage-keeper.ts): once told to resume elsewhere, the client drops this socket.
 */
import type { JsonValue } from '@mycel/kernel';
import type {
  LatencyClass,
  NodeFrame,
  SessionCheckpoint,
  TurnFrame,
  WireErrorCode,
} from '@mycel/wire';
import type { Logger } from 'pino';
import type { AgentRef } from '../inference/turn-request.js';
import { SESSION_SEND_BUFFER_BYTES_MAX } from '../limits.js';
import type { InferencePlane } from './inference-plane.js';
import {
  startTurns,
  type TurnsEffect,
  type TurnsEvent,
  type TurnsStart,
  type TurnsState,
  transitionTurns,
} from './session-turns.js';
import { frameMessage, wireCodeOf } from './wire-codes-of.js';

/** Where frames for one session go: the socket, or nowhere once it is gone. */
export interface FrameSink {
  send(frame: NodeFrame): void;
  /** Bytes sent but not yet taken by the client. */
  readonly bufferedAmount: number;
}

export interface TurnContext {
  readonly inference: InferencePlane;
  readonly turnTimeoutMs: number;
  readonly logger: Logger;
  /** How long a turn's last frame waits for its checkpoint to be acknowledged. */
  readonly checkpointAckTimeoutMs: number;
  /** Sends a checkpoint on the control link (dropped while the link is down). */
  sendCheckpoint(checkpoint: SessionCheckpoint): void;
  /** The session stopped being served here (refused, handed back, not durable in time). */
  dropped(host: SessionHost, code: WireErrorCode): void;
  /** The session is about to leave: its last usage period is offered (resolves, bounded). */
  leaving(host: SessionHost): Promise<void>;
}

/** A session's settled state: what a checkpoint holds, and what a takeover carries over. */
export interface SessionSnapshot extends TurnsStart {
  /** The digest of the checkpoint the state was settled by (undefined before the first turn). */
  readonly digest: string | undefined;
}

export class SessionHost {
  private machine: TurnsState;
  private digest: string | undefined;
  private running: AbortController | undefined;
  /** Why the node aborted the running turn, when it was the node's own decision. */
  private abortCode: WireErrorCode | undefined;
  private ackTimer: NodeJS.Timeout | undefined;
  private pending: SessionCheckpoint | undefined;
  /** The session left this host (taken over, dropped, ended): nothing it does counts any more. */
  private disposed = false;

  constructor(
    readonly sink: FrameSink,
    readonly latencyClass: LatencyClass,
    readonly agent: AgentRef,
    start: SessionSnapshot,
    private readonly context: TurnContext,
  ) {
    this.machine = startTurns(start);
    this.digest = start.digest;
  }

  get sid(): string {
    return this.machine.sid;
  }

  get epoch(): number {
    return this.machine.epoch;
  }

  /** The agent as the ticket names it (`tutor`, `sha256:…`). */
  get agentReference(): string {
    return this.machine.agent;
  }

  get busy(): boolean {
    return this.machine.phase === 'running' || this.machine.phase === 'settling';
  }

  get completedTurns(): number {
    return this.machine.turns;
  }

  /** The settled state (a turn in flight is not part of it until acknowledged). */
  snapshot(): SessionSnapshot {
    const { sid, epoch, agent, state, seq, turns, last } = this.machine;
    return { sid, epoch, agent, state, seq, turns, last, digest: this.digest };
  }

  /** A `turn` frame from the client. */
  turn(frame: TurnFrame): void {
    const input = (frame.input ?? null) as JsonValue;
    const inputBytes = Buffer.byteLength(JSON.stringify(input));
    this.dispatch({ type: 'turn', seq: frame.seq, input, inputBytes });
  }

  /** The client asked to stop turn `seq`; a turn that already ended is left alone. */
  cancel(seq: number): void {
    if (this.machine.phase === 'running' && this.machine.running?.seq === seq) {
      this.abort('turn_cancelled');
    }
  }

  /** The coordinator stored checkpoint `seq`. */
  checkpointAcked(seq: number, digest: string): void {
    this.dispatch({ type: 'checkpoint-ack', seq, digest });
  }

  /** The coordinator refused the session: stop serving it. */
  refused(code: WireErrorCode, message: string): void {
    this.dispatch({ type: 'refused', code, message });
  }

  /** Drain: hand the session back at the next turn boundary. */
  handBack(): void {
    this.dispatch({ type: 'hand-back' });
  }

  /** The control link is back: a checkpoint still waiting is sent again. */
  resendCheckpoint(): void {
    if (this.pending !== undefined) this.context.sendCheckpoint(this.pending);
  }

  /** Aborts the running turn, if any (the client went away, or the session ends). */
  abort(code: WireErrorCode): void {
    if (this.running === undefined || this.running.signal.aborted) return;
    this.abortCode = code;
    this.running.abort(new Error(code));
  }

  /** The session is gone from this node: no timer may outlive it. */
  dispose(): void {
    this.disposed = true;
    this.abort('turn_cancelled');
    clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    this.pending = undefined;
  }

  private dispatch(event: TurnsEvent): void {
    // A turn aborted by a takeover still ends; its ending must not settle anything (the new host
    // runs the turn again).
    if (this.disposed) return;
    const { state, effects } = transitionTurns(this.machine, event);
    this.machine = state;
    // Leaving `settling`: the checkpoint was acknowledged (or the session dropped).
    if (this.pending !== undefined && state.phase !== 'settling') this.settled();
    if (effects.some((effect) => effect.type === 'drop')) {
      void this.leave(effects);
      return;
    }
    for (const effect of effects) this.apply(effect);
  }

  /**
   * The session leaves the node: the running turn stops now, the client countersigns the usage
   * (bounded), and only then hears why the session leaves. The machine is `dropped` meanwhile,
   * so nothing else happens to the session.
   */
  private async leave(effects: readonly TurnsEffect[]): Promise<void> {
    for (const effect of effects) if (effect.type === 'abort') this.apply(effect);
    await this.context.leaving(this);
    for (const effect of effects) if (effect.type !== 'abort') this.apply(effect);
  }

  private apply(effect: TurnsEffect): void {
    switch (effect.type) {
      case 'send':
        this.sink.send(effect.frame);
        return;
      case 'run':
        void this.run(effect.seq, effect.state, effect.input);
        return;
      case 'abort':
        this.abort(effect.code);
        return;
      case 'checkpoint':
        this.pending = effect.checkpoint;
        this.context.sendCheckpoint(effect.checkpoint);
        clearTimeout(this.ackTimer);
        this.ackTimer = setTimeout(() => {
          this.dispatch({ type: 'checkpoint-timeout', seq: effect.checkpoint.seq });
        }, this.context.checkpointAckTimeoutMs);
        this.ackTimer.unref();
        return;
      case 'drop':
        this.dispose();
        this.context.dropped(this, effect.code);
        return;
    }
  }

  /** The turn in flight is settled: its checkpoint names the state now. */
  private settled(): void {
    if (this.pending !== undefined && this.machine.last?.seq === this.pending.seq) {
      this.digest = this.pending.digest;
    }
    clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    this.pending = undefined;
  }

  /** Runs one turn in the inference plane; never rejects. */
  private async run(seq: number, state: JsonValue, input: JsonValue): Promise<void> {
    const controller = new AbortController();
    this.running = controller;
    this.abortCode = undefined;
    const onChunk = (data: JsonValue) => {
      if (controller.signal.aborted) return;
      this.dispatch({ type: 'chunk', seq, data });
      if (this.sink.bufferedAmount > SESSION_SEND_BUFFER_BYTES_MAX)
        this.abort('client_not_reading');
    };
    const request = {
      sid: this.sid,
      seq,
      agent: this.agent,
      state,
      input,
      timeoutMs: this.context.turnTimeoutMs,
    };
    let ended: TurnsEvent;
    try {
      const outcome = await this.context.inference.runTurn(request, onChunk, controller.signal);
      // A turn the node aborted fails even if the agent finished: the client missed output.
      if (outcome.ok && this.abortCode === undefined) {
        ended = { type: 'finished', seq, state: outcome.value.state };
      } else {
        const error = outcome.ok
          ? { code: 'turn_cancelled' as const, message: 'the node aborted the turn' }
          : outcome.error;
        const code = this.abortCode ?? wireCodeOf(error.code);
        ended = {
          type: 'failed',
          seq,
          code,
          message: frameMessage(error.code, code, error.message),
        };
      }
    } catch (error) {
      this.context.logger.error({ err: error, sid: this.sid, seq }, 'turn failed unexpectedly');
      ended = { type: 'failed', seq, code: 'internal_error', message: 'the turn failed' };
    } finally {
      if (this.running === controller) this.running = undefined;
    }
    this.dispatch(ended);
  }
}
