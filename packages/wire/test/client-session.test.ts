import { describe, expect, it } from 'vitest';
import { type ClientSessionEvent, initialClientSession } from '../src/client-session.js';
import { attached, frame, openSession, proof, run, send, ticket } from './client-session-steps.js';

describe('client session: attaching', () => {
  it('sends attach with lastSeq 0, then opens on attached', () => {
    const first = run(initialClientSession({ queuedTurnsMax: 4 }), {
      type: 'attach',
      ticket,
      proof,
    });
    expect(first.state.phase).toBe('attaching');
    expect(first.effects).toEqual([
      { type: 'send', frame: { t: 'attach', ticket, proof, lastSeq: 0 } },
    ]);
    const second = run(first.state, attached);
    expect(second.effects).toEqual([]);
    expect(second.state).toMatchObject({ phase: 'open', sid: 'session-1', epoch: 1, nextSeq: 1 });
  });

  it('fails the session when the node refuses the ticket', () => {
    const result = run(
      initialClientSession({ queuedTurnsMax: 4 }),
      { type: 'attach', ticket, proof },
      frame({ t: 'error', code: 'ticket_expired', message: 'too late' }),
    );
    expect(result.state.phase).toBe('failed');
    expect(result.effects.at(-1)).toEqual({
      type: 'session-failed',
      code: 'ticket_expired',
      message: 'too late',
    });
  });

  it('sends turns asked for while attaching once attached, in order', () => {
    const result = run(
      initialClientSession({ queuedTurnsMax: 4 }),
      { type: 'attach', ticket, proof },
      send('a'),
      send('b'),
    );
    expect(result.effects.filter((effect) => effect.type === 'send')).toHaveLength(1);
    const opened = run(result.state, attached);
    expect(opened.effects).toEqual([{ type: 'send', frame: { t: 'turn', seq: 1, input: 'a' } }]);
    expect(opened.state.queue).toEqual([{ seq: 2, input: 'b' }]);
  });

  it('refuses a chunk before attached and a node that expects a later turn', () => {
    const attaching = run(initialClientSession({ queuedTurnsMax: 4 }), {
      type: 'attach',
      ticket,
      proof,
    }).state;
    const early = run(attaching, frame({ t: 'chunk', seq: 1, data: 'x' }));
    expect(early.state.phase).toBe('failed');
    expect(early.effects).toEqual([
      expect.objectContaining({ type: 'session-failed', code: 'frame_unknown_type' }),
    ]);
    const ahead = run(attaching, frame({ t: 'attached', sid: 'session-1', epoch: 1, nextSeq: 5 }));
    expect(ahead.state.phase).toBe('failed');
    expect(ahead.effects[0]).toMatchObject({ code: 'turn_sequence_invalid' });
  });

  it('treats attach in any phase but new or resuming as a bug of the shell', () => {
    expect(() => run(openSession(), { type: 'attach', ticket, proof })).toThrow(/assertion/);
    const attaching = run(initialClientSession({ queuedTurnsMax: 4 }), {
      type: 'attach',
      ticket,
      proof,
    }).state;
    expect(() => run(attaching, { type: 'attach', ticket, proof })).toThrow(/assertion/);
  });

  it('a node lost before the first attached fails the session: there is nothing to resume', () => {
    const attaching = run(initialClientSession({ queuedTurnsMax: 4 }), send('a'), {
      type: 'attach',
      ticket,
      proof,
    }).state;
    const lost = run(attaching, { type: 'socket-closed' });
    expect(lost.state).toMatchObject({
      phase: 'disconnected',
      opened: false,
      failure: { code: 'node_unavailable' },
    });
    expect(lost.effects).toEqual([
      expect.objectContaining({ type: 'turn-failed', seq: 1, code: 'node_unavailable' }),
      expect.objectContaining({ type: 'session-failed', code: 'node_unavailable' }),
    ]);
    // Even a code that resumes an opened session ends one that never opened.
    const moved = run(attaching, frame({ t: 'error', code: 'session_moved', message: 'x' }));
    expect(moved.state.phase).toBe('failed');
    expect(moved.effects.at(-1)).toMatchObject({ type: 'session-failed', code: 'session_moved' });
  });
});

describe('client session: turns', () => {
  it('streams chunks of the turn in flight and acknowledges it on done', () => {
    const result = run(
      openSession(),
      send('hello'),
      frame({ t: 'chunk', seq: 1, data: { text: 'a' } }),
      frame({ t: 'chunk', seq: 1, data: { text: 'b' } }),
      frame({ t: 'done', seq: 1, chunks: 2 }),
    );
    expect(result.effects).toEqual([
      { type: 'send', frame: { t: 'turn', seq: 1, input: 'hello' } },
      { type: 'emit-chunk', seq: 1, data: { text: 'a' } },
      { type: 'emit-chunk', seq: 1, data: { text: 'b' } },
      { type: 'turn-done', seq: 1, chunks: 2 },
    ]);
    expect(result.state).toMatchObject({ lastAckedSeq: 1, nextSeq: 2, turn: undefined });
  });

  it('queues a second turn and sends it when the first is done', () => {
    const running = run(openSession(), send('one'), send('two'));
    expect(running.effects).toHaveLength(1);
    expect(running.state.turn?.seq).toBe(1);
    const next = run(running.state, frame({ t: 'done', seq: 1, chunks: 0 }));
    expect(next.effects).toEqual([
      { type: 'turn-done', seq: 1, chunks: 0 },
      { type: 'send', frame: { t: 'turn', seq: 2, input: 'two' } },
    ]);
  });

  it('fails a send beyond the queue bound with turn_in_progress, without using a number', () => {
    const full = run(openSession(1), send('one'), send('two'));
    const refused = run(full.state, send('three'));
    expect(refused.effects).toEqual([
      expect.objectContaining({ type: 'turn-failed', seq: 3, code: 'turn_in_progress' }),
    ]);
    expect(refused.state.nextSeq).toBe(3);
  });

  it('hands a turn error to the caller with retryAfterMs, then runs the next turn', () => {
    const result = run(
      openSession(),
      send('one'),
      send('two'),
      frame({ t: 'error', seq: 1, code: 'node_at_capacity', message: 'busy', retryAfterMs: 50 }),
    );
    expect(result.effects.slice(1)).toEqual([
      {
        type: 'turn-failed',
        seq: 1,
        code: 'node_at_capacity',
        message: 'busy',
        retryAfterMs: 50,
      },
      { type: 'send', frame: { t: 'turn', seq: 2, input: 'two' } },
    ]);
    // The node settled the failed turn: a resume starts after it.
    expect(result.state.lastAckedSeq).toBe(1);
  });

  it('maps a code the wire does not know to internal_error and keeps it in the message', () => {
    const result = run(
      openSession(),
      send('one'),
      frame({ t: 'error', seq: 1, code: 'made_up', message: 'odd' }),
    );
    expect(result.effects.at(-1)).toEqual({
      type: 'turn-failed',
      seq: 1,
      code: 'internal_error',
      message: 'made_up: odd',
    });
  });

  it('cancels the turn in flight: one cancel frame, its late chunks dropped', () => {
    const result = run(
      openSession(),
      send('one'),
      { type: 'cancel', seq: 1 },
      { type: 'cancel', seq: 1 },
      frame({ t: 'chunk', seq: 1, data: 'late' }),
      send('two'),
      frame({ t: 'error', seq: 1, code: 'turn_cancelled', message: 'cancelled' }),
    );
    expect(result.effects).toEqual([
      { type: 'send', frame: { t: 'turn', seq: 1, input: 'one' } },
      { type: 'send', frame: { t: 'cancel', seq: 1 } },
      { type: 'turn-failed', seq: 1, code: 'turn_cancelled', message: 'cancelled' },
      { type: 'send', frame: { t: 'turn', seq: 2, input: 'two' } },
    ]);
  });

  it('cancels a queued turn without troubling the node', () => {
    const result = run(openSession(), send('one'), send('two'), { type: 'cancel', seq: 2 });
    expect(result.effects.at(-1)).toMatchObject({ type: 'turn-failed', seq: 2 });
    expect(result.state.queue).toEqual([]);
    expect(run(result.state, { type: 'cancel', seq: 9 }).effects).toEqual([]);
  });
});

describe('client session: protocol violations by the node', () => {
  it.each([
    ['a chunk for another turn', [send('one'), frame({ t: 'chunk', seq: 2, data: 'x' })]],
    ['a chunk with no turn running', [frame({ t: 'chunk', seq: 1, data: 'x' })]],
    ['done with no turn running', [frame({ t: 'done', seq: 1, chunks: 0 })]],
    ['done for another turn', [send('one'), frame({ t: 'done', seq: 7, chunks: 0 })]],
    [
      'an error for another turn',
      [send('one'), frame({ t: 'error', seq: 2, code: 'turn_failed', message: 'x' })],
    ],
  ] as [string, ClientSessionEvent[]][])(
    '%s fails the session with turn_sequence_invalid',
    (_name, events) => {
      const result = run(openSession(), ...events);
      expect(result.state.phase).toBe('failed');
      expect(result.effects.at(-1)).toMatchObject({
        type: 'session-failed',
        code: 'turn_sequence_invalid',
      });
    },
  );

  it('a second attached frame fails the session and the turn in flight', () => {
    const result = run(openSession(), send('one'), attached);
    expect(result.effects.slice(1)).toEqual([
      expect.objectContaining({ type: 'turn-failed', seq: 1, code: 'session_already_attached' }),
      expect.objectContaining({ type: 'session-failed', code: 'session_already_attached' }),
    ]);
  });

  it('an unreadable frame fails the session with the reader’s code', () => {
    const result = run(openSession(), send('one'), {
      type: 'frame-invalid',
      code: 'frame_malformed',
      message: 'not JSON',
    });
    expect(result.state).toMatchObject({
      phase: 'failed',
      failure: { code: 'frame_malformed', message: 'not JSON' },
    });
    expect(result.effects.at(-1)).toMatchObject({ type: 'session-failed' });
  });

  it('a session error that no resume can help fails every waiting turn with its code', () => {
    const result = run(
      openSession(),
      send('one'),
      send('two'),
      frame({ t: 'error', code: 'attach_proof_invalid', message: 'not yours' }),
    );
    expect(result.state).toMatchObject({
      phase: 'failed',
      failure: { code: 'attach_proof_invalid', message: 'not yours' },
    });
    expect(
      result.effects.slice(1).map((effect) => [effect.type, 'seq' in effect && effect.seq]),
    ).toEqual([
      ['turn-failed', 1],
      ['turn-failed', 2],
      ['session-failed', false],
    ]);
  });
});

describe('client session: ending', () => {
  it('close sends close, fails the running turn, ignores frames after, ends on closed', () => {
    const closing = run(openSession(), send('one'), { type: 'close' });
    expect(closing.state.phase).toBe('closing');
    expect(closing.effects.slice(1)).toEqual([
      expect.objectContaining({ type: 'turn-failed', seq: 1, code: 'session_closed' }),
      { type: 'send', frame: { t: 'close' } },
    ]);
    const late = run(
      closing.state,
      frame({ t: 'chunk', seq: 1, data: 'x' }),
      frame({ t: 'done', seq: 1, chunks: 1 }),
      { type: 'close' },
    );
    expect(late.effects).toEqual([]);
    expect(late.state.phase).toBe('closing');
    const closed = run(late.state, frame({ t: 'closed', sid: 'session-1' }));
    expect(closed.state.phase).toBe('closed');
    expect(run(closing.state, { type: 'socket-closed' }).state.phase).toBe('closed');
  });

  it('frames and socket events after close change nothing', () => {
    const closed = run(openSession(), { type: 'close' }, { type: 'socket-closed' }).state;
    const after = run(
      closed,
      attached,
      frame({ t: 'chunk', seq: 1, data: 'x' }),
      frame({ t: 'error', code: 'internal_error', message: 'x' }),
      { type: 'socket-closed' },
    );
    expect(after).toEqual({ state: closed, effects: [] });
  });

  it('a send after close fails at once with session_closed', () => {
    const closed = run(openSession(), { type: 'close' }).state;
    expect(run(closed, send('x')).effects).toEqual([
      expect.objectContaining({ type: 'turn-failed', seq: 1, code: 'session_closed' }),
    ]);
  });

  it('the node closing the session fails the running turn with session_closed', () => {
    const result = run(openSession(), send('one'), frame({ t: 'closed', sid: 'session-1' }));
    expect(result.state.phase).toBe('closed');
    expect(result.effects.slice(1).map((effect) => effect.type)).toEqual([
      'turn-failed',
      'session-failed',
    ]);
  });

  it('closing a session that never attached needs no frame', () => {
    const result = run(initialClientSession({ queuedTurnsMax: 4 }), { type: 'close' });
    expect(result).toMatchObject({ state: { phase: 'closed' }, effects: [] });
  });
});
