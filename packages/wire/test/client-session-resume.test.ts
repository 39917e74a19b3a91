import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ClientSessionEffect,
  type ClientSessionEvent,
  initialClientSession,
  transitionClientSession,
} from '../src/client-session.js';
import { RESUMABLE_CODES, type WireErrorCode } from '../src/wire-error-codes.js';
import {
  frame,
  movedProof,
  movedTicket,
  openSession,
  proof,
  run,
  send,
  ticket,
} from './client-session-steps.js';

describe('client session: resume after the node is lost', () => {
  const attachAgain: ClientSessionEvent = {
    type: 'attach',
    ticket: movedTicket,
    proof: movedProof,
  };
  const attachedAt = (nextSeq: number) =>
    frame({ t: 'attached', sid: 'session-1', epoch: 2, nextSeq });
  const lost: ClientSessionEvent = { type: 'socket-closed' };

  /** Turn 1 acknowledged, turn 2 running with one chunk delivered, turn 3 queued. */
  function midTurn() {
    return run(
      openSession(),
      send('one'),
      frame({ t: 'done', seq: 1, chunks: 0 }),
      send('two'),
      frame({ t: 'chunk', seq: 2, data: 'two-0' }),
      send('three'),
    ).state;
  }

  it('socket loss after open asks for a resume and keeps the unacknowledged turn and the queue', () => {
    const result = run(midTurn(), lost);
    expect(result.effects).toEqual([
      { type: 'resume', code: 'node_unavailable', message: expect.any(String) },
    ]);
    expect(result.state).toMatchObject({
      phase: 'resuming',
      lastAckedSeq: 1,
      nextSeq: 4,
      turn: { seq: 2, input: 'two', chunks: 1, delivered: 1, cancelled: false },
      queue: [{ seq: 3, input: 'three' }],
      failure: undefined,
    });
  });

  it('attaching again sends lastSeq = lastAckedSeq, then re-sends the unacknowledged turn', () => {
    const resuming = run(midTurn(), lost).state;
    const attaching = run(resuming, attachAgain);
    expect(attaching.state.phase).toBe('attaching');
    expect(attaching.effects).toEqual([
      { type: 'send', frame: { t: 'attach', ticket: movedTicket, proof: movedProof, lastSeq: 1 } },
    ]);
    const opened = run(attaching.state, attachedAt(2));
    expect(opened.effects).toEqual([{ type: 'send', frame: { t: 'turn', seq: 2, input: 'two' } }]);
    expect(opened.state).toMatchObject({
      phase: 'open',
      epoch: 2,
      turn: { seq: 2, chunks: 0, delivered: 1 },
      queue: [{ seq: 3, input: 'three' }],
    });
  });

  it('chunks the caller already has are not emitted again; later ones are, then the queue runs', () => {
    const opened = run(midTurn(), lost, attachAgain, attachedAt(2)).state;
    const result = run(
      opened,
      frame({ t: 'chunk', seq: 2, data: 'two-0 again' }),
      frame({ t: 'chunk', seq: 2, data: 'two-1' }),
      frame({ t: 'chunk', seq: 2, data: 'two-2' }),
      frame({ t: 'done', seq: 2, chunks: 3 }),
    );
    expect(result.effects).toEqual([
      { type: 'emit-chunk', seq: 2, data: 'two-1' },
      { type: 'emit-chunk', seq: 2, data: 'two-2' },
      { type: 'turn-done', seq: 2, chunks: 3 },
      { type: 'send', frame: { t: 'turn', seq: 3, input: 'three' } },
    ]);
    expect(result.state).toMatchObject({ lastAckedSeq: 2, turn: { seq: 3, delivered: 0 } });
  });

  it('turns asked for while resuming wait and go out after the re-sent one, in order', () => {
    const resuming = run(midTurn(), lost, send('four'), send('five'));
    expect(resuming.effects.filter((effect) => effect.type === 'send')).toEqual([]);
    expect(resuming.state.queue.map((queued) => queued.seq)).toEqual([3, 4, 5]);
    const result = run(
      resuming.state,
      attachAgain,
      attachedAt(2),
      frame({ t: 'done', seq: 2, chunks: 1 }),
      frame({ t: 'done', seq: 3, chunks: 0 }),
      frame({ t: 'done', seq: 4, chunks: 0 }),
    );
    const sent = result.effects.flatMap((effect) =>
      effect.type === 'send' && effect.frame.t === 'turn' ? [effect.frame.seq] : [],
    );
    expect(sent).toEqual([2, 3, 4, 5]);
  });

  it('a turn that failed counts as settled: the resume starts after it', () => {
    const failed = run(
      openSession(),
      send('one'),
      frame({ t: 'error', seq: 1, code: 'turn_failed', message: 'threw' }),
    ).state;
    const result = run(failed, lost, attachAgain, attachedAt(2), send('two'));
    expect(result.effects).toEqual([
      expect.objectContaining({ type: 'resume' }),
      { type: 'send', frame: { t: 'attach', ticket: movedTicket, proof: movedProof, lastSeq: 1 } },
      { type: 'send', frame: { t: 'turn', seq: 2, input: 'two' } },
    ]);
  });

  it('with no turn in flight, the first queued turn goes out once attached again', () => {
    const idle = run(openSession(), send('one'), frame({ t: 'done', seq: 1, chunks: 0 })).state;
    const result = run(idle, lost, send('two'), attachAgain, attachedAt(2));
    expect(result.effects.at(-1)).toEqual({
      type: 'send',
      frame: { t: 'turn', seq: 2, input: 'two' },
    });
  });

  it.each([
    ['behind', 1],
    ['ahead', 3],
  ])('a node that expects a turn %s of lastAckedSeq + 1 is a protocol violation', (_name, next) => {
    const result = run(midTurn(), lost, attachAgain, attachedAt(next));
    expect(result.state).toMatchObject({
      phase: 'failed',
      failure: { code: 'turn_sequence_invalid' },
    });
    expect(result.effects.map((effect) => effect.type).slice(-3)).toEqual([
      'turn-failed',
      'turn-failed',
      'session-failed',
    ]);
  });

  it.each(RESUMABLE_CODES.map((code) => [code]))('a session error %s resumes', (code) => {
    const result = run(midTurn(), frame({ t: 'error', code, message: 'handed back' }));
    expect(result.effects).toEqual([{ type: 'resume', code, message: 'handed back' }]);
    expect(result.state).toMatchObject({ phase: 'resuming', turn: { seq: 2 } });
  });

  it.each(['attach_proof_invalid', 'ticket_expired', 'internal_error'] as WireErrorCode[])(
    'a session error %s fails the session instead',
    (code) => {
      const result = run(midTurn(), frame({ t: 'error', code, message: 'no' }));
      expect(result.state).toMatchObject({ phase: 'failed', failure: { code } });
      expect(result.effects).toEqual([
        expect.objectContaining({ type: 'turn-failed', seq: 2, code }),
        expect.objectContaining({ type: 'turn-failed', seq: 3, code }),
        expect.objectContaining({ type: 'session-failed', code }),
      ]);
    },
  );

  it('a node refusing the re-attach with a code that resumes asks for another placement', () => {
    const attaching = run(midTurn(), lost, attachAgain).state;
    const stale = run(
      attaching,
      frame({ t: 'error', code: 'ticket_stale_epoch', message: 'newer epoch seen' }),
    );
    expect(stale.effects).toEqual([
      { type: 'resume', code: 'ticket_stale_epoch', message: 'newer epoch seen' },
    ]);
    const dropped = run(attaching, lost);
    expect(dropped.effects).toEqual([expect.objectContaining({ type: 'resume' })]);
    expect(dropped.state.phase).toBe('resuming');
    // And the next attach is accepted: resuming can loop.
    expect(run(dropped.state, attachAgain).state.phase).toBe('attaching');
  });

  it('a node refusing the re-attach with a final code fails the session', () => {
    const result = run(
      midTurn(),
      lost,
      attachAgain,
      frame({ t: 'error', code: 'attach_proof_invalid', message: 'not yours' }),
    );
    expect(result.state).toMatchObject({
      phase: 'failed',
      failure: { code: 'attach_proof_invalid' },
    });
  });

  it('stale frames and socket events while resuming change nothing', () => {
    const resuming = run(midTurn(), lost).state;
    const after = run(
      resuming,
      frame({ t: 'chunk', seq: 2, data: 'late' }),
      frame({ t: 'done', seq: 2, chunks: 1 }),
      frame({ t: 'error', code: 'internal_error', message: 'late' }),
      { type: 'frame-invalid', code: 'frame_malformed', message: 'late' },
      lost,
    );
    expect(after).toEqual({ state: resuming, effects: [] });
  });

  it('resume-failed ends the session and fails every waiting turn with its code', () => {
    const resuming = run(midTurn(), lost, send('four')).state;
    const result = run(resuming, {
      type: 'resume-failed',
      code: 'migration_timeout',
      message: 'no node took it',
    });
    expect(result.state).toMatchObject({
      phase: 'disconnected',
      queue: [],
      failure: { code: 'migration_timeout', message: 'no node took it' },
    });
    expect(result.effects).toEqual([
      { type: 'turn-failed', seq: 2, code: 'migration_timeout', message: 'no node took it' },
      { type: 'turn-failed', seq: 3, code: 'migration_timeout', message: 'no node took it' },
      { type: 'turn-failed', seq: 4, code: 'migration_timeout', message: 'no node took it' },
      { type: 'session-failed', code: 'migration_timeout', message: 'no node took it' },
    ]);
    expect(run(result.state, send('five')).effects).toEqual([
      expect.objectContaining({ type: 'turn-failed', seq: 5, code: 'migration_timeout' }),
    ]);
  });

  it('resume-failed outside resuming changes nothing (a late answer of a finished resume)', () => {
    const open = run(openSession(), send('one')).state;
    const failed = { type: 'resume-failed', code: 'resume_pending', message: 'x' } as const;
    expect(run(open, failed)).toEqual({ state: open, effects: [] });
    const attaching = run(midTurn(), lost, attachAgain).state;
    expect(run(attaching, failed)).toEqual({ state: attaching, effects: [] });
  });

  it('close while resuming closes at once: waiting turns fail with session_closed, no frame', () => {
    const result = run(run(midTurn(), lost).state, { type: 'close' });
    expect(result.state.phase).toBe('closed');
    expect(result.effects).toEqual([
      expect.objectContaining({ type: 'turn-failed', seq: 2, code: 'session_closed' }),
      expect.objectContaining({ type: 'turn-failed', seq: 3, code: 'session_closed' }),
    ]);
    // A resume that comes back after the close is not attached.
    expect(
      run(result.state, { type: 'resume-failed', code: 'resume_pending', message: 'x' }),
    ).toEqual({ state: result.state, effects: [] });
  });

  it('cancel while resuming marks the turn: re-sent, a cancel frame after, its chunks dropped', () => {
    const resuming = run(run(midTurn(), lost).state, { type: 'cancel', seq: 2 });
    expect(resuming.effects).toEqual([]);
    expect(resuming.state.turn).toMatchObject({ seq: 2, cancelled: true });
    const result = run(
      resuming.state,
      attachAgain,
      attachedAt(2),
      frame({ t: 'chunk', seq: 2, data: 'two-0' }),
      frame({ t: 'chunk', seq: 2, data: 'two-1' }),
      frame({ t: 'error', seq: 2, code: 'turn_cancelled', message: 'cancelled' }),
    );
    expect(result.effects).toEqual([
      { type: 'send', frame: { t: 'attach', ticket: movedTicket, proof: movedProof, lastSeq: 1 } },
      { type: 'send', frame: { t: 'turn', seq: 2, input: 'two' } },
      { type: 'send', frame: { t: 'cancel', seq: 2 } },
      { type: 'turn-failed', seq: 2, code: 'turn_cancelled', message: 'cancelled' },
      { type: 'send', frame: { t: 'turn', seq: 3, input: 'three' } },
    ]);
  });

  it('cancel of a queued turn while resuming fails it at once', () => {
    const result = run(run(midTurn(), lost).state, { type: 'cancel', seq: 3 });
    expect(result.effects).toEqual([
      expect.objectContaining({ type: 'turn-failed', seq: 3, code: 'turn_cancelled' }),
    ]);
    expect(result.state.queue).toEqual([]);
  });
});

/**
 * A deterministic node for the property below: turn `seq` produces chunks seq*100+0, seq*100+1,
 * ... (seq % 4 of them), the same on every node, so a re-sent turn replays the same output.
 */
const chunksOf = (seq: number) => seq % 4;
const chunkData = (seq: number, index: number) => seq * 100 + index;

type Step = 'send' | 'chunk' | 'done' | 'drop' | 'moved' | 'attach';

describe('client session: resume, property', () => {
  it('every turn asked for is acknowledged once, in order, and each chunk reaches the caller once', () => {
    const step = fc.constantFrom<Step>('send', 'chunk', 'done', 'drop', 'moved', 'attach');
    // Runs in which a turn was re-sent after some of its chunks reached the caller: the case the
    // property is about must actually occur, or it holds vacuously.
    let replays = 0;
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let state = initialClientSession({ queuedTurnsMax: 64 });
        const acks: number[] = [];
        const chunks = new Map<number, number[]>();
        const failures: ClientSessionEffect[] = [];
        let asked = 0;
        /** What the current node is running: the turn and how many chunks it has sent. */
        let running: { seq: number; sent: number } | undefined;
        /** The node answers attach once the frame is on the wire; lastSeq it was told. */
        let attachLastSeq: number | undefined;

        const dispatch = (event: ClientSessionEvent) => {
          const next = transitionClientSession(state, event);
          state = next.state;
          for (const effect of next.effects) {
            if (effect.type === 'turn-done') acks.push(effect.seq);
            else if (effect.type === 'emit-chunk') {
              chunks.set(effect.seq, [...(chunks.get(effect.seq) ?? []), effect.data as number]);
            } else if (effect.type === 'turn-failed' || effect.type === 'session-failed') {
              failures.push(effect);
            } else if (effect.type === 'send' && effect.frame.t === 'turn') {
              if ((chunks.get(effect.frame.seq)?.length ?? 0) > 0) replays += 1;
              running = { seq: effect.frame.seq, sent: 0 };
            } else if (effect.type === 'send' && effect.frame.t === 'attach') {
              // The machine must ask to resume right after what it acknowledged.
              expect(effect.frame.lastSeq).toBe(state.lastAckedSeq);
              attachLastSeq = effect.frame.lastSeq;
            }
          }
        };
        const answerAttach = () => {
          if (state.phase !== 'attaching' || attachLastSeq === undefined) return;
          const nextSeq = attachLastSeq + 1;
          attachLastSeq = undefined;
          dispatch(frame({ t: 'attached', sid: 'session-1', epoch: 1, nextSeq }));
        };
        const chunk = () => {
          if (state.phase !== 'open' || running === undefined) return false;
          if (running.sent >= chunksOf(running.seq)) return false;
          const data = chunkData(running.seq, running.sent);
          running = { ...running, sent: running.sent + 1 };
          dispatch(frame({ t: 'chunk', seq: running.seq, data }));
          return true;
        };
        const done = () => {
          if (state.phase !== 'open' || running === undefined) return false;
          while (chunk()) {}
          const seq = running.seq;
          running = undefined;
          dispatch(frame({ t: 'done', seq, chunks: chunksOf(seq) }));
          return true;
        };
        const loseNode = (how: 'drop' | 'moved') => {
          if (state.phase !== 'open' && state.phase !== 'attaching') return;
          running = undefined;
          attachLastSeq = undefined;
          dispatch(
            how === 'drop'
              ? { type: 'socket-closed' }
              : frame({ t: 'error', code: 'session_moved', message: 'handed back' }),
          );
        };
        const attachAgain = () => {
          if (state.phase !== 'resuming') return;
          dispatch({ type: 'attach', ticket: movedTicket, proof: movedProof });
        };

        dispatch({ type: 'attach', ticket, proof });
        answerAttach();
        for (const next of steps) {
          if (next === 'send') {
            asked += 1;
            dispatch(send(`turn ${asked}`));
          } else if (next === 'chunk') chunk();
          else if (next === 'done') done();
          else if (next === 'drop' || next === 'moved') loseNode(next);
          else {
            attachAgain();
            answerAttach();
          }
        }
        // Let the grid settle: attach if lost, then run every turn to its end.
        for (let guard = 0; guard < 4 * asked + 4; guard++) {
          attachAgain();
          answerAttach();
          if (!done()) break;
        }

        expect(failures).toEqual([]);
        expect(state.phase).toBe('open');
        expect(acks).toEqual(Array.from({ length: asked }, (_, index) => index + 1));
        for (let seq = 1; seq <= asked; seq++) {
          const expected = Array.from({ length: chunksOf(seq) }, (_, index) =>
            chunkData(seq, index),
          );
          expect(chunks.get(seq) ?? []).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
    expect(replays).toBeGreaterThan(0);
  });
});
