/**
 * Countersigned usage proofs on their way to the coordinator: each is sent on the control link
 * and kept until a `usage-ack` names it. Unacknowledged proofs go out again after the link comes
 * back, and every USAGE_RESEND_MS while it stays up (a coordinator whose ledger was down answers
 * nothing). The coordinator settles each proof once by its id, so a resend is harmless. Bounded:
 * past USAGE_UNACKED_MAX the oldest proof is dropped, and the log says so.
 */
import type { Proof } from '@mycel/kernel';
import type { UsageAckFrame } from '@mycel/wire';
import type { Logger } from 'pino';
import { USAGE_RESEND_MS, USAGE_UNACKED_MAX } from '../limits.js';

export interface UsageOutboxOptions {
  /** Sends on the control link; dropped while it is down. */
  send(proof: Proof): void;
  readonly logger: Logger;
  nowMs(): number;
}

export class UsageOutbox {
  /** Proof id → the proof and when it was last sent; insertion order is age order. */
  private readonly unacked = new Map<string, { proof: Proof; sentAtMs: number }>();

  constructor(private readonly options: UsageOutboxOptions) {}

  get size(): number {
    return this.unacked.size;
  }

  /** Ids of the proofs still waiting for their acknowledgement, oldest first. */
  pending(): string[] {
    return [...this.unacked.keys()];
  }

  /** Sends a countersigned proof and keeps it until it is acknowledged. */
  submit(proof: Proof): void {
    if (this.unacked.has(proof.id)) return;
    if (this.unacked.size >= USAGE_UNACKED_MAX) {
      const [oldest] = this.unacked.keys();
      if (oldest !== undefined) {
        this.unacked.delete(oldest);
        this.options.logger.warn({ proof: oldest }, 'usage proof dropped unacknowledged');
      }
    }
    this.unacked.set(proof.id, { proof, sentAtMs: this.options.nowMs() });
    this.options.send(proof);
  }

  /** The coordinator answered for a proof: settled, or refused for good. Never resent. */
  acked(frame: UsageAckFrame): void {
    if (!this.unacked.delete(frame.id)) return;
    const { logger } = this.options;
    if (frame.error === undefined) {
      logger.debug({ proof: frame.id, receipt: frame.receipt }, 'usage settled');
    } else {
      logger.warn(
        { proof: frame.id, code: frame.error.code },
        `usage refused: ${frame.error.message}`,
      );
    }
  }

  /** The link registered again: everything unacknowledged goes out now. */
  relinked(): void {
    this.resend(() => true);
  }

  /** Resends what has waited USAGE_RESEND_MS since it was last sent. */
  sweep(): void {
    const nowMs = this.options.nowMs();
    this.resend((sentAtMs) => nowMs - sentAtMs >= USAGE_RESEND_MS);
  }

  private resend(due: (sentAtMs: number) => boolean): void {
    const nowMs = this.options.nowMs();
    for (const entry of this.unacked.values()) {
      if (!due(entry.sentAtMs)) continue;
      entry.sentAtMs = nowMs;
      this.options.send(entry.proof);
    }
  }
}
