/**
 * The dissemination queue of a SWIM member (SWIM §4.1, "infection-style dissemination"): each
 * membership update is piggybacked on outgoing messages until it has been sent λ · ⌈log10(n + 1)⌉
 * times. Updates sent least often go first, so fresh news travels fastest.
 *
 * One update per member: news about a member replaces older news about it. Updates sit in
 * buckets by transmit count, so taking the next few costs O(taken + buckets), not O(queue).
 */
import { SWIM_BROADCAST_QUEUE_MAX } from '../limits.js';
import type { SwimUpdate } from './swim-messages.js';

interface Entry {
  update: SwimUpdate;
  transmits: number;
}

export class SwimBroadcasts {
  private readonly entries = new Map<string, Entry>();
  /** buckets[t]: ids of the entries sent t times, in insertion order. */
  private readonly buckets: Set<string>[] = [];
  private droppedCount = 0;

  get size(): number {
    return this.entries.size;
  }

  /** Updates dropped because the queue was full. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Queues `update`, replacing any queued news about the same member. */
  add(update: SwimUpdate): void {
    this.remove(update.id);
    this.entries.set(update.id, { update, transmits: 0 });
    this.bucket(0).add(update.id);
    if (this.entries.size > SWIM_BROADCAST_QUEUE_MAX) this.dropMostSent();
  }

  remove(id: string): void {
    const entry = this.entries.get(id);
    if (entry === undefined) return;
    this.buckets[entry.transmits]?.delete(id);
    this.entries.delete(id);
  }

  /**
   * Up to `max` updates to piggyback now, least sent first; each counts as sent once, and is
   * forgotten once sent `limit` times. `first` (if queued) goes first: Lifeguard's buddy system
   * puts a suspicion in the ping to the suspect itself.
   */
  take(max: number, limit: number, first?: string): SwimUpdate[] {
    const chosen: Entry[] = [];
    const firstEntry = first === undefined ? undefined : this.entries.get(first);
    if (firstEntry !== undefined && max > 0) chosen.push(firstEntry);
    for (let t = 0; t < this.buckets.length && chosen.length < max; t += 1) {
      const bucket = this.buckets[t]!;
      for (const id of bucket) {
        if (chosen.length >= max) break;
        const entry = this.entries.get(id)!;
        if (entry !== firstEntry) chosen.push(entry);
      }
    }
    for (const entry of chosen) {
      const id = entry.update.id;
      this.buckets[entry.transmits]!.delete(id);
      entry.transmits += 1;
      if (entry.transmits >= limit) this.entries.delete(id);
      else this.bucket(entry.transmits).add(id);
    }
    return chosen.map((entry) => entry.update);
  }

  private bucket(transmits: number): Set<string> {
    while (this.buckets.length <= transmits) this.buckets.push(new Set());
    return this.buckets[transmits]!;
  }

  private dropMostSent(): void {
    for (let t = this.buckets.length - 1; t >= 0; t -= 1) {
      const bucket = this.buckets[t]!;
      for (const id of bucket) {
        bucket.delete(id);
        this.entries.delete(id);
        this.droppedCount += 1;
        return;
      }
    }
  }
}
