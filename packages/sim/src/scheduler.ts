/**
 * What every simulated actor gets instead of a clock, timers and randomness: the virtual time,
 * the run's PRNG, and events scheduled on the run's agenda. Nothing in the simulator reads the
 * real clock or Math.random, and nothing runs outside an event.
 */
import type { EventOwner, EventQueue, SimEvent } from './event-queue.js';
import type { Prng } from './prng.js';

export class Scheduler {
  nowMs: number;

  constructor(
    startMs: number,
    readonly prng: Prng,
    private readonly queue: EventQueue,
  ) {
    this.nowMs = startMs;
  }

  /**
   * Runs `run` `delayMs` from now (0: after everything already due now), unless `owner` has
   * died by then.
   */
  after(delayMs: number, label: string, run: () => void, owner?: EventOwner): SimEvent {
    if (!Number.isInteger(delayMs) || delayMs < 0) {
      throw new Error(`assertion failed: a delay is a whole number of ms ≥ 0, not ${delayMs}`);
    }
    return this.queue.push(this.nowMs + delayMs, label, run, owner);
  }

  /** Runs `run` at `atMs` (not before now). */
  at(atMs: number, label: string, run: () => void, owner?: EventOwner): SimEvent {
    return this.queue.push(Math.max(atMs, this.nowMs), label, run, owner);
  }

  cancel(event: SimEvent | undefined): void {
    if (event !== undefined) event.cancelled = true;
  }

  /** A random whole delay in [min, max] ms. */
  delay(min: number, max: number): number {
    return this.prng.between(min, max);
  }
}
