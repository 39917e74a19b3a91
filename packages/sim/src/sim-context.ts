/**
 * What every simulated actor shares: the scheduler (virtual clock, PRNG, agenda), the network,
 * the oracle that watches for invariant violations, and the run's counters.
 */
import type { Network } from './network.js';
import type { Oracle } from './oracle.js';
import type { Scheduler } from './scheduler.js';

export const FAULT_KINDS = [
  'node-crash',
  'node-partition',
  'connection-break',
  'delay-spike',
  'coordinator-restart',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Counts {
  readonly faults: Record<FaultKind, number>;
  /** Sessions the coordinator moved to a new epoch (session-moving effects). */
  moves: number;
  /** Turn acknowledgements (done, or a settled turn's error) client applications received. */
  turnsAcknowledged: number;
  /** Invariant evaluations: one per session checked per step, plus the step-wide ones. */
  invariantChecks: number;
  sessionsOpened: number;
  sessionsClosed: number;
  /** Client sessions resumed on a node after losing one. */
  resumes: number;
  /** Sessions that ended failed for their client, by code. */
  readonly sessionsFailed: Record<string, number>;
  /** Opens the client gave up on, by code. */
  readonly opensFailed: Record<string, number>;
  /** `restore` effects whose checkpoint the store no longer had (nothing was sent). */
  restoresMissing: number;
  /** Turns acknowledged failed although their input did not ask the agent to fail, by code. */
  readonly turnsFailedUnasked: Record<string, number>;
}

export function emptyCounts(): Counts {
  return {
    faults: {
      'node-crash': 0,
      'node-partition': 0,
      'connection-break': 0,
      'delay-spike': 0,
      'coordinator-restart': 0,
    },
    moves: 0,
    turnsAcknowledged: 0,
    invariantChecks: 0,
    sessionsOpened: 0,
    sessionsClosed: 0,
    resumes: 0,
    sessionsFailed: {},
    opensFailed: {},
    restoresMissing: 0,
    turnsFailedUnasked: {},
  };
}

export function countCode(tally: Record<string, number>, code: string): void {
  tally[code] = (tally[code] ?? 0) + 1;
}

export interface SimContext {
  readonly scheduler: Scheduler;
  readonly network: Network;
  readonly oracle: Oracle;
  readonly counts: Counts;
}

/** The coordinator's network name. */
export const COORDINATOR_ID = 'co';

/** The endpoint a node registers (clients connect to it; the coordinator probes it). */
export function nodeEndpoint(id: string): string {
  return `http://${id}.sim`;
}

/** The node actor an endpoint names, or undefined when it names none. */
export function actorOfEndpoint(endpoint: string): string | undefined {
  return /^http:\/\/(n\d+)\.sim$/.exec(endpoint)?.[1];
}
