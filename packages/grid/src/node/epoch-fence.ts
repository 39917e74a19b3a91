/**
 * Fencing (ARCHITECTURE §5.2): the highest epoch this node has seen in a valid ticket, per
 * session. A ticket of an older epoch is refused, so a node cut off from a placement change
 * cannot serve a session it lost. A record can be forgotten once the newest ticket it came from
 * has expired: the coordinator issues epochs in order, so every older ticket expired no later.
 */
import { wireLimits } from '@mycel/wire';
import { NODE_EPOCHS_REMEMBERED_MAX } from '../limits.js';

interface EpochRecord {
  readonly epoch: number;
  /** When the newest ticket of this epoch stops being accepted, skew included. */
  readonly forgetAtMs: number;
}

export class EpochFence {
  private readonly records = new Map<string, EpochRecord>();

  constructor(private readonly recordsMax = NODE_EPOCHS_REMEMBERED_MAX) {}

  get size(): number {
    return this.records.size;
  }

  highestSeen(sid: string): number | undefined {
    return this.records.get(sid)?.epoch;
  }

  /** Notes a verified ticket; an older epoch than the one recorded changes nothing. */
  record(sid: string, epoch: number, expiresAtMs: number): void {
    const forgetAtMs = expiresAtMs + wireLimits.TICKET_CLOCK_SKEW_MS;
    const known = this.records.get(sid);
    if (known !== undefined && known.epoch > epoch) return;
    this.records.delete(sid);
    this.records.set(sid, { epoch, forgetAtMs: Math.max(forgetAtMs, known?.forgetAtMs ?? 0) });
    if (this.records.size > this.recordsMax) this.evict();
  }

  /** Forgets every record whose tickets have all expired by `nowMs`. */
  sweep(nowMs: number): void {
    for (const [sid, known] of this.records) {
      if (known.forgetAtMs <= nowMs) this.records.delete(sid);
    }
  }

  /** Over the bound: the records touched longest ago go first (Map keeps insertion order). */
  private evict(): void {
    for (const sid of this.records.keys()) {
      if (this.records.size <= this.recordsMax) return;
      this.records.delete(sid);
    }
  }
}
