/**
 * The summary book: the newest believed summary of each canopy peer, bounded in size. A summary
 * enters only if checkSummary passes, its seq is above the one held for its coordinator
 * (summary_replayed), and it does not come sooner than CANOPY_SUMMARY_MIN_GAP_MS after the last
 * one taken from that coordinator (summary_rate_exceeded). A refused summary leaves the book as
 * it was. Pure: time comes in as `nowMs`.
 */
import type { JsonValue } from '@mycel/kernel';
import {
  CANOPY_BOOK_ENTRIES_MAX,
  CANOPY_SUMMARY_MAX_AGE_MS,
  CANOPY_SUMMARY_MIN_GAP_MS,
} from '../limits.js';
import { type MeshResult, meshFail } from '../mesh-error.js';
import { type CanopyTrust, checkSummary } from './canopy-summary.js';
import type { CanopySummary } from './summary-shape.js';

export interface SummaryBookOptions {
  /** Most coordinators held (CANOPY_BOOK_ENTRIES_MAX). */
  readonly capacity?: number;
  /** Least time between two summaries taken from one coordinator (CANOPY_SUMMARY_MIN_GAP_MS). */
  readonly minGapMs?: number;
}

interface Entry {
  readonly summary: CanopySummary;
  /** When this book took it, by the receiver's clock. */
  readonly receivedAtMs: number;
}

export class SummaryBook {
  private readonly entries = new Map<string, Entry>();
  private readonly capacity: number;
  private readonly minGapMs: number;

  constructor(options: SummaryBookOptions = {}) {
    this.capacity = options.capacity ?? CANOPY_BOOK_ENTRIES_MAX;
    this.minGapMs = options.minGapMs ?? CANOPY_SUMMARY_MIN_GAP_MS;
    if (!Number.isSafeInteger(this.capacity) || this.capacity < 1) {
      throw new RangeError(`capacity must be a whole number ≥ 1, not ${this.capacity}`);
    }
    if (!Number.isFinite(this.minGapMs) || this.minGapMs < 0) {
      throw new RangeError(`minGapMs must be ≥ 0, not ${this.minGapMs}`);
    }
  }

  /** Checks `value` and, if it is believed and newer, keeps it as its coordinator's summary. */
  offer(value: JsonValue, trust: CanopyTrust, nowMs: number): MeshResult<CanopySummary> {
    const checked = checkSummary(value, trust, nowMs);
    if (!checked.ok) return checked;
    const summary = checked.value;
    const held = this.entries.get(summary.coordinator);
    if (held !== undefined) {
      if (summary.seq <= held.summary.seq) {
        return meshFail(
          'summary_replayed',
          `seq ${summary.seq} is not above ${held.summary.seq}, the newest held from ${summary.coordinator}`,
        );
      }
      if (nowMs - held.receivedAtMs < this.minGapMs) {
        return meshFail(
          'summary_rate_exceeded',
          `${summary.coordinator} sent again ${nowMs - held.receivedAtMs} ms after its last summary`,
        );
      }
    } else if (this.entries.size >= this.capacity) {
      this.prune(nowMs);
      if (this.entries.size >= this.capacity) {
        return meshFail(
          'summary_book_full',
          `the book holds ${this.capacity} coordinators with fresh summaries`,
        );
      }
    }
    // Re-inserted, so that iteration order is the order summaries arrived in.
    this.entries.delete(summary.coordinator);
    this.entries.set(summary.coordinator, { summary, receivedAtMs: nowMs });
    return { ok: true, value: summary };
  }

  /** The newest summary held from `coordinator`, fresh or not. */
  newest(coordinator: string): CanopySummary | undefined {
    return this.entries.get(coordinator)?.summary;
  }

  /** The summaries issued at most CANOPY_SUMMARY_MAX_AGE_MS before `nowMs`, by coordinator. */
  fresh(nowMs: number): CanopySummary[] {
    return [...this.entries.values()]
      .filter((entry) => nowMs - entry.summary.issuedAtMs <= CANOPY_SUMMARY_MAX_AGE_MS)
      .map((entry) => entry.summary)
      .sort((a, b) => compareText(a.coordinator, b.coordinator));
  }

  /** Every summary held, stale ones included, by coordinator. */
  all(): CanopySummary[] {
    return [...this.entries.values()]
      .map((entry) => entry.summary)
      .sort((a, b) => compareText(a.coordinator, b.coordinator));
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Forgets summaries too old to be believed. A replay of an older summary of a forgotten
   * coordinator is older still, so checkSummary refuses it as stale.
   */
  prune(nowMs: number): number {
    let dropped = 0;
    for (const [coordinator, entry] of this.entries) {
      if (nowMs - entry.summary.issuedAtMs > CANOPY_SUMMARY_MAX_AGE_MS) {
        this.entries.delete(coordinator);
        dropped++;
      }
    }
    return dropped;
  }
}

function compareText(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}
