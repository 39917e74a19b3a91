/**
 * A small seeded random source for the synthetic case generators: the same seed gives the same
 * cases on every machine, so a calibration report can be reproduced exactly. SplitMix32-style
 * mixing of a 32-bit counter; not for keys or anything secret.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [low, high). */
  uniform(low: number, high: number): number;
  /** Normal with the given mean and standard deviation (Box–Muller). */
  normal(mean?: number, sd?: number): number;
  /** An integer in [low, high]. */
  integer(low: number, high: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    z ^= z >>> 15;
    return (z >>> 0) / 4294967296;
  };
  const random: Random = {
    next,
    uniform: (low, high) => low + (high - low) * next(),
    normal: (mean = 0, sd = 1) => {
      const u = 1 - next(); // (0, 1]: log(u) is finite
      const v = next();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    integer: (low, high) => low + Math.floor(next() * (high - low + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error('assertion failed: pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    chance: (p) => next() < p,
  };
  return random;
}
