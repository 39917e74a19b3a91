/**
 * The node's turn machine when the session leaves the node (refused, timed out, handed back),\n * when a client resumes or attaches, and a property over random turn sequences.
 */
import {
  attachSource,
  resumeSeq,
  type SettledTurn,
  startTurns,
  type TurnsEvent,
  turnsFromCheckpoint,
} from '@mycel/grid';
import type { JsonValue } from '@mycel/kernel';
import {
  type SessionCheckpoint,
  sealCheckpoint,
  verifyCheckpoint,
  type WireErrorCode,
  wireLimits,
} from '@mycel/wire';
import fc from 'fast-check';
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

describe('leaving the node', () => {
  it('drops on a refusal with a resumable code the client is told, aborting a running turn', () => {
    const cases: [WireErrorCode, WireErrorCode][] = [
      ['session_epoch_stale', 'ticket_stale_epoch'],
      ['session_wrong_node', 'ticket_stale_epoch'],
      ['checkpoint_stale', 'ticket_stale_epoch'],
      ['session_closed', 'session_closed'],
      ['session_not_found', 'session_closed'],
    ];
    for (const [refusal, told] of cases) {
      const idle = step(fresh(), { type: 'refused', code: refusal, message: 'why' });
      expect(idle.effects).toEqual([
        send({ t: 'error', code: told, message: 'why' }),
        { type: 'drop', code: told },
      ]);
      expect(idle.state).toMatchObject({ phase: 'dropped', running: undefined });
      const running = step(fresh(), turn(1)).state;
      const aborted = step(running, { type: 'refused', code: refusal, message: 'why' });
      expect(aborted.effects).toEqual([
        { type: 'abort', seq: 1, code: 'session_moved' },
        send({ t: 'error', code: told, message: 'why' }),
        { type: 'drop', code: told },
      ]);
    }
    // Settling: nothing runs, so nothing is aborted; the held frame never leaves.
    const { state } = runToCheckpoint(fresh(), 1, [], { finish: 1 });
    expect(
      step(state, { type: 'refused', code: 'session_epoch_stale', message: 'm' }).effects,
    ).toEqual([
      send({ t: 'error', code: 'ticket_stale_epoch', message: 'm' }),
      { type: 'drop', code: 'ticket_stale_epoch' },
    ]);
  });

  it('drops with checkpoint_unavailable when the acknowledgement of the settling turn times out', () => {
    const { state } = runToCheckpoint(fresh(), 1, ['a'], { finish: 1 });
    const timedOut = step(state, { type: 'checkpoint-timeout', seq: 1 });
    expect(timedOut.effects).toEqual([
      send({
        t: 'error',
        code: 'checkpoint_unavailable',
        message: 'the coordinator did not store the turn in time',
      }),
      { type: 'drop', code: 'checkpoint_unavailable' },
    ]);
    expect(timedOut.state).toMatchObject({ phase: 'dropped', seq: 0, turns: 0 });
  });

  it('ignores a checkpoint timeout of a turn already settled, or while idle or running', () => {
    const settled = settleTurn(fresh(), 1, [], { finish: 1 });
    expect(step(settled, { type: 'checkpoint-timeout', seq: 1 })).toEqual({
      state: settled,
      effects: [],
    });
    const running = step(settled, turn(2)).state;
    expect(step(running, { type: 'checkpoint-timeout', seq: 2 })).toEqual({
      state: running,
      effects: [],
    });
    const settling = step(running, { type: 'finished', seq: 2, state: 2 }).state;
    expect(step(settling, { type: 'checkpoint-timeout', seq: 1 })).toEqual({
      state: settling,
      effects: [],
    });
  });

  it('hands an idle session back at once (session_moved)', () => {
    const settled = settleTurn(fresh(), 1, [], { finish: 1 });
    const back = step(settled, { type: 'hand-back' });
    expect(back.effects).toEqual([
      send({ t: 'error', code: 'session_moved', message: 'the node is draining' }),
      { type: 'drop', code: 'session_moved' },
    ]);
    expect(back.state).toMatchObject({ phase: 'dropped', seq: 1, turns: 1 });
  });

  it('hands a running session back only after its turn is acknowledged: done, then session_moved', () => {
    const running = step(fresh(), turn(1)).state;
    const marked = step(running, { type: 'hand-back' });
    expect(marked.effects).toEqual([]);
    expect(marked.state).toMatchObject({ phase: 'running', handBack: true });
    // The running turn goes on: its chunks still flow.
    const chunked = step(marked.state, { type: 'chunk', seq: 1, data: 'a' });
    expect(chunked.effects).toEqual([send({ t: 'chunk', seq: 1, data: 'a' })]);
    const ended = step(chunked.state, { type: 'finished', seq: 1, state: 1 });
    const checkpoint = checkpointOf(ended.effects);
    expect(ended.state.phase).toBe('settling');
    const acked = step(ended.state, { type: 'checkpoint-ack', seq: 1, digest: checkpoint.digest });
    expect(acked.effects).toEqual([
      send({ t: 'done', seq: 1, chunks: 1 }),
      send({ t: 'error', code: 'session_moved', message: 'the node is draining' }),
      { type: 'drop', code: 'session_moved' },
    ]);
    expect(acked.state).toMatchObject({ phase: 'dropped', seq: 1, turns: 1, state: 1 });
  });

  it('does nothing after the session was dropped', () => {
    const { state: settling, checkpoint } = runToCheckpoint(fresh(), 1, [], { finish: 1 });
    const dropped = step(settling, { type: 'checkpoint-timeout', seq: 1 }).state;
    const events: TurnsEvent[] = [
      turn(1),
      turn(2),
      { type: 'chunk', seq: 1, data: 'x' },
      { type: 'finished', seq: 1, state: 2 },
      { type: 'failed', seq: 1, code: 'turn_failed', message: 'm' },
      { type: 'checkpoint-ack', seq: 1, digest: checkpoint.digest },
      { type: 'refused', code: 'session_closed', message: 'm' },
      { type: 'checkpoint-timeout', seq: 1 },
      { type: 'hand-back' },
    ];
    for (const event of events)
      expect(step(dropped, event)).toEqual({ state: dropped, effects: [] });
  });
});

describe('resuming and attaching', () => {
  const withLast = (seq: number): SettledTurn => ({ seq, output: ['o'], error: undefined });

  it('resumes after the last acknowledged turn, or replays the last settled one', () => {
    const state = fresh({ seq: 3, turns: 3, last: withLast(3) });
    expect(resumeSeq(state, 3)).toEqual({ ok: true, nextSeq: 4 });
    expect(resumeSeq(state, 2)).toEqual({ ok: true, nextSeq: 3 });
    expect(resumeSeq(fresh(), 0)).toEqual({ ok: true, nextSeq: 1 });
  });

  it('refuses a client ahead of the node or further behind than one turn', () => {
    const state = fresh({ seq: 3, turns: 3, last: withLast(3) });
    expect(resumeSeq(state, 4)).toEqual({
      ok: false,
      code: 'resume_seq_ahead',
      message: 'turn 4 was never settled here; the last settled turn is 3',
    });
    expect(resumeSeq(state, 1)).toEqual({
      ok: false,
      code: 'turn_sequence_invalid',
      message: 'the client acknowledged turn 1; turns up to 3 are settled',
    });
    // One behind but nothing kept to replay: it cannot be answered.
    const forgotten = fresh({ seq: 3, turns: 3, last: undefined });
    expect(resumeSeq(forgotten, 2)).toMatchObject({ ok: false, code: 'turn_sequence_invalid' });
  });

  it('restores from a checkpoint exactly what the node settled: state, counts, the replay', () => {
    const first = settleTurn(fresh(), 1, ['a'], { finish: { count: 1 } });
    const { state: settling, checkpoint } = runToCheckpoint(first, 2, ['b', 'c'], {
      finish: { count: 2 },
    });
    const original = step(settling, { type: 'checkpoint-ack', seq: 2, digest: checkpoint.digest });
    const start = turnsFromCheckpoint(checkpoint, EPOCH + 1);
    expect(start).toEqual({
      sid: SID,
      epoch: EPOCH + 1,
      agent: AGENT,
      state: { count: 2 },
      seq: 2,
      turns: 2,
      last: { seq: 2, output: ['b', 'c'], error: undefined },
    });
    const restored = startTurns(start);
    expect(restored).toMatchObject({ phase: 'idle', running: undefined, handBack: false });
    // The re-sent turn gets the same chunks and the same ending the old node sent.
    expect(step(restored, turn(2)).effects).toEqual([
      send({ t: 'chunk', seq: 2, data: 'b' }),
      send({ t: 'chunk', seq: 2, data: 'c' }),
      ...original.effects,
    ]);
    expect(resumeSeq(restored, 1)).toEqual({ ok: true, nextSeq: 2 });
    // The next turn runs from the restored state, at the new epoch.
    const next = runToCheckpoint(restored, 3, [], { finish: { count: 3 } });
    expect(next.checkpoint).toMatchObject({ epoch: EPOCH + 1, seq: 3, turns: 3 });
  });

  it('restores a failed turn with its error, and a turn-0 checkpoint with nothing to replay', () => {
    const { checkpoint } = runToCheckpoint(fresh(), 1, [], { fail: 'turn_failed', message: 'x' });
    expect(turnsFromCheckpoint(checkpoint, 1).last).toEqual({
      seq: 1,
      output: [],
      error: { code: 'turn_failed', message: 'x' },
    });
    const zero = sealCheckpoint({
      sid: SID,
      epoch: 1,
      seq: 0,
      turns: 0,
      agent: AGENT,
      state: { count: 0 },
      output: [],
    });
    if (!zero.ok) throw new Error(zero.error.message);
    expect(turnsFromCheckpoint(zero.value, 2)).toMatchObject({ seq: 0, turns: 0, last: undefined });
  });

  it('picks the attach source from the ticket, not from what the node holds', () => {
    const named = { seq: 4, digest: `sha256:${'a'.repeat(64)}` };
    const other = `sha256:${'b'.repeat(64)}`;
    expect(attachSource(named, named.digest)).toEqual({ from: 'carried' });
    expect(attachSource(undefined, undefined)).toEqual({ from: 'carried' });
    expect(attachSource(undefined, other)).toEqual({ from: 'carried' });
    expect(attachSource(named, other)).toEqual({ from: 'restore', digest: named.digest, seq: 4 });
    // Carried before its first turn, but the ticket names a checkpoint: restore it.
    expect(attachSource(named, undefined)).toEqual({
      from: 'restore',
      digest: named.digest,
      seq: 4,
    });
    // null: nothing carried.
    expect(attachSource(named, null)).toEqual({ from: 'restore', digest: named.digest, seq: 4 });
    expect(attachSource(undefined, null)).toEqual({ from: 'init' });
  });
});

describe('turn machine property', () => {
  type Outcome = 'finish' | 'fail' | 'oversize';
  type Noise =
    | 'turn-same'
    | 'turn-next'
    | 'stale-ack'
    | 'stale-timeout'
    | 'stale-chunk'
    | 'early-ack';
  const FAIL_CODES = ['turn_failed', 'turn_timeout', 'worker_lost', 'turn_cancelled'] as const;
  const stale: readonly Noise[] = [
    'turn-same',
    'turn-next',
    'stale-ack',
    'stale-timeout',
    'stale-chunk',
  ];
  // An acknowledgement of the running turn before it ended names nothing the node settled; while
  // settling, one with another digest drops the session (tested above), so not here.
  const runningNoise = fc.constantFrom<Noise>(...stale, 'early-ack');
  const settlingNoise = fc.constantFrom<Noise>(...stale);
  const turnPlan = fc.record({
    chunks: fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), { maxLength: 4 }),
    outcome: fc.constantFrom<Outcome>('finish', 'fail', 'oversize'),
    failCode: fc.constantFrom(...FAIL_CODES),
    whileRunning: fc.array(runningNoise, { maxLength: 3 }),
    whileSettling: fc.array(settlingNoise, { maxLength: 3 }),
    whileIdle: fc.array(fc.constantFrom('replay', 'skip', 'old-ack'), { maxLength: 2 }),
  });

  it('settles every turn once, counts successes, and sends an ending only after its ack', () => {
    fc.assert(
      fc.property(fc.array(turnPlan, { maxLength: 12 }), (plans) => {
        let state = fresh({ state: 0 });
        const acked = new Set<number>();
        const digests = new Map<number, string>();
        let successes = 0;
        let lastGood: JsonValue = 0;

        const apply = (event: TurnsEvent) => {
          const result = step(state, event);
          if (event.type === 'checkpoint-ack' && digests.get(event.seq) === event.digest) {
            if (state.phase === 'settling' && state.running?.seq === event.seq)
              acked.add(event.seq);
          }
          for (const effect of result.effects) {
            expect(effect.type).not.toBe('drop');
            if (effect.type !== 'send') continue;
            const frame = effect.frame;
            if (frame.t === 'done') expect(acked.has(frame.seq)).toBe(true);
            if (frame.t === 'error') {
              expect(frame.seq).toBeDefined();
              const refusal =
                frame.code === 'turn_in_progress' || frame.code === 'turn_sequence_invalid';
              if (!refusal) expect(acked.has(frame.seq ?? -1)).toBe(true);
            }
          }
          state = result.state;
          return result;
        };

        const noiseEvent = (kind: Noise, seq: number): TurnsEvent => {
          switch (kind) {
            case 'turn-same':
              return turn(seq);
            case 'turn-next':
              return turn(seq + 1);
            case 'stale-ack':
              return { type: 'checkpoint-ack', seq: seq - 1, digest: digests.get(seq - 1) ?? '' };
            case 'stale-timeout':
              return { type: 'checkpoint-timeout', seq: seq - 1 };
            case 'stale-chunk':
              return { type: 'chunk', seq: seq - 1, data: 'stale' };
            case 'early-ack':
              return { type: 'checkpoint-ack', seq, digest: `sha256:${'0'.repeat(64)}` };
          }
        };

        for (const plan of plans) {
          const seq = state.seq + 1;
          for (const kind of plan.whileIdle) {
            if (kind === 'replay' && state.last !== undefined) {
              const replayed = apply(turn(state.seq));
              expect(replayed.effects).toHaveLength((state.last?.output.length ?? 0) + 1);
            } else if (kind === 'skip') {
              apply(turn(seq + 1));
            } else if (kind === 'old-ack' && state.seq > 0) {
              apply({ type: 'checkpoint-ack', seq: state.seq, digest: digests.get(state.seq)! });
            }
          }
          const inputBytes = plan.outcome === 'oversize' ? wireLimits.TURN_INPUT_BYTES_MAX + 1 : 4;
          const accepted = apply(turn(seq, seq, inputBytes));
          let checkpoint: SessionCheckpoint;
          if (plan.outcome === 'oversize') {
            checkpoint = checkpointOf(accepted.effects);
          } else {
            expect(accepted.effects).toEqual([{ type: 'run', seq, state: lastGood, input: seq }]);
            for (const kind of plan.whileRunning) {
              // An early "ack" while running is not an ack of anything.
              expect(
                apply(noiseEvent(kind, seq)).effects.some((e) => e.type === 'checkpoint'),
              ).toBe(false);
            }
            for (const data of plan.chunks) apply({ type: 'chunk', seq, data });
            const ended =
              plan.outcome === 'finish'
                ? apply({ type: 'finished', seq, state: seq * 10 })
                : apply({ type: 'failed', seq, code: plan.failCode, message: `m${seq}` });
            checkpoint = checkpointOf(ended.effects);
          }
          expect(verifyCheckpoint(checkpoint).ok).toBe(true);
          digests.set(seq, checkpoint.digest);
          for (const kind of plan.whileSettling) apply(noiseEvent(kind, seq));
          expect(state.phase).toBe('settling');
          expect(acked.has(seq)).toBe(false);
          const ack = apply({ type: 'checkpoint-ack', seq, digest: checkpoint.digest });
          expect(ack.effects).toHaveLength(1);
          const frame = ack.effects[0]?.type === 'send' ? ack.effects[0].frame : undefined;
          if (plan.outcome === 'finish') {
            successes += 1;
            lastGood = seq * 10;
            expect(frame).toEqual({ t: 'done', seq, chunks: plan.chunks.length });
          } else {
            const code = plan.outcome === 'oversize' ? 'frame_too_large' : plan.failCode;
            expect(frame).toMatchObject({ t: 'error', seq, code });
          }
          expect(state).toMatchObject({ phase: 'idle', seq, turns: successes, state: lastGood });
        }
        expect(state.seq).toBe(plans.length);
        expect(state.turns).toBe(successes);
        expect(state.state).toEqual(lastGood);
      }),
      { numRuns: 300 },
    );
  });
});
