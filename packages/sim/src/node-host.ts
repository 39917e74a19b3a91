/**
 * One attached session on a simulated node: the shell around grid's real turn machine
 * (startTurns / transitionTurns), mirroring session-host.ts. It runs turns on the simulated
 * inference plane (the test agent, its chunks paced on the virtual clock), sends each turn's
 * checkpoint on the control link with an acknowledgement timeout, and carries out the machine's
 * effects. As in the real host, disposing a host aborts its running turn, and the aborted run's
 * ending is ignored: the session went elsewhere (a takeover runs the turn again).
 */
import {
  gridLimits,
  type SessionSnapshot,
  startTurns,
  type TurnsEffect,
  type TurnsEvent,
  type TurnsState,
  transitionTurns,
} from '@mycel/grid';
import type { JsonValue } from '@mycel/kernel';
import type {
  LatencyClass,
  NodeFrame,
  SessionCheckpoint,
  TurnFrame,
  WireErrorCode,
} from '@mycel/wire';
import type { EventOwner, SimEvent } from './event-queue.js';
import {
  AGENT_ABORT_MS,
  AGENT_SLOW_PERCENT,
  AGENT_SLOW_STEP_MS_MAX,
  AGENT_STEP_MS_MAX,
  AGENT_STEP_MS_MIN,
} from './limits.js';
import type { Scheduler } from './scheduler.js';
import { agentTurn } from './test-agent.js';

/** Where a host's frames go: its client's socket (the epoch tags them for the oracle). */
export interface HostSink {
  send(frame: NodeFrame, epoch?: number): void;
}

export interface HostContext {
  readonly scheduler: Scheduler;
  readonly owner: EventOwner;
  /** The node's name, for trace labels. */
  readonly node: string;
  sendCheckpoint(checkpoint: SessionCheckpoint): void;
  dropped(host: NodeHost, code: WireErrorCode): void;
}

interface Run {
  readonly seq: number;
  aborted: boolean;
  next: SimEvent | undefined;
}

export class NodeHost {
  private machine: TurnsState;
  private digest: string | undefined;
  private run: Run | undefined;
  private ackTimer: SimEvent | undefined;
  private pending: SessionCheckpoint | undefined;
  /** As in the real host: once disposed, nothing the host does counts any more. */
  private disposed = false;

  constructor(
    readonly sink: HostSink,
    readonly latencyClass: LatencyClass,
    start: SessionSnapshot,
    private readonly context: HostContext,
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

  get completedTurns(): number {
    return this.machine.turns;
  }

  snapshot(): SessionSnapshot {
    const { sid, epoch, agent, state, seq, turns, last } = this.machine;
    return { sid, epoch, agent, state, seq, turns, last, digest: this.digest };
  }

  turn(frame: TurnFrame): void {
    const input = (frame.input ?? null) as JsonValue;
    const inputBytes = Buffer.byteLength(JSON.stringify(input));
    this.dispatch({ type: 'turn', seq: frame.seq, input, inputBytes });
  }

  cancel(seq: number): void {
    if (this.machine.phase === 'running' && this.machine.running?.seq === seq) {
      this.abort('turn_cancelled');
    }
  }

  checkpointAcked(seq: number, digest: string): void {
    this.dispatch({ type: 'checkpoint-ack', seq, digest });
  }

  refused(code: WireErrorCode, message: string): void {
    this.dispatch({ type: 'refused', code, message });
  }

  resendCheckpoint(): void {
    if (this.pending !== undefined) this.context.sendCheckpoint(this.pending);
  }

  abort(code: WireErrorCode): void {
    const run = this.run;
    if (run === undefined || run.aborted) return;
    run.aborted = true;
    // The inference plane answers an abort promptly: the run ends, failed.
    const { scheduler, owner, node } = this.context;
    scheduler.cancel(run.next);
    run.next = scheduler.after(
      AGENT_ABORT_MS,
      `${node} aborted ${this.sid} ${run.seq}`,
      () =>
        this.ended(run, {
          type: 'failed',
          seq: run.seq,
          code,
          message: 'the node aborted the turn',
        }),
      owner,
    );
  }

  dispose(): void {
    this.disposed = true;
    this.abort('turn_cancelled');
    this.context.scheduler.cancel(this.ackTimer);
    this.ackTimer = undefined;
    this.pending = undefined;
  }

  private dispatch(event: TurnsEvent): void {
    if (this.disposed) return;
    const { state, effects } = transitionTurns(this.machine, event);
    this.machine = state;
    if (this.pending !== undefined && state.phase !== 'settling') this.settled();
    for (const effect of effects) this.apply(effect);
  }

  private apply(effect: TurnsEffect): void {
    const { scheduler, owner, node } = this.context;
    switch (effect.type) {
      case 'send':
        this.sink.send(effect.frame, this.epoch);
        return;
      case 'run':
        this.start(effect.seq, effect.state, effect.input);
        return;
      case 'abort':
        this.abort(effect.code);
        return;
      case 'checkpoint': {
        const seq = effect.checkpoint.seq;
        this.pending = effect.checkpoint;
        this.context.sendCheckpoint(effect.checkpoint);
        scheduler.cancel(this.ackTimer);
        this.ackTimer = scheduler.after(
          gridLimits.CHECKPOINT_ACK_TIMEOUT_MS,
          `${node} ack-timeout ${this.sid} ${seq}`,
          () => this.dispatch({ type: 'checkpoint-timeout', seq }),
          owner,
        );
        return;
      }
      case 'drop':
        this.dispose();
        this.context.dropped(this, effect.code);
        return;
    }
  }

  private settled(): void {
    if (this.pending !== undefined && this.machine.last?.seq === this.pending.seq) {
      this.digest = this.pending.digest;
    }
    this.context.scheduler.cancel(this.ackTimer);
    this.ackTimer = undefined;
    this.pending = undefined;
  }

  /** Runs one turn of the test agent: its chunks one by one, then its end. */
  private start(seq: number, state: JsonValue, input: JsonValue): void {
    const run: Run = { seq, aborted: false, next: undefined };
    this.run = run;
    const { chunks, outcome } = agentTurn(state, seq, input);
    const { scheduler, owner, node } = this.context;
    const slow = scheduler.prng.percent(AGENT_SLOW_PERCENT);
    const stepMaxMs = slow ? AGENT_SLOW_STEP_MS_MAX : AGENT_STEP_MS_MAX;
    const step = (at: number) => {
      const pauseMs = scheduler.delay(AGENT_STEP_MS_MIN, stepMaxMs);
      if (at < chunks.length) {
        run.next = scheduler.after(
          pauseMs,
          `${node} chunk ${this.sid} ${seq}.${at}`,
          () => {
            if (run.aborted) return;
            this.dispatch({ type: 'chunk', seq, data: chunks[at]! });
            step(at + 1);
          },
          owner,
        );
        return;
      }
      run.next = scheduler.after(
        pauseMs,
        `${node} ended ${this.sid} ${seq}`,
        () => {
          const ended: TurnsEvent = outcome.ok
            ? { type: 'finished', seq, state: outcome.state }
            : { type: 'failed', seq, code: outcome.code, message: outcome.message };
          this.ended(run, ended);
        },
        owner,
      );
    };
    step(0);
  }

  /** The run is over (an aborted one ends failed, with the abort's code). */
  private ended(run: Run, outcome: TurnsEvent): void {
    if (this.run === run) this.run = undefined;
    this.dispatch(outcome);
  }
}
