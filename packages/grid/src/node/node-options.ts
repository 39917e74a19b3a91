/** What startNode takes, and the checks made before anything starts. */
import { parseDidKey } from '@mycel/kernel';
import { checkSeedList, SWITCH_HOLD_DOWN_MS_MAX, SWITCH_HOLD_DOWN_MS_MIN } from '@mycel/mesh';
import type { ClassCapacity, LatencyEmulation } from '@mycel/wire';
import type { Logger } from 'pino';
import type { BackendConfig } from '../agents/backend-spec.js';
import {
  COORDINATOR_LOSS_GRACE_MS_MIN,
  SEED_PROBE_INTERVAL_MS_MIN,
  TURN_TIMEOUT_MS_MAX,
  USAGE_INTERVAL_MS_MAX,
  USAGE_INTERVAL_MS_MIN,
  WORKER_POOL_SIZE_MAX,
} from '../limits.js';
import { NodeStartError } from './node-error-codes.js';

export interface NodeOptions {
  /** The data folder: identity key and settings (defaultNodeDataDir() in the CLI). */
  readonly dataDir: string;
  /** The coordinator's HTTP base URL; the control link goes to its `/v1/nodes/link`. */
  readonly coordinatorUrl: string;
  readonly label?: string;
  /** Interface to listen on (default 127.0.0.1). */
  readonly host?: string;
  /** Port to listen on (default 0: any free port). */
  readonly port?: number;
  /** The URL clients reach this node at, when it is not `http://host:port`. */
  readonly endpoint?: string;
  /** Inference worker processes (default: os.availableParallelism()). */
  readonly workers?: number;
  /** Session slots per latency class; defaults in limits.ts (NODE_CLASS_SESSIONS_DEFAULT). */
  readonly capacity?: Partial<ClassCapacity>;
  /** An OpenAI-compatible model backend for agents that use one. */
  readonly backend?: BackendConfig;
  /** Pins the coordinator's did:key; otherwise the first coordinator met is pinned. */
  readonly coordinatorKey?: string;
  /** Devnet only: play a city of a measured latency matrix. */
  readonly emulation?: LatencyEmulation;
  /** A pino logger, or false for none (default: pino at info on stdout). */
  readonly logger?: Logger | false;
  /** Heartbeat interval; default is the one the coordinator asks for. */
  readonly heartbeatMs?: number;
  /** How long one turn may run (default NODE_TURN_TIMEOUT_MS). */
  readonly turnTimeoutMs?: number;
  /** How often to probe a peer for the network coordinate (default PROBE_INTERVAL_MS). */
  readonly probeIntervalMs?: number;
  /** How long a hung worker goes unnoticed (the pool's default otherwise). */
  readonly workerStallMs?: number;
  /** How long a turn waits for its checkpoint to be stored (CHECKPOINT_ACK_TIMEOUT_MS). */
  readonly checkpointAckTimeoutMs?: number;
  /** How long a session whose client dropped waits for it (SESSION_DETACHED_GRACE_MS). */
  readonly detachedGraceMs?: number;
  /** How often a long session's usage is proved to its client and coordinator (USAGE_INTERVAL_MS). */
  readonly usageIntervalMs?: number;
  /**
   * A seed list of coordinator URLs, like DNS root hints (docs/spec/mmp-switching.md): the node
   * probes them with `coordinatorUrl`, attaches to the nearest, moves to a clearly closer one and
   * re-attaches to the nearest other when its coordinator is lost.
   */
  readonly coordinators?: readonly string[];
  /** The canopy: coordinator did:keys this node accepts; tickets signed by any of them verify. */
  readonly trustedCoordinators?: readonly string[];
  /** How often the seeds are probed (SEED_PROBE_INTERVAL_MS). */
  readonly seedProbeIntervalMs?: number;
  /** No move within this long after the last one (mesh SWITCH_HOLD_DOWN_MS). */
  readonly switchHoldDownMs?: number;
  /** How long a lost coordinator may stay away before the node moves (COORDINATOR_LOSS_GRACE_MS). */
  readonly coordinatorLossGraceMs?: number;
}

/** The seed list: coordinatorUrl first, then `coordinators`, without duplicates. */
export function seedsOf(options: NodeOptions): string[] {
  const checked = checkSeedList([options.coordinatorUrl, ...(options.coordinators ?? [])]);
  if (!checked.ok) throw new NodeStartError('node_options_invalid', checked.error.message);
  return checked.value;
}

/** Throws node_options_invalid for an option out of range, before anything starts. */
export function checkOptions(options: NodeOptions): void {
  const invalid = (message: string) => new NodeStartError('node_options_invalid', message);
  try {
    const url = new URL(options.coordinatorUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw invalid(`coordinatorUrl ${JSON.stringify(options.coordinatorUrl)} is not an http(s) URL`);
  }
  const whole = (value: number | undefined, min: number, max: number) =>
    value === undefined || (Number.isSafeInteger(value) && value >= min && value <= max);
  if (!whole(options.turnTimeoutMs, 1, TURN_TIMEOUT_MS_MAX)) {
    throw invalid(`turnTimeoutMs is a whole number of ms up to ${TURN_TIMEOUT_MS_MAX}`);
  }
  if (!whole(options.workers, 1, WORKER_POOL_SIZE_MAX)) {
    throw invalid(`workers is a whole number from 1 to ${WORKER_POOL_SIZE_MAX}`);
  }
  if (!whole(options.heartbeatMs, 1, Number.MAX_SAFE_INTEGER)) {
    throw invalid('heartbeatMs is a positive whole number of ms');
  }
  if (!whole(options.checkpointAckTimeoutMs, 1, TURN_TIMEOUT_MS_MAX)) {
    throw invalid(`checkpointAckTimeoutMs is a whole number of ms up to ${TURN_TIMEOUT_MS_MAX}`);
  }
  if (!whole(options.detachedGraceMs, 0, TURN_TIMEOUT_MS_MAX)) {
    throw invalid(`detachedGraceMs is a whole number of ms up to ${TURN_TIMEOUT_MS_MAX}`);
  }
  if (!whole(options.usageIntervalMs, USAGE_INTERVAL_MS_MIN, USAGE_INTERVAL_MS_MAX)) {
    throw invalid(
      `usageIntervalMs is a whole number of ms from ${USAGE_INTERVAL_MS_MIN} to ${USAGE_INTERVAL_MS_MAX}`,
    );
  }
  if (!whole(options.probeIntervalMs, 1, Number.MAX_SAFE_INTEGER)) {
    throw invalid('probeIntervalMs is a positive whole number of ms');
  }
  if (options.coordinatorKey !== undefined && !parseDidKey(options.coordinatorKey).ok) {
    throw invalid(`coordinatorKey ${options.coordinatorKey} is not a did:key`);
  }
  checkSwitchingOptions(options, invalid);
}

/** The seed list, the canopy and the switching timers (docs/spec/mmp-switching.md). */
function checkSwitchingOptions(options: NodeOptions, invalid: (message: string) => Error): void {
  seedsOf(options);
  for (const did of options.trustedCoordinators ?? []) {
    if (typeof did !== 'string' || !parseDidKey(did).ok) {
      throw invalid(`trusted coordinator ${String(did)} is not a did:key`);
    }
  }
  const within = (value: number | undefined, min: number, max: number) =>
    value === undefined || (Number.isSafeInteger(value) && value >= min && value <= max);
  if (!within(options.seedProbeIntervalMs, SEED_PROBE_INTERVAL_MS_MIN, TURN_TIMEOUT_MS_MAX)) {
    throw invalid(`seedProbeIntervalMs is a whole number of ms from ${SEED_PROBE_INTERVAL_MS_MIN}`);
  }
  if (!within(options.switchHoldDownMs, SWITCH_HOLD_DOWN_MS_MIN, SWITCH_HOLD_DOWN_MS_MAX)) {
    throw invalid(
      `switchHoldDownMs is a whole number of ms from ${SWITCH_HOLD_DOWN_MS_MIN} to ${SWITCH_HOLD_DOWN_MS_MAX}`,
    );
  }
  if (!within(options.coordinatorLossGraceMs, COORDINATOR_LOSS_GRACE_MS_MIN, TURN_TIMEOUT_MS_MAX)) {
    throw invalid(
      `coordinatorLossGraceMs is a whole number of ms from ${COORDINATOR_LOSS_GRACE_MS_MIN}`,
    );
  }
}
