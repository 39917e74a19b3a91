/**
 * SWIM's randomized round-robin probe order (SWIM §4.3): members are probed in a random
 * permutation; when it is used up, a new one is drawn. Every member is probed within one round
 * of n probes, which bounds first-detection time, while a random order keeps probes spread.
 *
 * A member added mid-round goes to a random place among those not yet probed (O(1)); members
 * that left the order are skipped and compacted away at the next shuffle (amortised O(1)).
 */
export class SwimProbeOrder {
  private order: string[] = [];
  private next = 0;
  private readonly inOrder = new Set<string>();

  constructor(private readonly random: () => number) {}

  get size(): number {
    return this.inOrder.size;
  }

  has(id: string): boolean {
    return this.inOrder.has(id);
  }

  add(id: string): void {
    if (this.inOrder.has(id)) return;
    this.inOrder.add(id);
    this.order.push(id);
    const last = this.order.length - 1;
    const place = this.next + Math.floor(this.random() * (last - this.next + 1));
    this.order[last] = this.order[place]!;
    this.order[place] = id;
  }

  /** Takes `id` out of the order (it is skipped when reached, and dropped at the next shuffle). */
  remove(id: string): void {
    this.inOrder.delete(id);
  }

  /** The next member to probe, or undefined when the order is empty. */
  take(): string | undefined {
    if (this.inOrder.size === 0) return undefined;
    for (;;) {
      if (this.next >= this.order.length) this.reshuffle();
      const id = this.order[this.next]!;
      this.next += 1;
      if (this.inOrder.has(id)) return id;
    }
  }

  /** A uniformly drawn member of the order, or undefined (O(1) expected while the order is dense). */
  sample(): string | undefined {
    if (this.inOrder.size === 0) return undefined;
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const id = this.order[Math.floor(this.random() * this.order.length)]!;
      if (this.inOrder.has(id)) return id;
    }
    this.reshuffle();
    return this.order[Math.floor(this.random() * this.order.length)];
  }

  private reshuffle(): void {
    const kept: string[] = [];
    const seen = new Set<string>();
    for (const id of this.order) {
      if (this.inOrder.has(id) && !seen.has(id)) {
        kept.push(id);
        seen.add(id);
      }
    }
    // Fisher-Yates (Knuth, TAOCP vol. 2, Algorithm P).
    for (let i = kept.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.random() * (i + 1));
      const swap = kept[i]!;
      kept[i] = kept[j]!;
      kept[j] = swap;
    }
    this.order = kept;
    this.next = 0;
  }
}
