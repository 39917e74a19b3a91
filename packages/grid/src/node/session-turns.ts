/**
 * One session on a node, as a pure state machine (ARCHITECTURE §5.2): turns in, checkpoints out,
 * and a turn's last frame (`done` or `error`) held back until its checkpoint is durable at the
 * coordinator. `transitionTurns(state, event) -> { state, effects }`; the node's SessionHost and
 * the simulator (packages/sim) carry the effects out.
 *
 * Every turn the node accepts consumes its sequence number and is settled by a checkpoint, failed
 * ones too (their state is the one before, their error is kept). The last settled turn's
 * outcome is kept, so a client that re-sends that turn (its answer was lost with the old node or
 * socket) gets the same chunks and ending again instead of a second run: turns are idempotent
 * by sequence number.
 */
import type { JsonValue } from '@mycel/kernel';
import {
  type NodeFrame,
  RESUMABLE_CODES,
  RETRYABLE_CODES,
  type SessionCheckpoint,
  type SessionCheckpointBody,
  sealCheckpoint,
  type WireErrorCode,
  wireLimits,
} from '@mycel/wire';

/** How a settled turn ended, as its client is told. */
export interface SettledTurn {
  readonly seq: number;
  readonly output: readonly JsonValue[];
  readonly error: { readonly code: string; readonly message: string } | undefined;
}

export type TurnsPhase =
  /** Waiting for the next turn. */
  | 'idle'
  /** The agent runs turn `running.seq`. */
  | 'running'
  /** The turn ended; its checkpoint is at the coordinator, its last frame held back. */
  | 'settling'
  /** The node no longer serves the session (refused, handed back, or a checkpoint never came). */
  | 'dropped';

export interface TurnsState {
  readonly sid: string;
  readonly epoch: number;
  readonly agent: string;
  readonly phase: TurnsPhase;
  /** The agent state after the last settled turn. */
  readonly state: JsonValue;
  /** The last settled turn (0 before any); the next accepted turn is seq + 1. */
  readonly seq: number;
  /** Settled turns that succeeded. */
  readonly turns: number;
  /** The last settled turn's outcome, for a client that asks for it again. */
  readonly last: SettledTurn | undefined;
  /** The turn in flight (running or settling). */
  readonly running:
    | {
        readonly seq: number;
        readonly output: readonly JsonValue[];
        /** Set once the turn ended: what it settles to. */
        readonly settled?: SessionCheckpoint;
      }
    | undefined;
  /** Hand the session back (drain) at the next turn boundary. */
  readonly handBack: boolean;
}

export type TurnsEvent =
  /** A `turn` frame from the client. */
  | {
      readonly type: 'turn';
      readonly seq: number;
      readonly input: JsonValue;
      readonly inputBytes: number;
    }
  /** The agent produced a chunk of the running turn. */
  | { readonly type: 'chunk'; readonly seq: number; readonly data: JsonValue }
  /** The running turn ended: a new state, or an error (the state stays). */
  | { readonly type: 'finished'; readonly seq: number; readonly state: JsonValue }
  | {
      readonly type: 'failed';
      readonly seq: number;
      readonly code: WireErrorCode;
      readonly message: string;
    }
  /** The coordinator stored the checkpoint of turn `seq`. */
  | { readonly type: 'checkpoint-ack'; readonly seq: number; readonly digest: string }
  /** The coordinator refused the session (a newer epoch exists, it is placed elsewhere...). */
  | { readonly type: 'refused'; readonly code: WireErrorCode; readonly message: string }
  /** No acknowledgement came in time (the coordinator or the link is down). */
  | { readonly type: 'checkpoint-timeout'; readonly seq: number }
  /** The node drains: hand the session back at the next turn boundary. */
  | { readonly type: 'hand-back' };

export type TurnsEffect =
  | { readonly type: 'send'; readonly frame: NodeFrame }
  | {
      readonly type: 'run';
      readonly seq: number;
      readonly state: JsonValue;
      readonly input: JsonValue;
    }
  | { readonly type: 'abort'; readonly seq: number; readonly code: WireErrorCode }
  /** Send the checkpoint to the coordinator and start waiting for its acknowledgement. */
  | { readonly type: 'checkpoint'; readonly checkpoint: SessionCheckpoint }
  /** The session ends on this node: the client was told why (resumable codes) and may resume. */
  | { readonly type: 'drop'; readonly code: WireErrorCode };

export interface TurnsTransition {
  readonly state: TurnsState;
  readonly effects: readonly TurnsEffect[];
}

export interface TurnsStart {
  readonly sid: string;
  readonly epoch: number;
  readonly agent: string;
  readonly state: JsonValue;
  readonly seq: number;
  readonly turns: number;
  readonly last: SettledTurn | undefined;
}

export function startTurns(start: TurnsStart): TurnsState {
  return { ...start, phase: 'idle', running: undefined, handBack: false };
}

/** What a checkpoint restores: the settled state and the last outcome. */
export function turnsFromCheckpoint(checkpoint: SessionCheckpoint, epoch: number): TurnsStart {
  return {
    sid: checkpoint.sid,
    epoch,
    agent: checkpoint.agent,
    state: checkpoint.state,
    seq: checkpoint.seq,
    turns: checkpoint.turns,
    last:
      checkpoint.seq === 0
        ? undefined
        : {
            seq: checkpoint.seq,
            output: checkpoint.output,
            error: checkpoint.error,
          },
  };
}

/**
 * The turn a client that acknowledged up to `lastSeq` must send next, or why it cannot resume
 * here: the node resumes where the client's acknowledgements end, replaying the last settled
 * turn when its answer never reached the client.
 */
export function resumeSeq(
  state: TurnsState,
  lastSeq: number,
): { ok: true; nextSeq: number } | { ok: false; code: WireErrorCode; message: string } {
  if (lastSeq === state.seq) return { ok: true, nextSeq: state.seq + 1 };
  if (lastSeq === state.seq - 1 && state.last?.seq === state.seq) {
    return { ok: true, nextSeq: state.seq };
  }
  if (lastSeq > state.seq) {
    return {
      ok: false,
      code: 'resume_seq_ahead',
      message: `turn ${lastSeq} was never settled here; the last settled turn is ${state.seq}`,
    };
  }
  return {
    ok: false,
    code: 'turn_sequence_invalid',
    message: `the client acknowledged turn ${lastSeq}; turns up to ${state.seq} are settled`,
  };
}

export function transitionTurns(state: TurnsState, event: TurnsEvent): TurnsTransition {
  if (state.phase === 'dropped') return { state, effects: [] };
  switch (event.type) {
    case 'turn':
      return onTurn(state, event.seq, event.input, event.inputBytes);
    case 'chunk':
      return onChunk(state, event.seq, event.data);
    case 'finished':
      return settle(state, event.seq, event.state, undefined);
    case 'failed':
      return settle(state, event.seq, state.state, { code: event.code, message: event.message });
    case 'checkpoint-ack':
      return onAck(state, event.seq, event.digest);
    case 'refused':
      return drop(state, resumableCode(event.code), event.message);
    case 'checkpoint-timeout':
      if (state.phase !== 'settling' || state.running?.seq !== event.seq) return same(state);
      return drop(
        state,
        'checkpoint_unavailable',
        'the coordinator did not store the turn in time',
      );
    case 'hand-back':
      if (state.phase === 'idle') return drop(state, 'session_moved', 'the node is draining');
      return same({ ...state, handBack: true });
  }
}

function same(state: TurnsState): TurnsTransition {
  return { state, effects: [] };
}

function onTurn(
  state: TurnsState,
  seq: number,
  input: JsonValue,
  inputBytes: number,
): TurnsTransition {
  const refuse = (code: WireErrorCode, message: string): TurnsTransition => ({
    state,
    effects: [{ type: 'send', frame: { t: 'error', seq, code, message } }],
  });
  if (state.phase !== 'idle') {
    return refuse('turn_in_progress', `turn ${state.running?.seq ?? '?'} is still running`);
  }
  const last = state.last;
  if (last !== undefined && seq === last.seq) return { state, effects: replay(last) };
  if (seq !== state.seq + 1) {
    return refuse('turn_sequence_invalid', `expected turn ${state.seq + 1}, got turn ${seq}`);
  }
  const running = { ...state, phase: 'running' as const, running: { seq, output: [] } };
  if (inputBytes > wireLimits.TURN_INPUT_BYTES_MAX) {
    // The turn consumes its number like any other and settles as failed.
    const message = `a turn input is at most ${wireLimits.TURN_INPUT_BYTES_MAX} bytes; this one is ${inputBytes}`;
    return settle(running, seq, state.state, { code: 'frame_too_large', message });
  }
  return { state: running, effects: [{ type: 'run', seq, state: state.state, input }] };
}

function onChunk(state: TurnsState, seq: number, data: JsonValue): TurnsTransition {
  const running = state.running;
  if (state.phase !== 'running' || running === undefined || running.seq !== seq) return same(state);
  const output = [...running.output, data];
  const next = { ...state, running: { ...running, output } };
  return { state: next, effects: [{ type: 'send', frame: { t: 'chunk', seq, data } }] };
}

/** The turn ended: seal its checkpoint and hold its last frame until the checkpoint is durable. */
function settle(
  state: TurnsState,
  seq: number,
  after: JsonValue,
  error: SettledTurn['error'],
): TurnsTransition {
  const running = state.running;
  if (state.phase !== 'running' || running === undefined || running.seq !== seq) return same(state);
  const body: SessionCheckpointBody = {
    sid: state.sid,
    epoch: state.epoch,
    seq,
    turns: error === undefined ? state.turns + 1 : state.turns,
    agent: state.agent,
    state: after,
    output: [...running.output],
    ...(error === undefined ? {} : { error: { ...error } }),
  };
  let sealed = sealCheckpoint(body);
  if (!sealed.ok) {
    // Too large to keep. A failed turn keeps its error without its chunks; a successful one
    // fails with checkpoint_too_large (its state or output cannot be made durable), and the
    // session goes on from the state before it.
    const ending = error ?? { code: sealed.error.code, message: sealed.error.message };
    sealed = sealCheckpoint({
      ...body,
      turns: state.turns,
      state: state.state,
      output: [],
      error: { ...ending },
    });
  }
  if (!sealed.ok) {
    // Even the state before does not fit: this session cannot be made durable any more.
    return drop(state, 'checkpoint_unavailable', sealed.error.message);
  }
  const checkpoint = sealed.value;
  return {
    state: { ...state, phase: 'settling', running: { ...running, settled: checkpoint } },
    effects: [{ type: 'checkpoint', checkpoint }],
  };
}

function onAck(state: TurnsState, seq: number, digest: string): TurnsTransition {
  const settled = state.running?.settled;
  if (state.phase !== 'settling' || settled === undefined || settled.seq !== seq)
    return same(state);
  if (settled.digest !== digest) {
    return drop(state, 'checkpoint_unavailable', 'the coordinator acknowledged another checkpoint');
  }
  const last: SettledTurn = {
    seq,
    output: settled.output,
    error: settled.error,
  };
  const next: TurnsState = {
    ...state,
    phase: 'idle',
    state: settled.state,
    seq,
    turns: settled.turns,
    last,
    running: undefined,
  };
  const effects: TurnsEffect[] = [{ type: 'send', frame: lastFrame(last) }];
  if (!next.handBack) return { state: next, effects };
  const dropped = drop(next, 'session_moved', 'the node is draining');
  return { state: dropped.state, effects: [...effects, ...dropped.effects] };
}

/** The outcome of a settled turn, sent again: the same chunks, the same ending. */
function replay(last: SettledTurn): TurnsEffect[] {
  const effects: TurnsEffect[] = last.output.map((data) => ({
    type: 'send',
    frame: { t: 'chunk', seq: last.seq, data },
  }));
  effects.push({ type: 'send', frame: lastFrame(last) });
  return effects;
}

function lastFrame(last: SettledTurn): NodeFrame {
  if (last.error === undefined) return { t: 'done', seq: last.seq, chunks: last.output.length };
  return { t: 'error', seq: last.seq, code: last.error.code, message: last.error.message };
}

/**
 * The node stops serving the session and tells the client with a code it resumes on. A turn in
 * flight is abandoned: its answer was never acknowledged, so the client sends it again elsewhere.
 */
function drop(state: TurnsState, code: WireErrorCode, message: string): TurnsTransition {
  const effects: TurnsEffect[] = [];
  if (state.phase === 'running' && state.running !== undefined) {
    effects.push({ type: 'abort', seq: state.running.seq, code: 'session_moved' });
  }
  effects.push({ type: 'send', frame: { t: 'error', code, message } });
  effects.push({ type: 'drop', code });
  return { state: { ...state, phase: 'dropped', running: undefined }, effects };
}

/** A refusal from the coordinator, as the client hears it: always a code it resumes on. */
function resumableCode(code: WireErrorCode): WireErrorCode {
  return code === 'session_closed' || code === 'session_not_found'
    ? 'session_closed'
    : 'ticket_stale_epoch';
}

/** Where an attaching session's state comes from (the ticket decides, not the client). */
export type AttachSource =
  /** This node holds the checkpoint the ticket names (or, before any turn, the session). */
  | { readonly from: 'carried' }
  /** The ticket names a checkpoint this node must restore (a `restore` frame). */
  | { readonly from: 'restore'; readonly digest: string; readonly seq: number }
  /** No turn yet: the agent's init. */
  | { readonly from: 'init' };

/**
 * Picks the state an attach starts from: what this node still holds when it is the checkpoint
 * the ticket names, else that checkpoint, else (the ticket names none) a fresh init.
 */
export function attachSource(
  named: { readonly seq: number; readonly digest: string } | undefined,
  carriedDigest: string | undefined | null,
): AttachSource {
  // null: nothing carried; undefined: carried, but before its first settled turn.
  const carried = carriedDigest !== null;
  if (carried && (named === undefined || carriedDigest === named.digest))
    return { from: 'carried' };
  if (named !== undefined) return { from: 'restore', digest: named.digest, seq: named.seq };
  return { from: 'init' };
}

/**
 * What a node does when an attach cannot start: `retry-later` (a passing shortage: the client
 * tries the same ticket again after a pause), `refuse` (the session is not this node's to fail:
 * the client resumes, elsewhere or here once the state arrives), or `fail-session` (the agent
 * cannot run at all: the coordinator hears the session failed).
 */
export function attachFailureOf(code: WireErrorCode): 'retry-later' | 'refuse' | 'fail-session' {
  if (RETRYABLE_CODES.includes(code)) return 'retry-later';
  if (RESUMABLE_CODES.includes(code) || code === 'resume_seq_ahead') return 'refuse';
  return 'fail-session';
}
