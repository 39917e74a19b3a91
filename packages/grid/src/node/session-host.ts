/**
 * One attached session on this node: its agent, its last good state and the turn running now.
 * A node holds thousands of idle sessions, so a host is a handful of fields; the shared parts
 * (inference plane, timeouts, logger) live once in TurnContext.
 *
 * Turn numbering follows wire's client-session.ts: every turn the node runs consumes its
 * sequence number, success or not; only a successful turn replaces the state, so after a failed
 * turn the session goes on from its last good state (the snapshot a checkpoint saves).
 */
import type { JsonValue } from '@mycel/kernel';
import type { LatencyClass, NodeFrame, TurnFrame, WireErrorCode } from '@mycel/wire';
import { wireLimits } from '@mycel/wire';
import type { Logger } from 'pino';
import type { AgentRef } from '../inference/turn-request.js';
import { SESSION_SEND_BUFFER_BYTES_MAX } from '../limits.js';
import type { InferencePlane } from './inference-plane.js';
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
}

/** A session's state after its last successful turn, with the number of that turn. */
export interface SessionSnapshot {
  readonly sid: string;
  readonly epoch: number;
  readonly agent: string;
  /** The last turn the node ran (0 before any); the next turn must be seq + 1. */
  readonly seq: number;
  /** Turns that completed successfully. */
  readonly turns: number;
  readonly state: JsonValue;
}

export class SessionHost {
  private running: AbortController | undefined;
  private runningSeq = 0;
  /** Why the node aborted the running turn, when it was the node's own decision. */
  private abortCode: WireErrorCode | undefined;

  constructor(
    readonly sink: FrameSink,
    readonly sid: string,
    readonly epoch: number,
    readonly latencyClass: LatencyClass,
    /** The agent as the ticket names it (`tutor`, `sha256:…`). */
    readonly agentReference: string,
    readonly agent: AgentRef,
    private state: JsonValue,
    private nextSeq: number,
    private turns: number,
  ) {}

  get busy(): boolean {
    return this.running !== undefined;
  }

  get completedTurns(): number {
    return this.turns;
  }

  get expectedSeq(): number {
    return this.nextSeq;
  }

  snapshot(): SessionSnapshot {
    return {
      sid: this.sid,
      epoch: this.epoch,
      agent: this.agentReference,
      seq: this.nextSeq - 1,
      turns: this.turns,
      state: this.state,
    };
  }

  /**
   * Checks a turn frame against the session; undefined when it may run, else the error frame
   * code and message. Sequence first: a stale duplicate is reported as such even mid-turn.
   */
  refusal(frame: TurnFrame): { code: WireErrorCode; message: string } | undefined {
    if (this.running !== undefined) {
      return { code: 'turn_in_progress', message: `turn ${this.runningSeq} is still running` };
    }
    if (frame.seq !== this.nextSeq) {
      return {
        code: 'turn_sequence_invalid',
        message: `expected turn ${this.nextSeq}, got turn ${frame.seq}`,
      };
    }
    const inputBytes = Buffer.byteLength(JSON.stringify(frame.input ?? null));
    if (inputBytes > wireLimits.TURN_INPUT_BYTES_MAX) {
      return {
        code: 'frame_too_large',
        message: `a turn input is at most ${wireLimits.TURN_INPUT_BYTES_MAX} bytes; this one is ${inputBytes}`,
      };
    }
    return undefined;
  }

  /** Runs one turn that passed refusal(); never rejects. */
  async runTurn(frame: TurnFrame, context: TurnContext): Promise<void> {
    const seq = frame.seq;
    const controller = new AbortController();
    this.running = controller;
    this.runningSeq = seq;
    this.abortCode = undefined;
    this.nextSeq = seq + 1;
    let chunks = 0;
    const onChunk = (data: JsonValue) => {
      if (controller.signal.aborted) return;
      chunks += 1;
      this.sink.send({ t: 'chunk', seq, data });
      if (this.sink.bufferedAmount > SESSION_SEND_BUFFER_BYTES_MAX) {
        this.abort('client_not_reading');
      }
    };
    const request = {
      sid: this.sid,
      seq,
      agent: this.agent,
      state: this.state,
      input: (frame.input ?? null) as JsonValue,
      timeoutMs: context.turnTimeoutMs,
    };
    try {
      const outcome = await context.inference.runTurn(request, onChunk, controller.signal);
      // A turn the node aborted fails even if the agent finished: the client missed output.
      if (outcome.ok && this.abortCode === undefined) {
        this.state = outcome.value.state;
        this.turns += 1;
        this.sink.send({ t: 'done', seq, chunks });
      } else {
        const error = outcome.ok
          ? { code: 'turn_cancelled' as const, message: 'the node aborted the turn' }
          : outcome.error;
        const code = this.abortCode ?? wireCodeOf(error.code);
        const message = frameMessage(error.code, code, error.message);
        this.sink.send({ t: 'error', seq, code, message });
      }
    } catch (error) {
      context.logger.error({ err: error, sid: this.sid, seq }, 'turn failed unexpectedly');
      this.sink.send({ t: 'error', seq, code: 'internal_error', message: 'the turn failed' });
    } finally {
      this.running = undefined;
    }
  }

  /** The client asked to stop turn `seq`; a turn that already ended is left alone. */
  cancel(seq: number): void {
    if (this.running !== undefined && this.runningSeq === seq) this.abort('turn_cancelled');
  }

  /** Aborts the running turn, if any (the client went away, or the session ends). */
  abort(code: WireErrorCode): void {
    if (this.running === undefined || this.running.signal.aborted) return;
    this.abortCode = code;
    this.running.abort(new Error(code));
  }
}
