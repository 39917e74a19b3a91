/**
 * Group commit: submissions that arrive while a transaction is being written wait and go into the
 * next one together, so one fsync serves many proofs. Each submitter learns its entry's index and
 * the head its batch produced. Too many waiting entries is pushback, not unbounded memory.
 */
import type { Hash } from '@mycel/kernel';
import { APPEND_BATCH_ENTRIES_MAX, APPEND_QUEUE_ENTRIES_MAX } from './limits.js';
import type { AppendOutcome, LogStore, NewEntry } from './log-store.js';
import { StoreError } from './store-error.js';

export interface Committed {
  readonly index: number;
  /** True when the id was already in the log (or earlier in the same batch). */
  readonly duplicate: boolean;
  readonly outcome: AppendOutcome;
}

interface Waiting {
  readonly entry: NewEntry;
  readonly resolve: (committed: Committed) => void;
  readonly reject: (error: unknown) => void;
}

export class AppendQueue {
  private waiting: Waiting[] = [];
  private flushing = false;

  constructor(
    private readonly store: LogStore,
    private readonly signCheckpoint: (size: number, root: Hash) => string,
    private readonly onCommitted: (outcome: AppendOutcome) => void,
  ) {}

  enqueue(entry: NewEntry): Promise<Committed> {
    if (this.waiting.length >= APPEND_QUEUE_ENTRIES_MAX) {
      return Promise.reject(
        new StoreError('store_pushback', `${this.waiting.length} proofs are waiting to be written`),
      );
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ entry, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, APPEND_BATCH_ENTRIES_MAX);
      try {
        const outcome = await this.store.append({
          entries: batch.map((waiting) => waiting.entry),
          signCheckpoint: this.signCheckpoint,
        });
        this.onCommitted(outcome);
        const firstNew = outcome.head.size - outcome.appended;
        const seen = new Set<number>();
        batch.forEach((waiting, position) => {
          const index = outcome.indices[position]!;
          waiting.resolve({ index, duplicate: index < firstNew || seen.has(index), outcome });
          seen.add(index);
        });
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    this.flushing = false;
  }
}
