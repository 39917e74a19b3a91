/**
 * Failure detection for one node, as a pure state machine (ARCHITECTURE §5.3: suspected after
 * missed heartbeats, confirmed before anything is moved). A node is SUSPECTED after
 * `missedToSuspect` heartbeat intervals of silence or when its control link closes; a suspected
 * node takes no new sessions and is probed independently (GET /v1/health on the node). Only a
 * failed probe, or `confirmMs` more silence, makes it FAILED; a probe that answers, a heartbeat or
 * a registration makes it ALIVE again. A busy machine that answers its health check keeps its
 * sessions.
 */
import type { NodeState } from './node-table.js';

export interface Liveness {
  readonly phase: NodeState;
  /** Last heartbeat, registration or answered probe. */
  readonly lastHeardMs: number;
  readonly suspectedAtMs: number;
  readonly probing: boolean;
  /**
   * When a health probe last answered: the node's own HTTP endpoint was reachable then (a
   * heartbeat only proves its control link is).
   */
  readonly probeAnsweredMs: number;
}

export interface FailureDetectorConfig {
  readonly heartbeatMs: number;
  readonly missedToSuspect: number;
  readonly confirmMs: number;
}

export type LivenessEvent =
  | { readonly type: 'registered' }
  | { readonly type: 'heartbeat' }
  | { readonly type: 'link-closed' }
  /** A session's client lost its connection to the node: a reason to look, not a verdict. */
  | { readonly type: 'client-report' }
  | { readonly type: 'probe-answered' }
  | { readonly type: 'probe-failed'; readonly reason: string }
  | { readonly type: 'tick' };

export type LivenessEffect =
  | { readonly type: 'node-suspected'; readonly reason: string }
  | { readonly type: 'probe' }
  | { readonly type: 'node-recovered' }
  | { readonly type: 'node-failed'; readonly reason: string };

export interface LivenessTransition {
  readonly state: Liveness;
  readonly effects: readonly LivenessEffect[];
}

const NO_EFFECTS: readonly LivenessEffect[] = [];

export function initialLiveness(nowMs: number): Liveness {
  return {
    phase: 'alive',
    lastHeardMs: nowMs,
    suspectedAtMs: 0,
    probing: false,
    probeAnsweredMs: 0,
  };
}

export function livenessTransition(
  state: Liveness,
  event: LivenessEvent,
  nowMs: number,
  config: FailureDetectorConfig,
): LivenessTransition {
  switch (event.type) {
    case 'registered':
      return heard(state, nowMs, state.phase === 'suspected');
    case 'heartbeat':
      // A failed node must register again: its sessions were already given up.
      if (state.phase === 'failed') return { state, effects: NO_EFFECTS };
      return heard(state, nowMs, state.phase === 'suspected');
    case 'probe-answered': {
      const answered = { ...state, probeAnsweredMs: nowMs };
      if (state.phase !== 'suspected')
        return { state: { ...answered, probing: false }, effects: NO_EFFECTS };
      return heard(answered, nowMs, true);
    }
    case 'probe-failed':
      if (state.phase !== 'suspected')
        return { state: { ...state, probing: false }, effects: NO_EFFECTS };
      return failed(state, `health probe failed: ${event.reason}`);
    case 'link-closed':
      return state.phase === 'alive'
        ? suspect(state, nowMs, 'control link closed')
        : { state, effects: NO_EFFECTS };
    case 'client-report':
      return state.phase === 'alive' && !state.probing
        ? suspect(state, nowMs, 'a client lost its connection to the node')
        : { state, effects: NO_EFFECTS };
    case 'tick':
      return tick(state, nowMs, config);
  }
}

function tick(state: Liveness, nowMs: number, config: FailureDetectorConfig): LivenessTransition {
  if (state.phase === 'alive') {
    const silentMs = nowMs - state.lastHeardMs;
    if (silentMs >= config.heartbeatMs * config.missedToSuspect) {
      return suspect(state, nowMs, `no heartbeat for ${silentMs} ms`);
    }
  } else if (state.phase === 'suspected' && nowMs - state.suspectedAtMs >= config.confirmMs) {
    return failed(state, `silent for ${nowMs - state.lastHeardMs} ms and no probe answered`);
  }
  return { state, effects: NO_EFFECTS };
}

function heard(state: Liveness, nowMs: number, recovered: boolean): LivenessTransition {
  return {
    state: {
      phase: 'alive',
      lastHeardMs: nowMs,
      suspectedAtMs: 0,
      probing: false,
      probeAnsweredMs: state.probeAnsweredMs,
    },
    effects: recovered ? [{ type: 'node-recovered' }] : NO_EFFECTS,
  };
}

function suspect(state: Liveness, nowMs: number, reason: string): LivenessTransition {
  return {
    state: { ...state, phase: 'suspected', suspectedAtMs: nowMs, probing: true },
    effects: [{ type: 'node-suspected', reason }, { type: 'probe' }],
  };
}

function failed(state: Liveness, reason: string): LivenessTransition {
  return {
    state: { ...state, phase: 'failed', probing: false },
    effects: [{ type: 'node-failed', reason }],
  };
}
