/**
 * The run's one source of randomness: sfc32 (Chris Doty-Humphrey's small fast counting
 * generator, 128 bits of state, 32-bit outputs), seeded through splitmix32 from the run's seed.
 * Everything random in a run (latencies, faults, keys, nonces, session ids, think times) is drawn
 * from here in event order, so the same seed replays the same run.
 */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new RangeError(`a seed is a non-negative safe integer, not ${seed}`);
    }
    // Both halves of the seed feed the mixer, so seeds above 2^32 differ too.
    let state = (seed >>> 0) ^ Math.imul(Math.floor(seed / 2 ** 32), 0x9e3779b9);
    const mix = () => {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    // The first outputs of a fresh state are weakly mixed: discard them.
    for (let n = 0; n < 12; n++) this.nextU32();
  }

  /** The next 32 random bits, as an unsigned integer. */
  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.nextU32() / 2 ** 32;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`below(${n}) needs n ≥ 1`);
    return Math.floor(this.float() * n);
  }

  /** An integer in [min, max], both included. */
  between(min: number, max: number): number {
    if (max < min) throw new RangeError(`between(${min}, ${max}) is empty`);
    return min + this.below(max - min + 1);
  }

  /** True `percent` times in a hundred. */
  percent(percent: number): boolean {
    return this.float() * 100 < percent;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.below(items.length)]!;
  }

  /** `length` random bytes (keys, nonces, session ids). */
  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let at = 0; at < length; at += 4) {
      let word = this.nextU32();
      for (let k = 0; k < 4 && at + k < length; k++) {
        out[at + k] = word & 0xff;
        word >>>= 8;
      }
    }
    return out;
  }
}
