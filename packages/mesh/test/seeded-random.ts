/**
 * A seeded PRNG for tests and simulations: a Weyl sequence (step 0x9e3779b9, the 32-bit golden
 * ratio) passed through the MurmurHash3 finaliser. The same seed always gives the same sequence.
 */
export type Random = () => number;

/** Numbers in [0, 1) that depend only on `seed`. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b);
    mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
    mixed ^= mixed >>> 16;
    return (mixed >>> 0) / 0x1_0000_0000;
  };
}

/** An integer in [0, count). */
export function randomIndex(random: Random, count: number): number {
  return Math.floor(random() * count);
}
