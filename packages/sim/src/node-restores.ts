/**
 * Checkpoints the coordinator handed a simulated node for sessions moving to it (`restore`
 * frames), mirroring grid's restore-shelf.ts (not exported) on the virtual clock: held until a
 * ticket names them; an attach that arrives first waits up to RESTORE_WAIT_MS for the frame.
 */
import { gridLimits } from '@mycel/grid';
import type { SessionCheckpoint } from '@mycel/wire';
import type { SimEvent } from './event-queue.js';
import type { Scheduler } from './scheduler.js';

interface Held {
  readonly epoch: number;
  readonly checkpoint: SessionCheckpoint;
  readonly untilMs: number;
}

type Waiter = (checkpoint: SessionCheckpoint) => void;

export class NodeRestores {
  private readonly held = new Map<string, Held>();
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly timers = new Set<SimEvent>();

  constructor(
    private readonly scheduler: Scheduler,
    private readonly label: string,
  ) {}

  put(epoch: number, checkpoint: SessionCheckpoint): void {
    const sid = checkpoint.sid;
    const known = this.held.get(sid);
    if (known !== undefined && known.epoch > epoch) return;
    this.held.delete(sid);
    const untilMs = this.scheduler.nowMs + gridLimits.RESTORE_HOLD_MS;
    this.held.set(sid, { epoch, checkpoint, untilMs });
    this.sweep();
    for (const waiter of [...(this.waiters.get(sid) ?? [])]) waiter(checkpoint);
  }

  /**
   * Hands `done` the checkpoint with `digest` for `sid` at `epoch`: now if it is here, else when
   * it arrives within `waitMs`, else undefined.
   */
  take(
    sid: string,
    epoch: number,
    digest: string,
    waitMs: number,
    done: (checkpoint: SessionCheckpoint | undefined) => void,
  ): void {
    const known = this.held.get(sid);
    if (known !== undefined && known.epoch === epoch && known.checkpoint.digest === digest) {
      done(known.checkpoint);
      return;
    }
    const waiters = this.waiters.get(sid) ?? new Set<Waiter>();
    this.waiters.set(sid, waiters);
    const finish = (checkpoint: SessionCheckpoint | undefined) => {
      this.scheduler.cancel(timer);
      this.timers.delete(timer);
      waiters.delete(waiter);
      if (waiters.size === 0) this.waiters.delete(sid);
      done(checkpoint);
    };
    const waiter: Waiter = (checkpoint) => {
      if (checkpoint.digest === digest && this.held.get(sid)?.epoch === epoch) finish(checkpoint);
    };
    const timer = this.scheduler.after(waitMs, `${this.label} restore-wait ${sid}`, () =>
      finish(undefined),
    );
    this.timers.add(timer);
    waiters.add(waiter);
  }

  drop(sid: string): void {
    this.held.delete(sid);
  }

  /** The node's process died: nothing waits any more. */
  dispose(): void {
    for (const timer of this.timers) this.scheduler.cancel(timer);
    this.timers.clear();
    this.waiters.clear();
    this.held.clear();
  }

  private sweep(): void {
    const nowMs = this.scheduler.nowMs;
    for (const [sid, held] of this.held) {
      if (this.held.size <= gridLimits.RESTORES_HELD_MAX && held.untilMs > nowMs) break;
      this.held.delete(sid);
    }
  }
}
