/**
 * Carrying out what the core decided (CoreEffect): health probes of suspected nodes, closing the
 * links of failed ones, telling nodes about membership changes, writing moved sessions to the
 * journal and handing their checkpoints to their new nodes, and logging each step.
 */
import type { SessionStore } from '@mycel/store';
import { CITY_HEADER, type CoordinatorFrame, type LatencyEmulation } from '@mycel/wire';
import type { Logger } from 'pino';
import type { CoordinatorCore, CoreEffect } from './coordinator-core.js';
import type { CoordinatorMetrics } from './coordinator-metrics.js';
import { probeNodeHealth } from './health-probe.js';

export interface EffectContext {
  readonly core: CoordinatorCore;
  readonly logger: Logger;
  readonly probeTimeoutMs: number;
  readonly emulation: LatencyEmulation | undefined;
  /** Aborted when the coordinator stops: probes in flight are dropped. */
  readonly stopping: AbortSignal;
  closeLink(node: string, reason: string): void;
  membershipChanged(): void;
  readonly store: SessionStore;
  readonly metrics: CoordinatorMetrics;
  /** Writes changed sessions durably (session-journal.ts). */
  flushJournal(): Promise<void>;
  sendTo(node: string, frame: CoordinatorFrame): boolean;
}

export type ApplyEffects = (effects: readonly CoreEffect[]) => void;

export function effectApplier(context: EffectContext): ApplyEffects {
  const { core, logger } = context;
  const apply: ApplyEffects = (effects) => {
    for (const effect of effects) {
      switch (effect.type) {
        case 'probe':
          logger.info({ node: effect.node, endpoint: effect.endpoint }, 'probing suspected node');
          void probe(effect.node, effect.endpoint);
          break;
        case 'node-suspected':
          logger.warn({ node: effect.node, reason: effect.reason }, 'node suspected');
          break;
        case 'node-recovered':
          logger.info({ node: effect.node }, 'suspected node answered: alive');
          break;
        case 'node-failed':
          logger.error(
            { node: effect.node, reason: effect.reason, sessions: effect.sessions.length },
            'node failure confirmed; its sessions move',
          );
          context.closeLink(effect.node, 'node_failed');
          break;
        case 'session-moving':
          context.metrics.moves.inc({ reason: effect.reason });
          logger.warn(
            { sid: effect.sid, from: effect.from, epoch: effect.epoch, reason: effect.reason },
            'session moving',
          );
          void persist();
          break;
        case 'session-placed':
          logger.info(
            { sid: effect.sid, node: effect.node, epoch: effect.epoch },
            'session placed',
          );
          void persist();
          break;
        case 'session-failed':
          logger.error({ sid: effect.sid, reason: effect.reason }, 'session failed');
          void persist();
          break;
        case 'restore':
          void restore(effect.node, effect.sid, effect.epoch, effect.digest);
          break;
        case 'session-expired':
          logger.info({ sid: effect.sid, node: effect.node }, 'session never attached: released');
          break;
        case 'membership-changed':
          context.membershipChanged();
          break;
      }
    }
  };

  async function persist(): Promise<void> {
    try {
      await context.flushJournal();
    } catch (error) {
      logger.error({ err: error }, 'session journal write failed');
    }
  }

  /** The new node gets the checkpoint before the client can bring it a ticket naming it. */
  async function restore(node: string, sid: string, epoch: number, digest: string): Promise<void> {
    try {
      const checkpoint = await context.store.checkpoint(digest);
      if (checkpoint === undefined) {
        logger.error({ sid, digest }, 'the checkpoint to restore is not in the store');
        return;
      }
      // The frame names the new epoch; the content is the checkpoint as stored (its digest).
      const sent = context.sendTo(node, {
        t: 'restore',
        epoch,
        checkpoint: { ...checkpoint, output: [...checkpoint.output] },
      });
      if (!sent) logger.warn({ sid, node }, 'restore not sent: the node has no link');
    } catch (error) {
      logger.error({ err: error, sid }, 'reading the checkpoint to restore failed');
    }
  }

  async function probe(node: string, endpoint: string): Promise<void> {
    const emulation = context.emulation;
    const headers: Record<string, string> =
      emulation === undefined ? {} : { [CITY_HEADER]: emulation.city };
    const result = await probeNodeHealth(endpoint, context.probeTimeoutMs, {
      signal: context.stopping,
      headers,
    });
    if (context.stopping.aborted) return;
    apply(
      result.ok
        ? core.probeAnswered(node, Date.now())
        : core.probeFailed(node, result.reason, Date.now()),
    );
  }

  return apply;
}
