/** Seeded randomness and percentiles shared by the benchmarks. */

/** mulberry32: a small seeded PRNG, so every run of a benchmark sees the same inputs. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The value at `fraction` of already sorted values (NaN when there are none). */
export function percentile(sorted: ArrayLike<number>, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

/** percentile of sorted nanosecond timings, in microseconds. */
export function percentileUs(sortedNs: ArrayLike<number>, fraction: number): number {
  return percentile(sortedNs, fraction) / 1000;
}

export function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
