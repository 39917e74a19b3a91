/**
 * One bound on an operation: a timeout and, optionally, the caller's AbortSignal, merged into one
 * signal that every fetch, socket and pause of the operation listens to. When it fires, error()
 * says which of the two it was.
 */
import { OpenGridError } from './errors.js';

export class Deadline {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly endsAtMs: number;
  private readonly onOuterAbort = () => this.controller.abort();

  constructor(
    private readonly timeoutMs: number,
    private readonly outer?: AbortSignal,
    private readonly what = 'the operation',
  ) {
    this.signal = this.controller.signal;
    this.endsAtMs = performance.now() + timeoutMs;
    this.timer = setTimeout(() => this.controller.abort(), timeoutMs);
    if (outer?.aborted) this.controller.abort();
    else outer?.addEventListener('abort', this.onOuterAbort, { once: true });
  }

  get aborted(): boolean {
    return this.signal.aborted;
  }

  remainingMs(): number {
    return Math.max(0, this.endsAtMs - performance.now());
  }

  /** Why the signal fired: the caller's abort, or the timeout. */
  error(): OpenGridError {
    if (this.outer?.aborted) {
      return new OpenGridError('sdk_aborted', `${this.what} was aborted by the caller`, {
        cause: this.outer.reason,
      });
    }
    return new OpenGridError('sdk_timeout', `${this.what} took longer than ${this.timeoutMs} ms`);
  }

  /** Throws error() when the signal has fired. */
  check(): void {
    if (this.aborted) throw this.error();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.outer?.removeEventListener('abort', this.onOuterAbort);
  }
}

/** Waits `ms`, or throws the deadline's error as soon as it fires. */
export function pause(ms: number, deadline: Deadline): Promise<void> {
  return new Promise((resolve, reject) => {
    if (deadline.aborted) return reject(deadline.error());
    const onAbort = () => {
      clearTimeout(timer);
      reject(deadline.error());
    };
    const timer = setTimeout(() => {
      deadline.signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    deadline.signal.addEventListener('abort', onAbort, { once: true });
  });
}
