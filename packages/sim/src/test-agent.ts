/**
 * The synthetic agent every simulated session runs. Its state is the list of turn numbers it
 * applied, in order, so a checkpoint shows at a glance whether a turn was lost or applied twice;
 * each turn's chunks are derived from (seq, applied.length), so a turn run from the wrong state
 * produces different chunks than the client application was promised. A turn whose input says
 * `fail` sends its first chunk and then fails (it is settled, acknowledged and not applied).
 * Pure: the node's simulated inference plane paces the chunks on the virtual clock.
 */
import type { JsonValue } from '@mycel/kernel';
import type { WireErrorCode } from '@mycel/wire';
import { AGENT_CHUNKS_MAX } from './limits.js';

/** The only agent the simulated nodes list and the simulated clients open. */
export const SIM_AGENT = 'sim-agent';

export interface AgentState {
  readonly applied: readonly number[];
}

export interface TurnInput {
  /** The turn's number as its client gave it (for reading traces). */
  readonly n: number;
  /** The agent fails this turn after its first chunk. */
  readonly fail: boolean;
}

export type AgentOutcome =
  | { readonly ok: true; readonly state: JsonValue }
  | { readonly ok: false; readonly code: WireErrorCode; readonly message: string };

export interface AgentTurn {
  readonly chunks: readonly string[];
  readonly outcome: AgentOutcome;
}

export function initialAgentState(): JsonValue {
  return { applied: [] };
}

/** The chunks turn `seq` produces after `appliedLength` applied turns: a pure function. */
export function agentChunks(seq: number, appliedLength: number): string[] {
  const count = 1 + ((seq * 7 + appliedLength * 3) % AGENT_CHUNKS_MAX);
  const chunks: string[] = [];
  for (let n = 0; n < count; n++) chunks.push(`${seq}.${appliedLength}.${n}`);
  return chunks;
}

/** The applied list of a state, or undefined when the state is not the agent's. */
export function appliedOf(state: unknown): readonly number[] | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const applied = (state as { applied?: unknown }).applied;
  if (!Array.isArray(applied) || !applied.every((seq) => Number.isSafeInteger(seq))) {
    return undefined;
  }
  return applied as number[];
}

export function isFailingInput(input: unknown): boolean {
  return typeof input === 'object' && input !== null && (input as { fail?: unknown }).fail === true;
}

/** Turn `seq` with `input` from `state`: its chunks and how it ends. */
export function agentTurn(state: JsonValue, seq: number, input: JsonValue): AgentTurn {
  const applied = appliedOf(state);
  if (applied === undefined) {
    return {
      chunks: [],
      outcome: { ok: false, code: 'turn_failed', message: 'the state is not the agent state' },
    };
  }
  const chunks = agentChunks(seq, applied.length);
  if (isFailingInput(input)) {
    return {
      chunks: chunks.slice(0, 1),
      outcome: { ok: false, code: 'turn_failed', message: `turn ${seq} fails on purpose` },
    };
  }
  return { chunks, outcome: { ok: true, state: { applied: [...applied, seq] } } };
}
