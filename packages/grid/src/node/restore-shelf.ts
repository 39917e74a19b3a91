/**
 * Checkpoints the coordinator handed this node for sessions moving here (`restore` frames), held
 * until their client attaches with a ticket that names them. An attach that arrives first waits
 * a little (RESTORE_WAIT_MS): the frame and the client race, and the frame usually wins.
 */
import type { SessionCheckpoint } from '@mycel/wire';
import { RESTORE_HOLD_MS, RESTORES_HELD_MAX } from '../limits.js';

interface Held {
  readonly epoch: number;
  readonly checkpoint: SessionCheckpoint;
  readonly untilMs: number;
}

type Waiter = (checkpoint: SessionCheckpoint) => void;

export class RestoreShelf {
  private readonly held = new Map<string, Held>();
  private readonly waiters = new Map<string, Set<Waiter>>();

  constructor(private readonly nowMs: () => number) {}

  get size(): number {
    return this.held.size;
  }

  /** A verified checkpoint for session epoch `epoch`; a newer epoch replaces an older one. */
  put(epoch: number, checkpoint: SessionCheckpoint): void {
    const sid = checkpoint.sid;
    const known = this.held.get(sid);
    if (known !== undefined && known.epoch > epoch) return;
    this.held.delete(sid);
    this.held.set(sid, { epoch, checkpoint, untilMs: this.nowMs() + RESTORE_HOLD_MS });
    this.sweep();
    for (const waiter of this.waiters.get(sid) ?? []) waiter(checkpoint);
  }

  /**
   * The checkpoint with `digest` for `sid` at `epoch`, waiting up to `waitMs` for it to arrive;
   * undefined if it does not.
   */
  async take(
    sid: string,
    epoch: number,
    digest: string,
    waitMs: number,
  ): Promise<SessionCheckpoint | undefined> {
    const matches = (checkpoint: SessionCheckpoint | undefined) =>
      checkpoint !== undefined && checkpoint.digest === digest;
    const known = this.held.get(sid);
    if (known !== undefined && known.epoch === epoch && matches(known.checkpoint)) {
      return known.checkpoint;
    }
    return new Promise((resolve) => {
      const waiters = this.waiters.get(sid) ?? new Set<Waiter>();
      this.waiters.set(sid, waiters);
      const finish = (checkpoint: SessionCheckpoint | undefined) => {
        clearTimeout(timer);
        waiters.delete(waiter);
        if (waiters.size === 0) this.waiters.delete(sid);
        resolve(checkpoint);
      };
      const waiter: Waiter = (checkpoint) => {
        if (matches(checkpoint) && this.held.get(sid)?.epoch === epoch) finish(checkpoint);
      };
      const timer = setTimeout(() => finish(undefined), waitMs);
      timer.unref();
      waiters.add(waiter);
    });
  }

  /** The session attached (or moved on): its checkpoint is not needed any more. */
  drop(sid: string): void {
    this.held.delete(sid);
  }

  private sweep(): void {
    const nowMs = this.nowMs();
    for (const [sid, held] of this.held) {
      if (this.held.size <= RESTORES_HELD_MAX && held.untilMs > nowMs) break;
      this.held.delete(sid);
    }
  }
}
