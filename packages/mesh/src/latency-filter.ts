/**
 * A per-peer moving median of RTT samples (the "moving percentile" filter of Ledlie, Gardner and
 * Seltzer, "Network Coordinates in the Wild", NSDI 2007, at the 50th percentile). One slow reply
 * from a busy peer or a queued packet does not move the coordinate: the client moves by the
 * median of the last few samples, which follows a lasting change of route after about half a
 * window. Pure: the window is a value; pushing returns a new one.
 */
import { assert } from '@mycel/kernel';
import { COORDINATE_FILTER_SAMPLES_MAX } from './limits.js';

export interface LatencyWindow {
  /** The most recent samples, oldest first, in ms; never more than the window size. */
  readonly samples: readonly number[];
}

/** A window with no samples yet. */
export const EMPTY_LATENCY_WINDOW: LatencyWindow = Object.freeze({ samples: Object.freeze([]) });

/** Whether `size` is a window size a filter may use: an integer in [1, FILTER_SAMPLES_MAX]. */
export function isFilterSize(size: number): boolean {
  return Number.isInteger(size) && size >= 1 && size <= COORDINATE_FILTER_SAMPLES_MAX;
}

/** `window` with `rttMs` appended and, past `size` samples, the oldest dropped. */
export function pushLatency(window: LatencyWindow, rttMs: number, size: number): LatencyWindow {
  assert(
    isFilterSize(size),
    `filter size must be an integer in [1, ${COORDINATE_FILTER_SAMPLES_MAX}]`,
  );
  const kept =
    window.samples.length >= size
      ? window.samples.slice(window.samples.length - size + 1)
      : window.samples;
  return { samples: [...kept, rttMs] };
}

/**
 * The median of the window's samples: the middle one of an odd count, the mean of the two middle
 * ones of an even count. Undefined for an empty window.
 */
export function latencyMedian(window: LatencyWindow): number | undefined {
  const count = window.samples.length;
  if (count === 0) return undefined;
  const sorted = [...window.samples].sort((a, b) => a - b);
  const middle = Math.floor(count / 2);
  return count % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
