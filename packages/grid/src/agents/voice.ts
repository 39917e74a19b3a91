/**
 * `voice`: a built-in agent that answers like a voice agent, streaming its reply one word at a
 * time on a fixed cadence, so the client hears the first word long before the last. Input: the
 * utterance, as a string or `{text}`. Each chunk is `{text, offsetMs}`, where offsetMs is the
 * word's planned offset from the start of the reply. State: the turn count and the last utterance.
 */
import type { JsonValue } from '@mycel/kernel';
import {
  VOICE_CHUNK_INTERVAL_MS,
  VOICE_REPLY_WORDS_MAX,
  VOICE_UTTERANCE_CHARS_MAX,
} from '../limits.js';
import { defineAgent } from './define-agent.js';

export type VoiceState = { turns: number; lastUtterance: string | null };

/** The utterance in a turn input (attacker-controlled), cut to VOICE_UTTERANCE_CHARS_MAX. */
export function readUtterance(input: JsonValue): string {
  let text = '';
  if (typeof input === 'string') text = input;
  else if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    const field = input.text;
    if (typeof field === 'string') text = field;
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, VOICE_UTTERANCE_CHARS_MAX);
}

/** The words of the reply to `utterance`, given what was said before. */
export function voiceReplyWords(utterance: string, state: VoiceState): string[] {
  const heard = utterance === '' ? 'I heard nothing.' : `I heard you say: ${utterance}.`;
  const before =
    state.lastUtterance === null || state.lastUtterance === ''
      ? 'This is the start of our conversation.'
      : `Before that you said: ${state.lastUtterance}.`;
  const reply = `Turn ${state.turns + 1}. ${heard} ${before}`;
  return reply
    .split(' ')
    .filter((word) => word !== '')
    .slice(0, VOICE_REPLY_WORDS_MAX);
}

function readVoiceState(value: JsonValue): VoiceState {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('the voice state is malformed');
  }
  const { turns, lastUtterance } = value;
  if (typeof turns !== 'number' || !Number.isSafeInteger(turns) || turns < 0) {
    throw new Error('the voice state has no turn count');
  }
  return { turns, lastUtterance: typeof lastUtterance === 'string' ? lastUtterance : null };
}

export const voiceAgent = defineAgent<VoiceState>({
  name: 'voice',
  version: '1.0.0',
  init: () => ({ turns: 0, lastUtterance: null }),
  async onTurn(stored, input, context) {
    const state = readVoiceState(stored);
    const utterance = readUtterance(input);
    const words = voiceReplyWords(utterance, state);
    for (const [index, word] of words.entries()) {
      if (index > 0) await context.sleep(VOICE_CHUNK_INTERVAL_MS);
      const text = index < words.length - 1 ? `${word} ` : word;
      context.emit({ text, offsetMs: index * VOICE_CHUNK_INTERVAL_MS });
    }
    return { turns: state.turns + 1, lastUtterance: utterance };
  },
});
