/**
 * The run's event trace: one line per step (step number, virtual time, what ran), folded into a
 * SHA-256 as it goes, with the last TRACE_TAIL_LINES lines kept to show when a run fails. Two
 * runs with the same seed and options have the same hash; a replay that differs anywhere does not.
 */
import { createHash, type Hash } from 'node:crypto';
import { TRACE_TAIL_LINES } from './limits.js';

export class Trace {
  private readonly hash: Hash = createHash('sha256');
  private readonly tail: string[] = [];
  private next = 0;
  private digest: string | undefined;

  record(line: string): void {
    this.hash.update(line);
    this.hash.update('\n');
    if (this.tail.length < TRACE_TAIL_LINES) this.tail.push(line);
    else this.tail[this.next] = line;
    this.next = (this.next + 1) % TRACE_TAIL_LINES;
  }

  /** The last lines recorded, oldest first. */
  lastLines(): string[] {
    if (this.tail.length < TRACE_TAIL_LINES) return [...this.tail];
    return [...this.tail.slice(this.next), ...this.tail.slice(0, this.next)];
  }

  /** The hash of every line recorded; the trace takes no more lines after this. */
  finish(): string {
    this.digest ??= this.hash.digest('hex');
    return this.digest;
  }
}
