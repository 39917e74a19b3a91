/**
 * Delayed delivery for the devnet's emulated network (latency-emulation.ts): messages on one
 * connection arrive late but in order, as over TCP. One timer at a time, for the head of the line.
 */
import { DELAY_LINE_COMPACT_AFTER_ITEMS } from '../limits.js';

interface Waiting<T> {
  readonly item: T;
  /** When the item may be delivered, on the line's clock. */
  readonly dueAtMs: number;
}

export class DelayLine<T> {
  private waiting: (Waiting<T> | undefined)[] = [];
  /** Index of the next item to deliver in `waiting`. */
  private head = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private draining = false;
  private closed = false;

  /**
   * @param deliver receives each item, in push order. An exception it throws is the caller's
   *   bug; the line stays consistent and goes on with the items after.
   * @param nowMs the clock delays are measured on (default performance.now).
   */
  constructor(
    private readonly deliver: (item: T) => void,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  /** Items pushed and neither delivered nor dropped yet. */
  get pending(): number {
    return this.waiting.length - this.head;
  }

  /**
   * Delivers `item` no earlier than `delayMs` from now, and never before an item pushed earlier.
   * With a delay of 0 and nothing waiting, delivers before returning. After close, drops the item.
   * A delay that is negative or not finite is a bug and throws a RangeError.
   */
  push(item: T, delayMs: number): void {
    if (!Number.isFinite(delayMs) || delayMs < 0) {
      throw new RangeError(`delay must be a finite number of ms ≥ 0, not ${delayMs}`);
    }
    if (this.closed) return;
    if (delayMs === 0 && this.pending === 0) {
      this.deliver(item);
      return;
    }
    const last = this.waiting.at(-1);
    const dueAtMs = Math.max(this.nowMs() + delayMs, last?.dueAtMs ?? Number.NEGATIVE_INFINITY);
    this.waiting.push({ item, dueAtMs });
    // While draining, drain schedules the next timer itself when it is done.
    if (this.timer === undefined && !this.draining) this.schedule();
  }

  /** Drops every waiting item and stops the timer. Later pushes are dropped too. */
  close(): void {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.waiting = [];
    this.head = 0;
  }

  private schedule(): void {
    const next = this.waiting[this.head];
    if (next === undefined) return;
    const waitMs = Math.max(0, next.dueAtMs - this.nowMs());
    // Rounded up: Node's timers count whole ms, and drain checks the clock again anyway.
    this.timer = setTimeout(() => this.drain(), Math.ceil(waitMs));
  }

  private drain(): void {
    this.timer = undefined;
    this.draining = true;
    try {
      while (!this.closed) {
        const next = this.waiting[this.head];
        // A timer may fire a little before the line's clock reaches the due time: wait again.
        if (next === undefined || next.dueAtMs > this.nowMs()) break;
        this.waiting[this.head] = undefined;
        this.head++;
        this.deliver(next.item);
      }
    } finally {
      this.draining = false;
      if (!this.closed) {
        this.compact();
        if (this.timer === undefined) this.schedule();
      }
    }
  }

  private compact(): void {
    if (this.head === this.waiting.length) {
      this.waiting = [];
      this.head = 0;
    } else if (
      this.head >= DELAY_LINE_COMPACT_AFTER_ITEMS &&
      this.head * 2 >= this.waiting.length
    ) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
  }
}

/**
 * Settles like `promise`, but no earlier than `delayMs` after it settled: a response arriving
 * from another emulated city. Rejections are held as long as values. A delay that is negative or
 * not finite rejects with a RangeError.
 */
export async function delayed<T>(
  promise: PromiseLike<T>,
  delayMs: number,
  nowMs: () => number = () => performance.now(),
): Promise<T> {
  if (!Number.isFinite(delayMs) || delayMs < 0) {
    throw new RangeError(`delay must be a finite number of ms ≥ 0, not ${delayMs}`);
  }
  let settled: { fulfilled: true; value: T } | { fulfilled: false; reason: unknown };
  try {
    settled = { fulfilled: true, value: await promise };
  } catch (reason) {
    settled = { fulfilled: false, reason };
  }
  await waitUntil(nowMs() + delayMs, nowMs);
  if (!settled.fulfilled) throw settled.reason;
  return settled.value;
}

async function waitUntil(deadlineMs: number, nowMs: () => number): Promise<void> {
  for (let leftMs = deadlineMs - nowMs(); leftMs > 0; leftMs = deadlineMs - nowMs()) {
    await new Promise<void>((resolve) => setTimeout(resolve, Math.ceil(leftMs)));
  }
}
