/** The per-peer moving median of RTT samples (latency-filter.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COORDINATE_FILTER_SAMPLES_MAX,
  EMPTY_LATENCY_WINDOW,
  type LatencyWindow,
  latencyMedian,
  pushLatency,
} from '../src/index.js';

function windowOf(samples: readonly number[], size: number): LatencyWindow {
  return samples.reduce((window, rttMs) => pushLatency(window, rttMs, size), EMPTY_LATENCY_WINDOW);
}

describe('latency window', () => {
  it('keeps the last `size` samples, oldest first', () => {
    expect(windowOf([10, 20, 30, 40, 50, 60], 3).samples).toEqual([40, 50, 60]);
    expect(windowOf([10, 20], 3).samples).toEqual([10, 20]);
  });

  it('ignores one slow reply among steady ones', () => {
    expect(latencyMedian(windowOf([80, 81, 900, 79, 80], 5))).toBe(80);
  });

  it('follows a lasting change of route once most of the window has seen it', () => {
    const before = windowOf([80, 80, 80, 80, 80], 5);
    const after = [140, 140, 140].reduce((window, rttMs) => pushLatency(window, rttMs, 5), before);
    expect(latencyMedian(pushLatency(before, 140, 5))).toBe(80);
    expect(latencyMedian(after)).toBe(140);
  });

  it('has no median when empty, and averages the middle two of an even count', () => {
    expect(latencyMedian(EMPTY_LATENCY_WINDOW)).toBeUndefined();
    expect(latencyMedian(windowOf([10, 40, 20, 30], 4))).toBe(25);
  });

  it('refuses a window size out of range as a bug', () => {
    expect(() => pushLatency(EMPTY_LATENCY_WINDOW, 10, 0)).toThrow(/filter size/);
    expect(() => pushLatency(EMPTY_LATENCY_WINDOW, 10, COORDINATE_FILTER_SAMPLES_MAX + 1)).toThrow(
      /filter size/,
    );
  });

  it('property: the output is a median of the last `size` samples', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 10_000, noNaN: true }), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.integer({ min: 1, max: COORDINATE_FILTER_SAMPLES_MAX }),
        (samples, size) => {
          const recent = samples.slice(-size);
          const median = latencyMedian(windowOf(samples, size))!;
          const below = recent.filter((rttMs) => rttMs < median).length;
          const above = recent.filter((rttMs) => rttMs > median).length;
          // At most half the window lies strictly on either side of a median.
          expect(below).toBeLessThanOrEqual(recent.length / 2);
          expect(above).toBeLessThanOrEqual(recent.length / 2);
          expect(median).toBeGreaterThanOrEqual(Math.min(...recent));
          expect(median).toBeLessThanOrEqual(Math.max(...recent));
        },
      ),
    );
  });

  it('property: with an odd window the output is one of the samples', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 10_000, noNaN: true }), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.integer({ min: 0, max: 15 }),
        (samples, half) => {
          const size = 2 * half + 1;
          const window = windowOf(samples, size);
          if (window.samples.length % 2 === 1) {
            expect(window.samples).toContain(latencyMedian(window));
          }
        },
      ),
    );
  });
});
