/**
 * The node's per-session turn machine (session-turns.ts): a successful turn is settled by a\n * checkpoint before its done goes out, a failed one too, and turn numbers are kept exactly\n * (node-session-turns-leaving.test.ts: leaving the node, resuming, the property).
 */
import type { TurnsEvent } from '@mycel/grid';
import { sealCheckpoint, verifyCheckpoint, wireLimits } from '@mycel/wire';
import { describe, expect, it } from 'vitest';
import {
  AGENT,
  checkpointOf,
  EPOCH,
  fresh,
  runToCheckpoint,
  SID,
  send,
  settleTurn,
  step,
  turn,
} from './support/turns-machine.js';

describe('a successful turn', () => {
  it('runs the agent with the settled state, forwards and collects its chunks', () => {
    const start = fresh();
    const accepted = step(start, turn(1, { text: 'hello' }, 17));
    expect(accepted.effects).toEqual([
      { type: 'run', seq: 1, state: { count: 0 }, input: { text: 'hello' } },
    ]);
    expect(accepted.state).toMatchObject({
      phase: 'running',
      seq: 0,
      running: { seq: 1, output: [] },
    });
    const first = step(accepted.state, { type: 'chunk', seq: 1, data: 'a' });
    expect(first.effects).toEqual([send({ t: 'chunk', seq: 1, data: 'a' })]);
    const second = step(first.state, { type: 'chunk', seq: 1, data: { b: [1, 2] } });
    expect(second.effects).toEqual([send({ t: 'chunk', seq: 1, data: { b: [1, 2] } })]);
    expect(second.state.running?.output).toEqual(['a', { b: [1, 2] }]);
    // Pure: the state passed in is not changed.
    expect(start).toMatchObject({ phase: 'idle', running: undefined });
  });

  it('ignores chunks of another turn, and chunks when nothing runs', () => {
    const running = step(fresh(), turn(1)).state;
    expect(step(running, { type: 'chunk', seq: 2, data: 'x' })).toEqual({
      state: running,
      effects: [],
    });
    const idle = fresh();
    expect(step(idle, { type: 'chunk', seq: 1, data: 'x' })).toEqual({ state: idle, effects: [] });
  });

  it('settles with a checkpoint that verifies and holds state, seq, turns + 1 and output', () => {
    const { state, checkpoint } = runToCheckpoint(fresh({ turns: 0 }), 1, ['a', 'b'], {
      finish: { count: 1 },
    });
    expect(verifyCheckpoint(checkpoint)).toEqual({ ok: true, value: checkpoint });
    // What the coordinator receives: JSON text, parsed, then verified.
    expect(verifyCheckpoint(JSON.parse(JSON.stringify(checkpoint))).ok).toBe(true);
    const { digest, ...body } = checkpoint;
    expect(body).toEqual({
      sid: SID,
      epoch: EPOCH,
      seq: 1,
      turns: 1,
      agent: AGENT,
      state: { count: 1 },
      output: ['a', 'b'],
    });
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    // The digest is over the body: change anything and it no longer verifies.
    const altered = verifyCheckpoint({ ...checkpoint, state: { count: 2 } });
    expect(!altered.ok && altered.error.code).toBe('checkpoint_digest_mismatch');
    // Settling: nothing is settled yet; the state and seq are still the ones before.
    expect(state).toMatchObject({
      phase: 'settling',
      seq: 0,
      turns: 0,
      state: { count: 0 },
      last: undefined,
    });
    expect(state.running?.settled).toEqual(checkpoint);
  });

  it('holds done back until the checkpoint with that seq and digest is acknowledged', () => {
    const { state, checkpoint } = runToCheckpoint(fresh(), 1, ['a', 'b'], {
      finish: { count: 1 },
    });
    // Acknowledgements of other turns, and timeouts of other turns, change nothing.
    for (const event of [
      { type: 'checkpoint-ack', seq: 0, digest: checkpoint.digest },
      { type: 'checkpoint-ack', seq: 2, digest: checkpoint.digest },
      { type: 'checkpoint-timeout', seq: 2 },
      { type: 'chunk', seq: 1, data: 'late' },
      { type: 'finished', seq: 1, state: { count: 9 } },
      { type: 'failed', seq: 1, code: 'turn_failed', message: 'late' },
    ] as const satisfies readonly TurnsEvent[]) {
      expect(step(state, event)).toEqual({ state, effects: [] });
    }
    const acked = step(state, { type: 'checkpoint-ack', seq: 1, digest: checkpoint.digest });
    expect(acked.effects).toEqual([send({ t: 'done', seq: 1, chunks: 2 })]);
    expect(acked.state).toEqual({
      sid: SID,
      epoch: EPOCH,
      agent: AGENT,
      phase: 'idle',
      state: { count: 1 },
      seq: 1,
      turns: 1,
      last: { seq: 1, output: ['a', 'b'], error: undefined },
      running: undefined,
      handBack: false,
    });
    // A second acknowledgement of the same turn (the coordinator's duplicate answer) is ignored.
    expect(
      step(acked.state, { type: 'checkpoint-ack', seq: 1, digest: checkpoint.digest }),
    ).toEqual({ state: acked.state, effects: [] });
  });

  it('drops the session when the acknowledgement names another digest', () => {
    const { state, checkpoint } = runToCheckpoint(fresh(), 1, ['a'], { finish: { count: 1 } });
    const other = sealCheckpoint({ ...checkpoint, state: { count: 5 } });
    if (!other.ok) throw new Error(other.error.message);
    expect(other.value.digest).not.toBe(checkpoint.digest);
    const wrong = step(state, { type: 'checkpoint-ack', seq: 1, digest: other.value.digest });
    expect(wrong.effects).toEqual([
      send({
        t: 'error',
        code: 'checkpoint_unavailable',
        message: 'the coordinator acknowledged another checkpoint',
      }),
      { type: 'drop', code: 'checkpoint_unavailable' },
    ]);
    expect(wrong.state).toMatchObject({ phase: 'dropped', running: undefined, seq: 0, turns: 0 });
    // No done ever leaves for that turn, not even with the right digest afterwards.
    expect(
      step(wrong.state, { type: 'checkpoint-ack', seq: 1, digest: checkpoint.digest }).effects,
    ).toEqual([]);
  });

  it('counts turns on from a restored count', () => {
    const after = settleTurn(fresh({ seq: 4, turns: 3, state: 's' }), 5, [], { finish: 't' });
    expect(after).toMatchObject({ seq: 5, turns: 4, state: 't' });
  });
});

describe('a failed turn', () => {
  it('settles with an error checkpoint, state and turns unchanged, then an error frame', () => {
    const start = settleTurn(fresh(), 1, ['x'], { finish: { count: 1 } });
    const { state, checkpoint } = runToCheckpoint(start, 2, ['partial'], {
      fail: 'turn_timeout',
      message: 'too slow',
    });
    expect(verifyCheckpoint(checkpoint).ok).toBe(true);
    const { digest: _digest, ...body } = checkpoint;
    expect(body).toEqual({
      sid: SID,
      epoch: EPOCH,
      seq: 2,
      turns: 1,
      agent: AGENT,
      state: { count: 1 },
      output: ['partial'],
      error: { code: 'turn_timeout', message: 'too slow' },
    });
    expect(state.phase).toBe('settling');
    const acked = step(state, { type: 'checkpoint-ack', seq: 2, digest: checkpoint.digest });
    expect(acked.effects).toEqual([
      send({ t: 'error', seq: 2, code: 'turn_timeout', message: 'too slow' }),
    ]);
    expect(acked.state).toMatchObject({
      phase: 'idle',
      seq: 2,
      turns: 1,
      state: { count: 1 },
      last: {
        seq: 2,
        output: ['partial'],
        error: { code: 'turn_timeout', message: 'too slow' },
      },
    });
    // The failed turn consumed its number: the next turn is 3.
    expect(step(acked.state, turn(3)).effects).toEqual([
      { type: 'run', seq: 3, state: { count: 1 }, input: 'q3' },
    ]);
  });

  it('settles an oversized input as failed with frame_too_large, without running it', () => {
    const over = wireLimits.TURN_INPUT_BYTES_MAX + 1;
    const refused = step(fresh(), turn(1, 'big', over));
    const checkpoint = checkpointOf(refused.effects);
    const message = `a turn input is at most ${wireLimits.TURN_INPUT_BYTES_MAX} bytes; this one is ${over}`;
    expect(checkpoint).toMatchObject({
      seq: 1,
      turns: 0,
      state: { count: 0 },
      output: [],
      error: { code: 'frame_too_large', message },
    });
    expect(refused.state.phase).toBe('settling');
    const acked = step(refused.state, {
      type: 'checkpoint-ack',
      seq: 1,
      digest: checkpoint.digest,
    });
    expect(acked.effects).toEqual([send({ t: 'error', seq: 1, code: 'frame_too_large', message })]);
    expect(acked.state).toMatchObject({ phase: 'idle', seq: 1, turns: 0 });
    // Exactly at the limit the turn runs.
    const atLimit = step(fresh(), turn(1, 'fits', wireLimits.TURN_INPUT_BYTES_MAX));
    expect(atLimit.effects).toEqual([{ type: 'run', seq: 1, state: { count: 0 }, input: 'fits' }]);
  });

  it('fails a finished turn whose checkpoint would be too large, keeping the state before', () => {
    const running = step(fresh(), turn(1)).state;
    const huge = 'x'.repeat(wireLimits.SESSION_CHECKPOINT_BYTES_MAX);
    const ended = step(running, { type: 'finished', seq: 1, state: huge });
    const checkpoint = checkpointOf(ended.effects);
    expect(verifyCheckpoint(checkpoint).ok).toBe(true);
    expect(checkpoint).toMatchObject({
      seq: 1,
      turns: 0,
      state: { count: 0 },
      output: [],
      error: { code: 'checkpoint_too_large' },
    });
    // Too many chunks to keep for replay fails the same way.
    let chunky = step(fresh(), turn(1)).state;
    for (let n = 0; n <= wireLimits.CHECKPOINT_OUTPUT_CHUNKS_MAX; n++) {
      chunky = step(chunky, { type: 'chunk', seq: 1, data: n }).state;
    }
    const tooMany = checkpointOf(step(chunky, { type: 'finished', seq: 1, state: 1 }).effects);
    expect(tooMany).toMatchObject({
      turns: 0,
      state: { count: 0 },
      output: [],
      error: { code: 'checkpoint_too_large' },
    });
  });

  it('drops the session when even the state before does not fit in a checkpoint', () => {
    const huge = 'x'.repeat(wireLimits.SESSION_CHECKPOINT_BYTES_MAX);
    const running = step(fresh({ state: huge }), turn(1)).state;
    const ended = step(running, {
      type: 'failed',
      seq: 1,
      code: 'turn_failed',
      message: 'boom',
    });
    expect(ended.state.phase).toBe('dropped');
    expect(ended.effects).toContainEqual({ type: 'drop', code: 'checkpoint_unavailable' });
    expect(ended.effects).toContainEqual(
      expect.objectContaining({
        type: 'send',
        frame: expect.objectContaining({ t: 'error', code: 'checkpoint_unavailable' }),
      }),
    );
    expect(ended.effects.some((effect) => effect.type === 'checkpoint')).toBe(false);
  });
});

describe('turn numbering', () => {
  it('replays the last settled turn to a client that sends it again, without running it', () => {
    const settled = settleTurn(fresh(), 1, ['a', { b: 2 }], { finish: { count: 1 } });
    const again = step(settled, turn(1));
    expect(again.state).toBe(settled);
    expect(again.effects).toEqual([
      send({ t: 'chunk', seq: 1, data: 'a' }),
      send({ t: 'chunk', seq: 1, data: { b: 2 } }),
      send({ t: 'done', seq: 1, chunks: 2 }),
    ]);
    // A replayed failed turn ends with the same error.
    const failed = settleTurn(settled, 2, ['p'], { fail: 'worker_lost', message: 'gone' });
    expect(step(failed, turn(2)).effects).toEqual([
      send({ t: 'chunk', seq: 2, data: 'p' }),
      send({ t: 'error', seq: 2, code: 'worker_lost', message: 'gone' }),
    ]);
  });

  it('refuses a turn that is not the next one (turn_sequence_invalid), state unchanged', () => {
    const settled = settleTurn(fresh(), 1, [], { finish: 1 });
    for (const seq of [0, 3, 7]) {
      const refused = step(settled, turn(seq));
      expect(refused.state).toBe(settled);
      expect(refused.effects).toEqual([
        send({
          t: 'error',
          seq,
          code: 'turn_sequence_invalid',
          message: `expected turn 2, got turn ${seq}`,
        }),
      ]);
    }
    // Before any settled turn, only turn 1 is accepted; there is nothing to replay.
    const refused = step(fresh(), turn(0));
    expect(refused.effects).toEqual([
      send({
        t: 'error',
        seq: 0,
        code: 'turn_sequence_invalid',
        message: 'expected turn 1, got turn 0',
      }),
    ]);
  });

  it('refuses a turn while one runs or settles (turn_in_progress)', () => {
    const running = step(fresh(), turn(1)).state;
    for (const seq of [1, 2]) {
      expect(step(running, turn(seq))).toEqual({
        state: running,
        effects: [
          send({ t: 'error', seq, code: 'turn_in_progress', message: 'turn 1 is still running' }),
        ],
      });
    }
    const settling = step(running, { type: 'finished', seq: 1, state: 1 }).state;
    expect(step(settling, turn(2))).toEqual({
      state: settling,
      effects: [
        send({ t: 'error', seq: 2, code: 'turn_in_progress', message: 'turn 1 is still running' }),
      ],
    });
  });
});
