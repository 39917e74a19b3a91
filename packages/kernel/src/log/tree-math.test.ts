import { describe, expect, it } from 'vitest';
import { LOG_SIZE_MAX } from '../limits.js';
import {
  half,
  isOdd,
  isPowerOfTwo,
  isTreeSize,
  powerOfTwo,
  powerOfTwoAtMost,
  splitPoint,
} from './tree-math.js';

describe('tree math', () => {
  it('accepts exactly the integers in [0, LOG_SIZE_MAX] as tree sizes', () => {
    for (const size of [0, 1, 2, 1023, LOG_SIZE_MAX]) expect(isTreeSize(size)).toBe(true);
    for (const size of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, LOG_SIZE_MAX + 1, 2 ** 60]) {
      expect(isTreeSize(size)).toBe(false);
    }
  });

  it('finds the RFC 6962 split point, the largest power of two below n', () => {
    // The values of transparency-dev/merkle testonly/reference_test.go TestDownToPowerOfTwo.
    const cases = [
      [2, 1],
      [7, 4],
      [8, 4],
      [63, 32],
      [28937, 16384],
    ] as const;
    for (const [size, split] of cases) expect(splitPoint(size)).toBe(split);
    expect(splitPoint(LOG_SIZE_MAX)).toBe(2 ** 52);
    expect(splitPoint(2 ** 52 + 1)).toBe(2 ** 52);
  });

  it('stays exact above 32 bits, where bitwise operators would wrap', () => {
    const big = 2 ** 40 + 3;
    expect(half(big)).toBe(2 ** 39 + 1);
    expect(isOdd(big)).toBe(true);
    expect(half(LOG_SIZE_MAX)).toBe(2 ** 52 - 1);
    expect(isOdd(LOG_SIZE_MAX)).toBe(true);
    expect(powerOfTwoAtMost(LOG_SIZE_MAX)).toBe(2 ** 52);
    expect(powerOfTwoAtMost(2 ** 33)).toBe(2 ** 33);
    expect(powerOfTwo(52)).toBe(2 ** 52);
    expect(isPowerOfTwo(2 ** 52)).toBe(true);
    expect(isPowerOfTwo(2 ** 52 + 2)).toBe(false);
    expect(isPowerOfTwo(2 ** 32 + 2 ** 31)).toBe(false);
  });

  it('knows which small numbers are powers of two', () => {
    const powers = Array.from({ length: 70 }, (_, value) => value).filter(isPowerOfTwo);
    expect(powers).toEqual([1, 2, 4, 8, 16, 32, 64]);
  });
});
