/**
 * The sender's side of the canopy rate: a coordinator publishes its summary at most once per
 * CANOPY_SUMMARY_INTERVAL_MS, and every summary it issues carries a larger seq than the last. The
 * seq is at least the issuing time in ms, so that a restarted coordinator (which forgot its last
 * seq) still issues summaries its peers take as newer. Pure: time comes in as `nowMs`.
 */
import { CANOPY_SEQ_MAX, CANOPY_SUMMARY_INTERVAL_MS } from '../limits.js';

export class PublishSchedule {
  private lastSeq = 0;
  private lastPublishedMs = Number.NEGATIVE_INFINITY;
  readonly intervalMs: number;

  constructor(intervalMs: number = CANOPY_SUMMARY_INTERVAL_MS) {
    if (!Number.isFinite(intervalMs) || intervalMs <= 0) {
      throw new RangeError(`intervalMs must be > 0, not ${intervalMs}`);
    }
    this.intervalMs = intervalMs;
  }

  /** May a summary go out at `nowMs`? */
  due(nowMs: number): boolean {
    return nowMs - this.lastPublishedMs >= this.intervalMs;
  }

  /**
   * The seq of a summary issued now, and the publication recorded; undefined when not yet due
   * (nothing is recorded then).
   */
  publish(nowMs: number): number | undefined {
    if (!this.due(nowMs)) return undefined;
    const seq = Math.min(CANOPY_SEQ_MAX, Math.max(this.lastSeq + 1, Math.floor(nowMs)));
    this.lastSeq = seq;
    this.lastPublishedMs = nowMs;
    return seq;
  }
}
