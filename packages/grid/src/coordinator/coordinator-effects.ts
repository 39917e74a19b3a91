/**
 * Carrying out what the core decided (CoreEffect): health probes of suspected nodes, closing the
 * links of failed ones, telling nodes about membership changes, and logging each step.
 */
import { CITY_HEADER, type LatencyEmulation } from '@mycel/wire';
import type { Logger } from 'pino';
import type { CoordinatorCore, CoreEffect } from './coordinator-core.js';
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
            'node failure confirmed; its sessions failed',
          );
          context.closeLink(effect.node, 'node_failed');
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
