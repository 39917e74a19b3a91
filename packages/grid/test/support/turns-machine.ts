/**
 * Builders and steps for the turn-machine tests: a fresh machine, turn events, running a turn to
 * its checkpoint and settling it.
 */
import {
  startTurns,
  type TurnsEffect,
  type TurnsEvent,
  type TurnsState,
  transitionTurns,
} from '@mycel/grid';
import type { JsonValue } from '@mycel/kernel';
import type { NodeFrame, SessionCheckpoint, WireErrorCode } from '@mycel/wire';
import { expect } from 'vitest';
export const SID = 'sess-turns-1';
export const EPOCH = 3;
export const AGENT = 'tutor';

export function fresh(overrides: Partial<Parameters<typeof startTurns>[0]> = {}): TurnsState {
  return startTurns({
    sid: SID,
    epoch: EPOCH,
    agent: AGENT,
    state: { count: 0 },
    seq: 0,
    turns: 0,
    last: undefined,
    ...overrides,
  });
}

export const step = (state: TurnsState, event: TurnsEvent) => transitionTurns(state, event);

export const turn = (seq: number, input: JsonValue = `q${seq}`, inputBytes = 8): TurnsEvent => ({
  type: 'turn',
  seq,
  input,
  inputBytes,
});

/** The single checkpoint effect of a transition. */
export function checkpointOf(effects: readonly TurnsEffect[]): SessionCheckpoint {
  expect(effects).toHaveLength(1);
  const effect = effects[0];
  if (effect?.type !== 'checkpoint') throw new Error(`expected a checkpoint, got ${effect?.type}`);
  return effect.checkpoint;
}

export const send = (frame: NodeFrame): TurnsEffect => ({ type: 'send', frame });

/** Runs turn `seq` to its checkpoint: accepted, chunks, then finished or failed. */
export function runToCheckpoint(
  state: TurnsState,
  seq: number,
  chunks: readonly JsonValue[],
  outcome:
    | { readonly finish: JsonValue }
    | { readonly fail: WireErrorCode; readonly message: string },
): { state: TurnsState; checkpoint: SessionCheckpoint } {
  let current = step(state, turn(seq)).state;
  for (const data of chunks) current = step(current, { type: 'chunk', seq, data }).state;
  const ended =
    'finish' in outcome
      ? step(current, { type: 'finished', seq, state: outcome.finish })
      : step(current, { type: 'failed', seq, code: outcome.fail, message: outcome.message });
  return { state: ended.state, checkpoint: checkpointOf(ended.effects) };
}

/** Runs and acknowledges turn `seq`; returns the state after the ack. */
export function settleTurn(
  state: TurnsState,
  seq: number,
  chunks: readonly JsonValue[],
  outcome: Parameters<typeof runToCheckpoint>[3],
): TurnsState {
  const { state: settling, checkpoint } = runToCheckpoint(state, seq, chunks, outcome);
  return step(settling, { type: 'checkpoint-ack', seq, digest: checkpoint.digest }).state;
}
