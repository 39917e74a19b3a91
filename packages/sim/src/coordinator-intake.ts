/**
 * Checkpoints arriving on control links, mirroring grid's checkpoint-intake.ts: check the digest
 * (wire's verifyCheckpoint), ask the core whether this node may checkpoint this session now,
 * write it to the durable store (which takes a few virtual milliseconds, during which anything
 * else may happen), let the core adopt it, and only then acknowledge it. A refusal tells the node
 * to drop the session. A write still in flight when the coordinator crashes may or may not have
 * become durable; it is never acknowledged.
 */
import type { CoordinatorCore } from '@mycel/grid';
import {
  type CoordinatorFrame,
  type SessionCheckpoint,
  verifyCheckpoint,
  type WireErrorCode,
  wireLimits,
} from '@mycel/wire';
import type { DurableStore } from './durable-store.js';
import {
  STORE_WRITE_MS_MAX,
  STORE_WRITE_MS_MIN,
  STORE_WRITE_SURVIVES_CRASH_PERCENT,
} from './limits.js';
import type { SimContext } from './sim-context.js';

/** Store errors that mean "not this checkpoint" rather than "the store is broken". */
const REFUSING_STORE_CODES: ReadonlySet<string> = new Set([
  'checkpoint_stale',
  'checkpoint_digest_mismatch',
  'checkpoint_too_large',
]);

export interface IntakeHooks {
  readonly core: CoordinatorCore;
  readonly store: DurableStore;
  /** False once the coordinator that started a write has crashed. */
  alive(): boolean;
  send(node: string, frame: CoordinatorFrame): void;
}

export class CheckpointIntake {
  constructor(
    private readonly context: SimContext,
    private readonly hooks: IntakeHooks,
  ) {}

  offer(node: string, value: unknown): void {
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
    this.context.oracle.touch(checkpoint.sid);
    const verdict = this.hooks.core.checkpointOffered(node, checkpoint);
    if (!verdict.ok) {
      this.refuseCheckpoint(node, checkpoint, verdict.error);
      return;
    }
    if (verdict.value === 'duplicate') {
      this.acknowledge(node, checkpoint);
      return;
    }
    const { scheduler } = this.context;
    const writeMs = scheduler.delay(STORE_WRITE_MS_MIN, STORE_WRITE_MS_MAX);
    scheduler.after(
      writeMs,
      `co stored ${checkpoint.sid} ${checkpoint.epoch}/${checkpoint.seq}`,
      () => this.written(node, checkpoint),
    );
  }

  /** Tells the node to drop the session (`session-refused`). */
  refuse(node: string, sid: string, epoch: number, code: WireErrorCode, message: string): void {
    this.hooks.send(node, {
      t: 'session-refused',
      sid,
      epoch,
      code,
      message: message.slice(0, wireLimits.ERROR_MESSAGE_LENGTH_MAX),
    });
  }

  private written(node: string, checkpoint: SessionCheckpoint): void {
    const { store, core } = this.hooks;
    this.context.oracle.touch(checkpoint.sid);
    if (!this.hooks.alive()) {
      // The process died with the write in flight: it committed, or it did not.
      const { prng } = this.context.scheduler;
      if (prng.percent(STORE_WRITE_SURVIVES_CRASH_PERCENT)) store.saveCheckpoint(checkpoint);
      return;
    }
    const saved = store.saveCheckpoint(checkpoint);
    if (!saved.ok) {
      if (REFUSING_STORE_CODES.has(saved.code)) {
        this.refuseCheckpoint(node, checkpoint, saved);
        return;
      }
      return;
    }
    const adopted = core.checkpointStored(node, checkpoint, this.context.scheduler.nowMs);
    if (!adopted.ok) {
      this.refuseCheckpoint(node, checkpoint, adopted.error);
      return;
    }
    this.acknowledge(node, checkpoint);
  }

  private acknowledge(node: string, checkpoint: SessionCheckpoint): void {
    const { sid, epoch, seq, digest } = checkpoint;
    this.hooks.send(node, { t: 'checkpoint-ack', sid, epoch, seq, digest });
  }

  private refuseCheckpoint(
    node: string,
    checkpoint: SessionCheckpoint,
    error: { readonly code: WireErrorCode; readonly message: string },
  ): void {
    this.refuse(node, checkpoint.sid, checkpoint.epoch, error.code, error.message);
  }
}
