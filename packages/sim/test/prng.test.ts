import { describe, expect, it } from 'vitest';
import { Prng } from '../src/index.js';

describe('Prng', () => {
  it('replays the same sequence from the same seed, another from another seed', () => {
    const draw = (seed: number) => {
      const prng = new Prng(seed);
      return Array.from({ length: 64 }, () => prng.nextU32());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    // Seeds that differ only above 2^32 differ too.
    expect(draw(2 ** 40 + 7)).not.toEqual(draw(7));
  });

  it('draws within its bounds, covering them', () => {
    const prng = new Prng(1);
    const seen = new Set<number>();
    for (let n = 0; n < 2_000; n++) {
      const value = prng.between(3, 9);
      expect(value).toBeGreaterThanOrEqual(3);
      expect(value).toBeLessThanOrEqual(9);
      seen.add(value);
      const float = prng.float();
      expect(float >= 0 && float < 1).toBe(true);
    }
    expect(seen.size).toBe(7);
    expect(prng.bytes(5)).toHaveLength(5);
  });

  it('refuses seeds and ranges that are not whole and non-negative', () => {
    expect(() => new Prng(-1)).toThrow(RangeError);
    expect(() => new Prng(1.5)).toThrow(RangeError);
    expect(() => new Prng(1).below(0)).toThrow(RangeError);
    expect(() => new Prng(1).between(5, 4)).toThrow(RangeError);
    expect(() => new Prng(1).pick([])).toThrow(RangeError);
  });
});
