/**
 * Which device quantity plays which part in the gateway's evidence. A source is configured with
 * the name the protocol gives each quantity (an OPC UA node, a Sparkplug metric) by role, and
 * hands the gateway readings named as the gateway expects (GatewayMetrics, SunSpec's point names
 * by default), so produceDay needs no per-protocol configuration. The protocol's own name stays
 * in the reading's raw form, for audits.
 */
import { failWith, type Outcome, ok } from '@mycel/kernel';
import { type GatewayMetrics, SUNSPEC_METRICS } from '../gateway/interval-evidence.js';
import type { SourceErrorCode } from './source-error-codes.js';

/** The gateway's quantities, plus the revenue meter's power (audit only, not evidence). */
export type SourceRole = keyof GatewayMetrics | 'meterPower';

/** Metric name of the revenue meter's active power: no GatewayMetrics role reads it. */
export const SOURCE_METER_POWER_METRIC = 'MeterW';

/** One configured quantity: the protocol's name for it and the metric the gateway gets. */
export interface RoleBinding {
  readonly role: SourceRole;
  readonly sourceName: string;
  readonly metric: string;
}

/** The bindings of `names` (role → protocol name), or source_options_invalid. */
export function bindRoles(
  names: Readonly<Partial<Record<SourceRole, string>>>,
  metrics: GatewayMetrics = SUNSPEC_METRICS,
): Outcome<readonly RoleBinding[], SourceErrorCode> {
  const bindings: RoleBinding[] = [];
  const seen = new Set<string>();
  for (const [role, sourceName] of Object.entries(names) as [SourceRole, string | undefined][]) {
    if (sourceName === undefined) continue;
    if (sourceName.length === 0 || seen.has(sourceName)) {
      return failWith(
        'source_options_invalid',
        `role ${role} names ${sourceName.length === 0 ? 'nothing' : `${sourceName}, already bound to another role`}`,
      );
    }
    seen.add(sourceName);
    const metric = role === 'meterPower' ? SOURCE_METER_POWER_METRIC : metrics[role];
    bindings.push({ role, sourceName, metric });
  }
  if (bindings.length === 0) {
    return failWith('source_options_invalid', 'no quantity is bound to a role');
  }
  return ok(bindings);
}
