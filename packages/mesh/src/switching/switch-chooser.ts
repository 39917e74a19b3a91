/**
 * Whether a node should move to another coordinator (ARCHITECTURE §6, docs/spec/mmp-switching.md):
 * a pure hysteresis rule over RTT samples. The node feeds RTT samples to its current coordinator
 * and to the candidates as they come, and closes a round now and then; a round compares medians
 * of the recent samples. The node moves only when the same candidate is below ratio × current in
 * `rounds` rounds in a row, and not within the hold-down after its last move. Time comes in as
 * `nowMs`; nothing here reads a clock.
 */
import { ok } from '@mycel/kernel';
import {
  RTT_SAMPLE_MS_MAX,
  SWITCH_CONSECUTIVE_ROUNDS,
  SWITCH_COORDINATORS_MAX,
  SWITCH_HOLD_DOWN_MS,
  SWITCH_HOLD_DOWN_MS_MAX,
  SWITCH_HOLD_DOWN_MS_MIN,
  SWITCH_RTT_RATIO,
  SWITCH_SAMPLES_KEPT,
  SWITCH_SAMPLES_MIN,
} from '../limits.js';
import { type MeshResult, meshFail } from '../mesh-error.js';

export interface SwitchConfig {
  /** A candidate counts as closer below ratio × the current median (SWITCH_RTT_RATIO). */
  readonly ratio: number;
  /** Rounds in a row (SWITCH_CONSECUTIVE_ROUNDS). */
  readonly rounds: number;
  /** No move within this long after the last one (SWITCH_HOLD_DOWN_MS). */
  readonly holdDownMs: number;
}

export const DEFAULT_SWITCH_CONFIG: SwitchConfig = {
  ratio: SWITCH_RTT_RATIO,
  rounds: SWITCH_CONSECUTIVE_ROUNDS,
  holdDownMs: SWITCH_HOLD_DOWN_MS,
};

export interface SwitchState {
  readonly config: SwitchConfig;
  /** The coordinator the node is attached to; undefined before the first attach. */
  readonly current: string | undefined;
  /** The most recent samples per coordinator, oldest first, at most SWITCH_SAMPLES_KEPT. */
  readonly samples: ReadonlyMap<string, readonly number[]>;
  /** The candidate that was clearly closer in the last rounds, and in how many in a row. */
  readonly streak: { readonly candidate: string; readonly rounds: number } | undefined;
  /** When the node last moved or re-attached; -Infinity before that. */
  readonly lastMoveMs: number;
}

export type SwitchDecision =
  | { readonly type: 'stay'; readonly reason: StayReason }
  | {
      readonly type: 'switch';
      readonly from: string;
      readonly to: string;
      readonly currentMedianMs: number;
      readonly candidateMedianMs: number;
    };

export type StayReason =
  | 'not_attached'
  | 'too_few_samples'
  | 'no_closer_candidate'
  | 'streak_building'
  | 'hold_down';

/** Checks a caller's options; missing fields take the defaults. */
export function switchConfig(options: Partial<SwitchConfig> = {}): MeshResult<SwitchConfig> {
  const config = { ...DEFAULT_SWITCH_CONFIG, ...options };
  if (!(Number.isFinite(config.ratio) && config.ratio > 0 && config.ratio < 1)) {
    return meshFail('switch_config_invalid', `ratio ${config.ratio} is not in (0, 1)`);
  }
  if (!(Number.isSafeInteger(config.rounds) && config.rounds >= 1)) {
    return meshFail('switch_config_invalid', `rounds ${config.rounds} is not a whole number ≥ 1`);
  }
  const hold = config.holdDownMs;
  if (
    !(Number.isFinite(hold) && hold >= SWITCH_HOLD_DOWN_MS_MIN && hold <= SWITCH_HOLD_DOWN_MS_MAX)
  ) {
    return meshFail(
      'switch_config_invalid',
      `holdDownMs ${hold} is not within ${SWITCH_HOLD_DOWN_MS_MIN}..${SWITCH_HOLD_DOWN_MS_MAX}`,
    );
  }
  return ok(config);
}

/** A chooser not attached anywhere yet. */
export function initialSwitchState(config: SwitchConfig = DEFAULT_SWITCH_CONFIG): SwitchState {
  return {
    config,
    current: undefined,
    samples: new Map(),
    streak: undefined,
    lastMoveMs: Number.NEGATIVE_INFINITY,
  };
}

/**
 * The node attached to `coordinator`: the first attach, or a re-attach after its coordinator
 * died. A re-attach (`holdDown`) starts a hold-down like a switch does; the first attach does not.
 */
export function attachedTo(
  state: SwitchState,
  coordinator: string,
  nowMs: number,
  holdDown: boolean,
): SwitchState {
  return {
    ...state,
    current: coordinator,
    streak: undefined,
    lastMoveMs: holdDown ? nowMs : state.lastMoveMs,
  };
}

/** Adds one RTT sample (attacker-influenced: a slow peer chooses its RTT) to a coordinator's window. */
export function recordSample(
  state: SwitchState,
  coordinator: string,
  rttMs: number,
): MeshResult<SwitchState> {
  if (typeof coordinator !== 'string' || coordinator.length === 0) {
    return meshFail('switch_sample_invalid', 'a sample must name its coordinator');
  }
  if (
    !(
      typeof rttMs === 'number' &&
      Number.isFinite(rttMs) &&
      rttMs > 0 &&
      rttMs <= RTT_SAMPLE_MS_MAX
    )
  ) {
    return meshFail('switch_sample_invalid', `RTT ${rttMs} is not in (0, ${RTT_SAMPLE_MS_MAX}] ms`);
  }
  const known = state.samples.get(coordinator);
  if (known === undefined && state.samples.size >= SWITCH_COORDINATORS_MAX) {
    return meshFail(
      'switch_too_many_coordinators',
      `already tracking ${SWITCH_COORDINATORS_MAX} coordinators`,
    );
  }
  const window = [...(known ?? []), rttMs].slice(-SWITCH_SAMPLES_KEPT);
  const samples = new Map(state.samples);
  samples.set(coordinator, window);
  return ok({ ...state, samples });
}

/** Forgets a coordinator's samples (it was removed from the seed list, or it died). */
export function forgetCoordinator(state: SwitchState, coordinator: string): SwitchState {
  if (!state.samples.has(coordinator)) return state;
  const samples = new Map(state.samples);
  samples.delete(coordinator);
  const streak = state.streak?.candidate === coordinator ? undefined : state.streak;
  return { ...state, samples, streak };
}

/** The median of a coordinator's recent samples, once it has SWITCH_SAMPLES_MIN of them. */
export function medianRttMs(state: SwitchState, coordinator: string): number | undefined {
  const window = state.samples.get(coordinator);
  if (window === undefined || window.length < SWITCH_SAMPLES_MIN) return undefined;
  const sorted = [...window].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Closes a round: compares the best candidate's median with the current coordinator's, updates
 * the streak, and says whether to move now. A move resets the streak and starts the hold-down.
 */
export function closeRound(
  state: SwitchState,
  nowMs: number,
): { readonly state: SwitchState; readonly decision: SwitchDecision } {
  const stay = (reason: StayReason, next: SwitchState = state) => ({
    state: next,
    decision: { type: 'stay', reason } as const,
  });
  const current = state.current;
  if (current === undefined) return stay('not_attached');
  const currentMedianMs = medianRttMs(state, current);
  if (currentMedianMs === undefined) return stay('too_few_samples');
  const best = bestCandidate(state, current);
  if (best === undefined || best.medianMs >= state.config.ratio * currentMedianMs) {
    return stay('no_closer_candidate', { ...state, streak: undefined });
  }
  const rounds = state.streak?.candidate === best.coordinator ? state.streak.rounds + 1 : 1;
  const streak = { candidate: best.coordinator, rounds };
  if (rounds < state.config.rounds) return stay('streak_building', { ...state, streak });
  if (nowMs - state.lastMoveMs < state.config.holdDownMs) {
    return stay('hold_down', { ...state, streak });
  }
  return {
    state: { ...state, current: best.coordinator, streak: undefined, lastMoveMs: nowMs },
    decision: {
      type: 'switch',
      from: current,
      to: best.coordinator,
      currentMedianMs,
      candidateMedianMs: best.medianMs,
    },
  };
}

/** The candidate with the lowest median (ties: the smaller id, so the answer is deterministic). */
function bestCandidate(
  state: SwitchState,
  current: string,
): { readonly coordinator: string; readonly medianMs: number } | undefined {
  let best: { coordinator: string; medianMs: number } | undefined;
  for (const coordinator of state.samples.keys()) {
    if (coordinator === current) continue;
    const medianMs = medianRttMs(state, coordinator);
    if (medianMs === undefined) continue;
    if (
      best === undefined ||
      medianMs < best.medianMs ||
      (medianMs === best.medianMs && coordinator < best.coordinator)
    ) {
      best = { coordinator, medianMs };
    }
  }
  return best;
}
