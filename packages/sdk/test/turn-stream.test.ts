import type { JsonValue } from '@mycel/kernel';
import { describe, expect, it } from 'vitest';
import { OpenGridError } from '../src/errors.js';
import { TURN_CHUNKS_BUFFERED_MAX } from '../src/limits.js';
import { TurnChannel } from '../src/turn-stream.js';

function channel() {
  let cancels = 0;
  const turn = new TurnChannel(7, () => {
    cancels += 1;
  });
  return { turn, cancels: () => cancels };
}

describe('TurnStream', () => {
  it('yields each chunk as soon as it is pushed, before the turn ends', async () => {
    const { turn } = channel();
    const iterator = turn.stream[Symbol.asyncIterator]();
    const first = iterator.next();
    turn.push({ text: 'a' });
    expect(await first).toEqual({ done: false, value: { text: 'a' } });
    turn.push('b');
    turn.push(null);
    expect(await iterator.next()).toEqual({ done: false, value: 'b' });
    expect(await iterator.next()).toEqual({ done: false, value: null });
    turn.finish({ seq: 7, chunks: 3 });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    await expect(turn.stream.done).resolves.toEqual({ seq: 7, chunks: 3 });
  });

  it('throws the turn error from the loop after the chunks that came before it', async () => {
    const { turn } = channel();
    turn.push('a');
    turn.fail(new OpenGridError('turn_failed', 'boom'));
    const seen: JsonValue[] = [];
    const loop = async () => {
      for await (const chunk of turn.stream) seen.push(chunk);
    };
    await expect(loop()).rejects.toMatchObject({ code: 'turn_failed' });
    expect(seen).toEqual(['a']);
    await expect(turn.stream.done).rejects.toBeInstanceOf(OpenGridError);
  });

  it('a failure nobody awaits is not an unhandled rejection', async () => {
    const { turn } = channel();
    turn.fail(new OpenGridError('node_unavailable', 'gone'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(turn.ended).toBe(true);
  });

  it('breaking out of the loop cancels a running turn once, and not a finished one', async () => {
    const running = channel();
    running.turn.push('a');
    running.turn.push('b');
    for await (const _chunk of running.turn.stream) break;
    expect(running.cancels()).toBe(1);
    running.turn.push('late');
    expect(await running.turn.stream[Symbol.asyncIterator]().next()).toMatchObject({ done: true });

    const finished = channel();
    finished.turn.push('a');
    finished.turn.finish({ seq: 7, chunks: 1 });
    for await (const _chunk of finished.turn.stream) break;
    expect(finished.cancels()).toBe(0);
  });

  it('cancels and fails with sdk_chunks_overflow when chunks pile up unread', async () => {
    const { turn, cancels } = channel();
    for (let index = 0; index <= TURN_CHUNKS_BUFFERED_MAX; index++) turn.push(index);
    expect(cancels()).toBe(1);
    await expect(turn.stream.done).rejects.toMatchObject({ code: 'sdk_chunks_overflow' });
  });

  it('settles once: a later finish or failure changes nothing', async () => {
    const { turn } = channel();
    turn.finish({ seq: 7, chunks: 0 });
    turn.fail(new OpenGridError('turn_failed', 'late'));
    await expect(turn.stream.done).resolves.toEqual({ seq: 7, chunks: 0 });
  });
});
