/**
 * Configuration of one SWIM member, its defaults (memberlist's LAN profile) and its check.
 * `lifeguard: false` runs plain SWIM on the same code: fixed suspicion timeout, no local health
 * multiplier, no nacks, no buddy system.
 */
import { ok } from '@mycel/kernel';
import {
  SWIM_DEAD_RETAIN_MS_DEFAULT,
  SWIM_INDIRECT_PROBES_DEFAULT,
  SWIM_INDIRECT_PROBES_MAX,
  SWIM_LOCAL_HEALTH_MAX,
  SWIM_PROBE_INTERVAL_MS_DEFAULT,
  SWIM_PROBE_TIMEOUT_MS_DEFAULT,
  SWIM_RETRANSMIT_MULTIPLIER_DEFAULT,
  SWIM_SUSPICION_MAX_MULTIPLIER_DEFAULT,
  SWIM_SUSPICION_MULTIPLIER_DEFAULT,
  SWIM_SYNC_INTERVAL_MS_DEFAULT,
  SWIM_TIMER_MS_MAX,
  SWIM_TIMER_MS_MIN,
} from '../limits.js';
import { type MeshResult, meshFail } from '../mesh-error.js';
import { isSwimId } from './swim-messages.js';

export interface SwimConfig {
  /** This member's id (the UDP shell uses its did:key). */
  readonly id: string;
  /** Where others reach this member; opaque to the protocol. */
  readonly address: string;
  /** Lifeguard's refinements on (true) or plain SWIM (false). */
  readonly lifeguard: boolean;
  /** A seeded PRNG giving numbers in [0, 1): the core's only source of randomness. */
  readonly random: () => number;
  readonly probeIntervalMs?: number;
  readonly probeTimeoutMs?: number;
  /** SWIM's k. */
  readonly indirectProbes?: number;
  /** α: see swim-suspicion.ts. */
  readonly suspicionMultiplier?: number;
  /** β: see swim-suspicion.ts. */
  readonly suspicionMaxMultiplier?: number;
  /** λ: see swim-broadcasts.ts. */
  readonly retransmitMultiplier?: number;
  readonly syncIntervalMs?: number;
  readonly deadRetainMs?: number;
  /** Highest local health multiplier (Lifeguard's S). */
  readonly localHealthMax?: number;
}

export type SwimSettings = Required<SwimConfig>;

function isTimer(value: number): boolean {
  return Number.isFinite(value) && value >= SWIM_TIMER_MS_MIN && value <= SWIM_TIMER_MS_MAX;
}

function isSmallInteger(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** Fills in defaults and checks every value. */
export function checkSwimConfig(config: SwimConfig): MeshResult<SwimSettings> {
  const settings: SwimSettings = {
    probeIntervalMs: SWIM_PROBE_INTERVAL_MS_DEFAULT,
    probeTimeoutMs: SWIM_PROBE_TIMEOUT_MS_DEFAULT,
    indirectProbes: SWIM_INDIRECT_PROBES_DEFAULT,
    suspicionMultiplier: SWIM_SUSPICION_MULTIPLIER_DEFAULT,
    suspicionMaxMultiplier: SWIM_SUSPICION_MAX_MULTIPLIER_DEFAULT,
    retransmitMultiplier: SWIM_RETRANSMIT_MULTIPLIER_DEFAULT,
    syncIntervalMs: SWIM_SYNC_INTERVAL_MS_DEFAULT,
    deadRetainMs: SWIM_DEAD_RETAIN_MS_DEFAULT,
    localHealthMax: SWIM_LOCAL_HEALTH_MAX,
    ...config,
  };
  const problems: string[] = [];
  if (!isSwimId(settings.id)) problems.push('id');
  if (typeof settings.address !== 'string' || settings.address.length === 0) {
    problems.push('address');
  }
  if (typeof settings.lifeguard !== 'boolean') problems.push('lifeguard');
  if (typeof settings.random !== 'function') problems.push('random');
  for (const name of [
    'probeIntervalMs',
    'probeTimeoutMs',
    'syncIntervalMs',
    'deadRetainMs',
  ] as const) {
    if (!isTimer(settings[name])) problems.push(name);
  }
  if (settings.probeTimeoutMs > settings.probeIntervalMs) problems.push('probeTimeoutMs');
  if (!isSmallInteger(settings.indirectProbes, 0, SWIM_INDIRECT_PROBES_MAX)) {
    problems.push('indirectProbes');
  }
  if (!isSmallInteger(settings.suspicionMultiplier, 1, 100)) problems.push('suspicionMultiplier');
  if (!isSmallInteger(settings.suspicionMaxMultiplier, 1, 100)) {
    problems.push('suspicionMaxMultiplier');
  }
  if (!isSmallInteger(settings.retransmitMultiplier, 1, 100)) problems.push('retransmitMultiplier');
  if (!isSmallInteger(settings.localHealthMax, 0, SWIM_LOCAL_HEALTH_MAX)) {
    problems.push('localHealthMax');
  }
  if (problems.length > 0) {
    return meshFail('swim_config_invalid', `out of range: ${[...new Set(problems)].join(', ')}`);
  }
  return ok(settings);
}
