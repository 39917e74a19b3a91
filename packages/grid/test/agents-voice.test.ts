import { describe, expect, it } from 'vitest';
import { readUtterance, voiceAgent, voiceReplyWords } from '../src/agents/voice.js';
import { VOICE_CHUNK_INTERVAL_MS, VOICE_REPLY_WORDS_MAX } from '../src/limits.js';
import { initAgent, runAgentTurn } from './support/agent-harness.js';

describe('voice agent', () => {
  it('streams its reply word by word, spaced in time', async () => {
    const turn = await runAgentTurn(voiceAgent, await initAgent(voiceAgent), 'hello there');
    const texts = turn.chunks.map(({ chunk }) => (chunk as { text: string }).text);
    expect(texts.join('')).toBe(
      'Turn 1. I heard you say: hello there. This is the start of our conversation.',
    );
    expect(texts.length).toBeGreaterThan(5);
    turn.chunks.forEach(({ chunk }, index) => {
      expect(chunk).toMatchObject({ offsetMs: index * VOICE_CHUNK_INTERVAL_MS });
    });
    // Timers never fire early, so the last chunk cannot arrive before its planned offset.
    const last = turn.chunks.at(-1)!;
    expect(last.atMs).toBeGreaterThanOrEqual(
      (turn.chunks.length - 1) * VOICE_CHUNK_INTERVAL_MS - 1,
    );
    for (let index = 1; index < turn.chunks.length; index++) {
      expect(turn.chunks[index]!.atMs).toBeGreaterThan(turn.chunks[index - 1]!.atMs);
    }
  });

  it('keeps the turn count and the last utterance as state', async () => {
    const first = await runAgentTurn(voiceAgent, await initAgent(voiceAgent), { text: 'one' });
    expect(first.state).toEqual({ turns: 1, lastUtterance: 'one' });
    const second = await runAgentTurn(voiceAgent, first.state, 'two');
    expect(second.state).toEqual({ turns: 2, lastUtterance: 'two' });
    const spoken = second.chunks.map(({ chunk }) => (chunk as { text: string }).text).join('');
    expect(spoken).toBe('Turn 2. I heard you say: two. Before that you said: one.');
  });

  it('stops at once when the turn is cancelled', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled')), VOICE_CHUNK_INTERVAL_MS * 2);
    await expect(
      runAgentTurn(voiceAgent, { turns: 0, lastUtterance: null }, 'a b c d e f g h', {
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('bounds what it hears and says', () => {
    expect(readUtterance({ text: '  many   spaces \n here ' })).toBe('many spaces here');
    expect(readUtterance(42)).toBe('');
    expect(readUtterance(['x'])).toBe('');
    const words = voiceReplyWords('word '.repeat(1000), { turns: 0, lastUtterance: null });
    expect(words).toHaveLength(VOICE_REPLY_WORDS_MAX);
  });

  it('refuses state that is not a voice state', async () => {
    await expect(runAgentTurn(voiceAgent, [], 'hi')).rejects.toThrow(/malformed/);
    await expect(runAgentTurn(voiceAgent, { turns: -1 }, 'hi')).rejects.toThrow(/turn count/);
  });
});
