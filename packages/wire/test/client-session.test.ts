import { ed25519SignerFromSeed } from '@mycel/kernel';
import { describe, expect, it } from 'vitest';
import {
  type ClientSessionEffect,
  type ClientSessionEvent,
  type ClientSessionState,
  initialClientSession,
  transitionClientSession,
} from '../src/client-session.js';
import { attachProof } from '../src/session-attach.js';
import type { NodeFrame } from '../src/session-frames.js';
import { issueTicket } from '../src/session-ticket.js';

const coordinator = ed25519SignerFromSeed(new Uint8Array(32).fill(1));
const client = ed25519SignerFromSeed(new Uint8Array(32).fill(2));
const node = ed25519SignerFromSeed(new Uint8Array(32).fill(3));
const ticket = issueTicket(
  {
    sid: 'session-1',
    epoch: 1,
    node: node.key.did,
    agent: 'voice',
    class: 'voice',
    client: client.key.did,
    aud: 'test-grid',
    nowMs: 1_700_000_000_000,
  },
  coordinator,
);
const proof = attachProof(ticket, client);

/** Runs events from `state` and collects every effect in order. */
function run(
  state: ClientSessionState,
  ...events: ClientSessionEvent[]
): { state: ClientSessionState; effects: ClientSessionEffect[] } {
  const effects: ClientSessionEffect[] = [];
  let current = state;
  for (const event of events) {
    const next = transitionClientSession(current, event);
    current = next.state;
    effects.push(...next.effects);
  }
  return { state: current, effects };
}

const frame = (value: NodeFrame): ClientSessionEvent => ({ type: 'frame', frame: value });
const send = (input: string): ClientSessionEvent => ({ type: 'send', input });
const attached = frame({ t: 'attached', sid: 'session-1', epoch: 1, nextSeq: 1 });

function openSession(queuedTurnsMax = 4): ClientSessionState {
  return run(initialClientSession({ queuedTurnsMax }), { type: 'attach', ticket, proof }, attached)
    .state;
}

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

  it('treats attach in any phase but new as a bug of the shell', () => {
    expect(() => run(openSession(), { type: 'attach', ticket, proof })).toThrow(/assertion/);
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
    expect(result.state.lastAckedSeq).toBe(0);
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

  it('a session error fails every waiting turn with its code', () => {
    const result = run(
      openSession(),
      send('one'),
      send('two'),
      frame({ t: 'error', code: 'node_draining', message: 'bye' }),
    );
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

  it('a dropped socket fails the turn with node_unavailable and keeps it for a resume', () => {
    const result = run(
      openSession(),
      send('one'),
      frame({ t: 'done', seq: 1, chunks: 0 }),
      send('two'),
      frame({ t: 'chunk', seq: 2, data: 'x' }),
      send('three'),
      { type: 'socket-closed' },
    );
    expect(result.state).toMatchObject({
      phase: 'disconnected',
      lastAckedSeq: 1,
      nextSeq: 4,
      turn: { seq: 2, input: 'two', chunks: 1 },
      queue: [],
      failure: { code: 'node_unavailable' },
    });
    expect(result.effects.slice(-3)).toEqual([
      expect.objectContaining({ type: 'turn-failed', seq: 2, code: 'node_unavailable' }),
      expect.objectContaining({ type: 'turn-failed', seq: 3, code: 'node_unavailable' }),
      expect.objectContaining({ type: 'session-failed', code: 'node_unavailable' }),
    ]);
    expect(run(result.state, send('four')).effects).toEqual([
      expect.objectContaining({ type: 'turn-failed', seq: 4, code: 'node_unavailable' }),
    ]);
  });

  it('closing a session that never attached needs no frame', () => {
    const result = run(initialClientSession({ queuedTurnsMax: 4 }), { type: 'close' });
    expect(result).toMatchObject({ state: { phase: 'closed' }, effects: [] });
  });
});
