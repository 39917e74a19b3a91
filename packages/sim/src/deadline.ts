/**
 * A bound on something a simulated client does over several steps (an open, a resume), on the
 * virtual clock, mirroring the SDK's Deadline: it fires once at its time, telling whoever
 * listens; work that checks it after that gives up.
 */
import type { EventOwner, SimEvent } from './event-queue.js';
import type { Scheduler } from './scheduler.js';

export class Deadline {
  aborted = false;
  private readonly listeners = new Set<() => void>();
  private readonly timer: SimEvent;

  constructor(
    private readonly scheduler: Scheduler,
    readonly atMs: number,
    label: string,
    owner?: EventOwner,
  ) {
    this.timer = scheduler.at(
      atMs,
      label,
      () => {
        this.aborted = true;
        for (const listener of [...this.listeners]) listener();
        this.listeners.clear();
      },
      owner,
    );
  }

  get remainingMs(): number {
    return Math.max(0, this.atMs - this.scheduler.nowMs);
  }

  /** Calls `listener` when the deadline fires; the returned function stops listening. */
  onAbort(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.scheduler.cancel(this.timer);
    this.listeners.clear();
  }
}
