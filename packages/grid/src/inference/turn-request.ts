/**
 * What the node daemon asks of the inference plane, and what it gets back. Workers keep nothing
 * between requests: the state travels with each turn and comes back in its outcome, so the host
 * owns every checkpoint and any worker can serve any session.
 */
import type { JsonValue, Outcome } from '@mycel/kernel';
import type { InferenceErrorCode } from './inference-error-codes.js';

/** A built-in agent by name, or an installed bundle (see assets/bundle-cache.ts). */
export type AgentRef =
  | { kind: 'builtin'; name: string }
  | { kind: 'bundle'; id: string; entryPath: string };

export interface InitRequest {
  sid: string;
  agent: AgentRef;
  config?: JsonValue;
  /** Defaults to AGENT_INIT_TIMEOUT_MS. */
  timeoutMs?: number;
}

export interface TurnRequest {
  sid: string;
  seq: number;
  agent: AgentRef;
  /** The session state after the previous turn (or from init). */
  state: JsonValue;
  /** The client's input (attacker-controlled). */
  input: JsonValue;
  /**
   * At most TURN_TIMEOUT_MS_MAX, counted from the call (waiting for a worker that is still
   * starting counts). A turn that runs past it fails with `turn_timeout` and costs its worker.
   */
  timeoutMs: number;
}

export type InitOutcome = Outcome<JsonValue, InferenceErrorCode>;

export type TurnOutcome =
  | { ok: true; value: { state: JsonValue; chunks: number } }
  | { ok: false; error: { code: InferenceErrorCode; message: string } };

export type WorkerState = 'starting' | 'ready' | 'gone';

export interface WorkerHealth {
  index: number;
  pid: number | undefined;
  /** Ready and making progress. */
  alive: boolean;
  /** Requests in flight, including cancelled ones that have not stopped yet. */
  busy: number;
  /** Time since the worker last reported progress (since it was started, while it starts). */
  lastProgressAgoMs: number;
  /** How many times this slot's worker was replaced. */
  restarts: number;
  state: WorkerState;
}
