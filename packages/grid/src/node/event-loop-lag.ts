/**
 * How late the main event loop runs timers: the control plane's own health signal. Measured by
 * Node's event-loop-delay histogram (a libuv timer, no JavaScript on the loop), reported as the
 * worst delay of the last full window, so a reading never waits on the loop it measures.
 */
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { NODE_EVENT_LOOP_WINDOW_MS } from '../limits.js';

export class EventLoopLag {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private readonly timer: NodeJS.Timeout;
  private lastWindowMs = 0;

  constructor(windowMs = NODE_EVENT_LOOP_WINDOW_MS) {
    this.histogram.enable();
    this.timer = setInterval(() => {
      this.lastWindowMs = this.histogram.max / 1e6;
      this.histogram.reset();
    }, windowMs);
    this.timer.unref();
  }

  /** The worst delay of the last window, or of the current one when it is worse, in ms. */
  get lagMs(): number {
    const currentMs = Number.isFinite(this.histogram.max) ? this.histogram.max / 1e6 : 0;
    return Math.round(Math.max(this.lastWindowMs, currentMs) * 100) / 100;
  }

  stop(): void {
    clearInterval(this.timer);
    this.histogram.disable();
  }
}
