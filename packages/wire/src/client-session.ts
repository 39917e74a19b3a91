/**
 * The client side of one session WebSocket, as a pure state machine (ARCHITECTURE §3, §5.2):
 * `transitionClientSession(state, event) -> { state, effects }`. Events are the node's frames,
 * the socket going away and the caller's requests; effects are frames to send and outcomes to
 * hand to the caller. No socket, clock or timer here: the SDK and the gateway carry effects out.
 *
 * Turns run one at a time. A turn asked for while another runs waits in a bounded queue and goes
 * out when the running one ends (done or error). The client numbers turns from 1; `lastAckedSeq`
 * is the last turn whose `done` or turn `error` arrived (the node settles failed turns too).
 *
 * Resume: when the node goes away (the socket closes) or hands the session back (a session-level
 * error with a RESUMABLE_CODES code) after the session was attached once, the machine moves to
 * `resuming` and asks its shell for a new placement with a `resume` effect; the unacknowledged
 * turn and the queue are kept. The next `attach` (a new ticket, perhaps another node) sends
 * `lastSeq: lastAckedSeq`, and once attached the unacknowledged turn is sent again with the same
 * sequence number: the node runs it once, or replays its output if it already ran it. Chunks the
 * caller already received are not delivered twice.
 *
 * Usage proofs (`usage` frames) are the shell's to check and countersign: the machine ignores them.
 */
import type { JsonValue, SignatureEntry } from '@mycel/kernel';
import type { ClientFrame, NodeFrame } from './session-frames.js';
import type { SessionTicket } from './session-ticket.js';
import { isWireErrorCode, RESUMABLE_CODES, type WireErrorCode } from './wire-error-codes.js';

export type ClientSessionPhase =
  /** Nothing sent yet. */
  | 'new'
  /** `attach` sent, waiting for `attached`. */
  | 'attaching'
  /** Attached: turns flow. */
  | 'open'
  /** The caller closed the session; waiting for `closed` or the socket to go. */
  | 'closing'
  /** Closed by the caller, or by the node with a `closed` frame. */
  | 'closed'
  /** The node went away or handed the session back; waiting for a new attach. */
  | 'resuming'
  /** The socket went away and the session could not be resumed. */
  | 'disconnected'
  /** The node refused the session or broke the protocol. */
  | 'failed';

export interface ClientTurn {
  readonly seq: number;
  readonly input: JsonValue;
  /** Chunks of this turn received from the current node so far. */
  readonly chunks: number;
  /** Chunks of this turn handed to the caller, over every node that ran it. */
  readonly delivered: number;
  /** The caller stopped listening; the node was asked to cancel and its chunks are dropped. */
  readonly cancelled: boolean;
}

export interface QueuedTurn {
  readonly seq: number;
  readonly input: JsonValue;
}

export interface SessionFailure {
  readonly code: WireErrorCode;
  readonly message: string;
}

export interface ClientSessionState {
  readonly phase: ClientSessionPhase;
  readonly sid: string | undefined;
  readonly epoch: number | undefined;
  /** The sequence number the next turn the caller asks for will get. */
  readonly nextSeq: number;
  /** The last turn whose `done` arrived (0 before any). */
  readonly lastAckedSeq: number;
  /** The turn sent and not yet answered with `done` or `error`. */
  readonly turn: ClientTurn | undefined;
  /** Turns waiting for the one in flight, oldest first. */
  readonly queue: readonly QueuedTurn[];
  /** Most turns that may wait in `queue`; one more fails with turn_in_progress. */
  readonly queuedTurnsMax: number;
  /** Why the session ended, once it is disconnected or failed. */
  readonly failure: SessionFailure | undefined;
  /** The session was attached at least once: losing the node now means resuming, not failing. */
  readonly opened: boolean;
}

export type ClientSessionEvent =
  /** Start or resume the session: the shell signed the ticket with the client key. */
  | { readonly type: 'attach'; readonly ticket: SessionTicket; readonly proof: SignatureEntry }
  /** The shell could not resume the session (no placement in time, the grid refused it). */
  | { readonly type: 'resume-failed'; readonly code: WireErrorCode; readonly message: string }
  /** A frame from the node that passed nodeFrameReader. */
  | { readonly type: 'frame'; readonly frame: NodeFrame }
  /** Bytes from the node that did not pass nodeFrameReader. */
  | { readonly type: 'frame-invalid'; readonly code: WireErrorCode; readonly message: string }
  /** The socket closed, for whatever reason. */
  | { readonly type: 'socket-closed' }
  /** The caller asks for a turn; it gets sequence number `state.nextSeq`. */
  | { readonly type: 'send'; readonly input: JsonValue }
  /** The caller stopped listening to turn `seq`. */
  | { readonly type: 'cancel'; readonly seq: number }
  /** The caller closes the session. */
  | { readonly type: 'close' };

export type ClientSessionEffect =
  | { readonly type: 'send'; readonly frame: ClientFrame }
  | { readonly type: 'emit-chunk'; readonly seq: number; readonly data: unknown }
  | { readonly type: 'turn-done'; readonly seq: number; readonly chunks: number }
  | {
      readonly type: 'turn-failed';
      readonly seq: number;
      readonly code: WireErrorCode;
      readonly message: string;
      readonly retryAfterMs?: number;
    }
  | { readonly type: 'session-failed'; readonly code: WireErrorCode; readonly message: string }
  /** Get a new placement for the session and attach again; `code` says why the node was lost. */
  | { readonly type: 'resume'; readonly code: WireErrorCode; readonly message: string };

export interface ClientSessionTransition {
  readonly state: ClientSessionState;
  readonly effects: readonly ClientSessionEffect[];
}

export function initialClientSession(options: {
  readonly queuedTurnsMax: number;
}): ClientSessionState {
  return {
    phase: 'new',
    sid: undefined,
    epoch: undefined,
    nextSeq: 1,
    lastAckedSeq: 0,
    turn: undefined,
    queue: [],
    queuedTurnsMax: options.queuedTurnsMax,
    failure: undefined,
    opened: false,
  };
}

export function transitionClientSession(
  state: ClientSessionState,
  event: ClientSessionEvent,
): ClientSessionTransition {
  switch (event.type) {
    case 'attach':
      return onAttach(state, event.ticket, event.proof);
    case 'resume-failed':
      return state.phase === 'resuming'
        ? fail(state, 'disconnected', event.code, event.message)
        : same(state);
    case 'frame':
      return onFrame(state, event.frame);
    case 'frame-invalid':
      return isLive(state.phase) ? fail(state, 'failed', event.code, event.message) : same(state);
    case 'socket-closed':
      return onSocketClosed(state);
    case 'send':
      return onSend(state, event.input);
    case 'cancel':
      return onCancel(state, event.seq);
    case 'close':
      return onClose(state);
  }
}

/** Phases in which frames from the node still mean something. */
function isLive(phase: ClientSessionPhase): boolean {
  return phase === 'attaching' || phase === 'open';
}

function same(state: ClientSessionState): ClientSessionTransition {
  return { state, effects: [] };
}

function onAttach(
  state: ClientSessionState,
  ticket: SessionTicket,
  proof: SignatureEntry,
): ClientSessionTransition {
  if (state.phase !== 'new' && state.phase !== 'resuming') {
    throw new Error(`assertion failed: attach in phase ${state.phase}`);
  }
  return {
    state: { ...state, phase: 'attaching' },
    effects: [{ type: 'send', frame: { t: 'attach', ticket, proof, lastSeq: state.lastAckedSeq } }],
  };
}

function onFrame(state: ClientSessionState, frame: NodeFrame): ClientSessionTransition {
  if (frame.t === 'usage') return same(state);
  if (state.phase === 'closing' && frame.t === 'closed') return same({ ...state, phase: 'closed' });
  // Frames after the session ended (or while closing) are stale: nobody is listening.
  if (!isLive(state.phase)) return same(state);
  if (state.phase === 'attaching') {
    if (frame.t === 'attached') return onAttached(state, frame.sid, frame.epoch, frame.nextSeq);
    if (frame.t === 'error') return onSessionError(state, nodeCode(frame.code), nodeMessage(frame));
    if (frame.t === 'closed') return fail(state, 'closed', 'session_closed', 'the node closed it');
    return violation(state, 'frame_unknown_type', `a ${frame.t} frame before attached`);
  }
  switch (frame.t) {
    case 'attached':
      return violation(state, 'session_already_attached', 'a second attached frame');
    case 'chunk':
      return onChunk(state, frame.seq, frame.data);
    case 'done':
      return onDone(state, frame.seq, frame.chunks);
    case 'error':
      return onError(state, frame);
    case 'closed':
      return fail(state, 'closed', 'session_closed', 'the node closed the session');
  }
}

function onAttached(
  state: ClientSessionState,
  sid: string,
  epoch: number,
  nodeNextSeq: number,
): ClientSessionTransition {
  // A node resumes where the client's acknowledgements end: any other turn number means it has
  // state this client never confirmed, or lost turns it did.
  if (nodeNextSeq !== state.lastAckedSeq + 1) {
    return violation(
      state,
      'turn_sequence_invalid',
      `the node expects turn ${nodeNextSeq}; this client acknowledged turns up to ${state.lastAckedSeq}`,
    );
  }
  const opened = { ...state, phase: 'open' as const, sid, epoch, opened: true };
  const turn = state.turn;
  if (turn === undefined) return startNextTurn(opened, []);
  // The turn the last node never acknowledged goes again, with its number: run once, or replayed.
  const effects: ClientSessionEffect[] = [
    { type: 'send', frame: { t: 'turn', seq: turn.seq, input: turn.input } },
  ];
  if (turn.cancelled) effects.push({ type: 'send', frame: { t: 'cancel', seq: turn.seq } });
  return { state: { ...opened, turn: { ...turn, chunks: 0 } }, effects };
}

function onChunk(state: ClientSessionState, seq: number, data: unknown): ClientSessionTransition {
  const turn = state.turn;
  if (turn === undefined || turn.seq !== seq) return unexpectedTurn(state, 'chunk', seq);
  const chunks = turn.chunks + 1;
  // A re-sent turn's first chunks were already handed over by the node that was lost.
  const fresh = chunks > turn.delivered;
  const next = { ...state, turn: { ...turn, chunks, delivered: Math.max(turn.delivered, chunks) } };
  if (turn.cancelled || !fresh) return same(next);
  return { state: next, effects: [{ type: 'emit-chunk', seq, data }] };
}

function onDone(state: ClientSessionState, seq: number, chunks: number): ClientSessionTransition {
  if (state.turn === undefined || state.turn.seq !== seq) return unexpectedTurn(state, 'done', seq);
  return startNextTurn({ ...state, turn: undefined, lastAckedSeq: seq }, [
    { type: 'turn-done', seq, chunks },
  ]);
}

function onError(
  state: ClientSessionState,
  frame: Extract<NodeFrame, { t: 'error' }>,
): ClientSessionTransition {
  const code = nodeCode(frame.code);
  const message = nodeMessage(frame);
  // An error without a turn number is about the whole session.
  if (frame.seq === undefined) return onSessionError(state, code, message);
  const turn = state.turn;
  if (turn === undefined || turn.seq !== frame.seq)
    return unexpectedTurn(state, 'error', frame.seq);
  const failed: ClientSessionEffect =
    frame.retryAfterMs === undefined
      ? { type: 'turn-failed', seq: turn.seq, code, message }
      : { type: 'turn-failed', seq: turn.seq, code, message, retryAfterMs: frame.retryAfterMs };
  // A turn that ended in an error was settled by the node like a done one: it is acknowledged.
  return startNextTurn({ ...state, turn: undefined, lastAckedSeq: turn.seq }, [failed]);
}

/** Sends the oldest queued turn when none is in flight. */
function startNextTurn(
  state: ClientSessionState,
  effects: ClientSessionEffect[],
): ClientSessionTransition {
  const [next, ...rest] = state.queue;
  if (state.phase !== 'open' || state.turn !== undefined || next === undefined) {
    return { state, effects };
  }
  return {
    state: { ...state, turn: { ...next, chunks: 0, delivered: 0, cancelled: false }, queue: rest },
    effects: [...effects, { type: 'send', frame: { t: 'turn', seq: next.seq, input: next.input } }],
  };
}

function onSocketClosed(state: ClientSessionState): ClientSessionTransition {
  if (state.phase === 'closing') return same({ ...state, phase: 'closed' });
  if (!isLive(state.phase) && state.phase !== 'new') return same(state);
  return onSessionError(state, 'node_unavailable', 'the connection to the node was lost');
}

/** The node is lost or refused the session: resume when that can help, else the session ends. */
function onSessionError(
  state: ClientSessionState,
  code: WireErrorCode,
  message: string,
): ClientSessionTransition {
  if (!state.opened || !RESUMABLE_CODES.includes(code)) {
    return fail(state, code === 'node_unavailable' ? 'disconnected' : 'failed', code, message);
  }
  return { state: { ...state, phase: 'resuming' }, effects: [{ type: 'resume', code, message }] };
}

function onSend(state: ClientSessionState, input: JsonValue): ClientSessionTransition {
  const seq = state.nextSeq;
  if (!isLive(state.phase) && state.phase !== 'new' && state.phase !== 'resuming') {
    const failure = state.failure ?? { code: 'session_closed', message: 'the session is closed' };
    return { state, effects: [{ type: 'turn-failed', seq, ...failure }] };
  }
  if (state.queue.length >= state.queuedTurnsMax) {
    const message = `${state.queue.length} turns already wait for turn ${state.turn?.seq ?? '?'}`;
    return { state, effects: [{ type: 'turn-failed', seq, code: 'turn_in_progress', message }] };
  }
  const queued = { ...state, nextSeq: seq + 1, queue: [...state.queue, { seq, input }] };
  return startNextTurn(queued, []);
}

function onCancel(state: ClientSessionState, seq: number): ClientSessionTransition {
  if (state.queue.some((queued) => queued.seq === seq)) {
    return {
      state: { ...state, queue: state.queue.filter((queued) => queued.seq !== seq) },
      effects: [
        { type: 'turn-failed', seq, code: 'turn_cancelled', message: 'cancelled before it ran' },
      ],
    };
  }
  const turn = state.turn;
  if (turn === undefined || turn.seq !== seq || turn.cancelled) return same(state);
  // While resuming (or re-attaching) the turn is marked: it is re-sent (it holds its number)
  // and cancelled after.
  if (state.phase === 'resuming' || (state.phase === 'attaching' && state.opened)) {
    return same({ ...state, turn: { ...turn, cancelled: true } });
  }
  if (state.phase !== 'open') return same(state);
  return {
    state: { ...state, turn: { ...turn, cancelled: true } },
    effects: [{ type: 'send', frame: { t: 'cancel', seq } }],
  };
}

function onClose(state: ClientSessionState): ClientSessionTransition {
  if (state.phase === 'new') return same({ ...state, phase: 'closed' });
  if (state.phase === 'resuming') {
    const ended = endTurns(state, 'session_closed', 'the session was closed');
    return { state: { ...ended.state, phase: 'closed' }, effects: ended.effects };
  }
  if (!isLive(state.phase)) return same(state);
  const ended = endTurns(state, 'session_closed', 'the session was closed');
  return {
    state: { ...ended.state, phase: 'closing' },
    effects: [...ended.effects, { type: 'send', frame: { t: 'close' } }],
  };
}

/** The node broke the protocol: the session cannot be trusted to continue. */
function violation(
  state: ClientSessionState,
  code: WireErrorCode,
  message: string,
): ClientSessionTransition {
  return fail(state, 'failed', code, `protocol violation by the node: ${message}`);
}

function unexpectedTurn(
  state: ClientSessionState,
  frame: 'chunk' | 'done' | 'error',
  seq: number,
): ClientSessionTransition {
  const running = state.turn === undefined ? 'no turn is running' : `turn ${state.turn.seq} is`;
  return violation(state, 'turn_sequence_invalid', `a ${frame} frame for turn ${seq}; ${running}`);
}

/** Ends the session: every waiting caller hears `code`, then the session as a whole does. */
function fail(
  state: ClientSessionState,
  phase: 'failed' | 'disconnected' | 'closed',
  code: WireErrorCode,
  message: string,
): ClientSessionTransition {
  const ended = endTurns(state, code, message);
  const failure = { code, message };
  return {
    state: { ...ended.state, phase, failure },
    effects: [...ended.effects, { type: 'session-failed', ...failure }],
  };
}

/**
 * Fails the turn in flight and the queued ones. The turn in flight stays in the state: it is
 * the unacknowledged turn a resume re-sends.
 */
function endTurns(
  state: ClientSessionState,
  code: WireErrorCode,
  message: string,
): ClientSessionTransition {
  const seqs = [
    ...(state.turn === undefined ? [] : [state.turn.seq]),
    ...state.queue.map((q) => q.seq),
  ];
  return {
    state: { ...state, queue: [] },
    effects: seqs.map((seq) => ({ type: 'turn-failed', seq, code, message })),
  };
}

/** A code from the node (attacker-controlled): a known wire code, or internal_error. */
function nodeCode(code: string): WireErrorCode {
  return isWireErrorCode(code) ? code : 'internal_error';
}

/** The node's message, naming the node's own code when it is not a wire code. */
function nodeMessage(frame: { readonly code: string; readonly message: string }): string {
  return isWireErrorCode(frame.code) ? frame.message : `${frame.code}: ${frame.message}`;
}
