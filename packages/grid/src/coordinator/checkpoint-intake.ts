/**
 * Checkpoints arriving on control links (the write-ahead half of ARCHITECTURE §5.2): check the
 * digest, ask the core whether this node may checkpoint this session now, store it durably, let
 * the core adopt it, and only then acknowledge it, so the node can acknowledge the turn to its
 * client. A refusal tells the node to stop serving the session.
 */
import type { SessionStore } from '@mycel/store';
import {
  type CoordinatorFrame,
  type SessionCheckpoint,
  verifyCheckpoint,
  type WireErrorCode,
  wireLimits,
} from '@mycel/wire';
import type { Logger } from 'pino';
import type { CoordinatorCore } from './coordinator-core.js';
import type { CoordinatorMetrics } from './coordinator-metrics.js';

export interface CheckpointIntakeOptions {
  readonly core: CoordinatorCore;
  readonly store: SessionStore;
  readonly metrics: CoordinatorMetrics;
  readonly logger: Logger;
  send(node: string, frame: CoordinatorFrame): void;
  nowMs(): number;
}

/** Store errors that mean "not this checkpoint" rather than "the store is broken". */
const REFUSING_STORE_CODES: ReadonlySet<string> = new Set([
  'checkpoint_stale',
  'checkpoint_digest_mismatch',
  'checkpoint_too_large',
]);

export class CheckpointIntake {
  constructor(private readonly options: CheckpointIntakeOptions) {}

  /** A `checkpoint` frame from `node`; never rejects. */
  async offer(node: string, value: unknown): Promise<void> {
    const { core, logger, metrics } = this.options;
    const checked = verifyCheckpoint(value);
    if (!checked.ok) {
      const sid = (value as { sid?: unknown } | null)?.sid;
      const epoch = (value as { epoch?: unknown } | null)?.epoch;
      if (typeof sid === 'string' && typeof epoch === 'number' && Number.isInteger(epoch)) {
        this.refuse(node, sid, Math.max(1, epoch), checked.error.code, checked.error.message);
      }
      return;
    }
    const checkpoint = checked.value;
    const verdict = core.checkpointOffered(node, checkpoint);
    if (!verdict.ok) return this.refuseCheckpoint(node, checkpoint, verdict.error);
    if (verdict.value === 'duplicate') return this.acknowledge(node, checkpoint);
    const started = process.hrtime.bigint();
    try {
      await this.options.store.saveCheckpoint(checkpoint);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== undefined && REFUSING_STORE_CODES.has(code)) {
        const message = (error as Error).message;
        return this.refuseCheckpoint(node, checkpoint, { code: code as WireErrorCode, message });
      }
      // The store is down: no acknowledgement, so the node keeps the turn unacknowledged and
      // hands the session back when its wait runs out. Nothing is lost.
      logger.error({ err: error, sid: checkpoint.sid }, 'checkpoint store failed');
      metrics.checkpoints.inc({ result: 'store_failed' });
      return;
    }
    metrics.checkpointSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
    const adopted = core.checkpointStored(node, checkpoint, this.options.nowMs());
    if (!adopted.ok) return this.refuseCheckpoint(node, checkpoint, adopted.error);
    this.acknowledge(node, checkpoint);
  }

  private acknowledge(node: string, checkpoint: SessionCheckpoint): void {
    this.options.metrics.checkpoints.inc({ result: 'stored' });
    const { sid, epoch, seq, digest } = checkpoint;
    this.options.send(node, { t: 'checkpoint-ack', sid, epoch, seq, digest });
  }

  private refuseCheckpoint(
    node: string,
    checkpoint: SessionCheckpoint,
    error: { readonly code: WireErrorCode; readonly message: string },
  ): void {
    this.refuse(node, checkpoint.sid, checkpoint.epoch, error.code, error.message);
  }

  /** Tells the node to drop the session (`session-refused`). */
  refuse(node: string, sid: string, epoch: number, code: WireErrorCode, message: string): void {
    this.options.metrics.checkpoints.inc({ result: code });
    this.options.logger.warn({ node, sid, epoch, code }, 'session refused to its node');
    this.options.send(node, {
      t: 'session-refused',
      sid,
      epoch,
      code,
      message: message.slice(0, wireLimits.ERROR_MESSAGE_LENGTH_MAX),
    });
  }
}
