/**
 * `chat`: a built-in agent that forwards each turn to the node's language-model backend and
 * streams the reply as it arrives, one chunk `{text}` per content delta. The conversation lives
 * in the session state (bounded), so the backend itself stays stateless and any node with the
 * same model can continue the session. Input: the user's message as a string, `{text}` or
 * `{content}`. Init config: `{system}`, an optional system prompt.
 */
import type { JsonValue } from '@mycel/kernel';
import { CHAT_HISTORY_MESSAGES_MAX, CHAT_MESSAGE_CHARS_MAX } from '../limits.js';
import { AgentTurnError } from './agent-turn-error.js';
import type { ChatMessage, ChatRole } from './chat-backend.js';
import { defineAgent } from './define-agent.js';

export type ChatState = { messages: ChatMessage[] };

const ROLES: readonly ChatRole[] = ['system', 'user', 'assistant'];

function textField(value: JsonValue | undefined, fields: readonly string[]): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  for (const field of fields) {
    const text = value[field];
    if (typeof text === 'string') return text;
  }
  return undefined;
}

function readChatState(value: JsonValue): ChatState {
  const list =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? value.messages
      : undefined;
  if (!Array.isArray(list)) throw new Error('the chat state has no message list');
  const messages: ChatMessage[] = [];
  for (const item of list) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
    const role = ROLES.find((candidate) => candidate === item.role);
    if (role !== undefined && typeof item.content === 'string') {
      messages.push({ role, content: item.content });
    }
  }
  return { messages };
}

/**
 * Keeps the system prompt (if any) and the most recent messages, CHAT_HISTORY_MESSAGES_MAX in
 * all, dropping whole user/assistant exchanges from the oldest end.
 */
export function boundHistory(messages: readonly ChatMessage[]): ChatMessage[] {
  const system = messages[0]?.role === 'system' ? [messages[0]] : [];
  let rest = messages.slice(system.length);
  while (system.length + rest.length > CHAT_HISTORY_MESSAGES_MAX && rest.length > 0) {
    rest = rest.slice(rest[0]?.role === 'user' && rest[1]?.role === 'assistant' ? 2 : 1);
  }
  return [...system, ...rest];
}

export const chatAgent = defineAgent<ChatState>({
  name: 'chat',
  version: '1.0.0',
  init({ config }) {
    const system = textField(config, ['system']);
    if (system === undefined || system.trim() === '') return { messages: [] };
    return { messages: [{ role: 'system', content: system.slice(0, CHAT_MESSAGE_CHARS_MAX) }] };
  },
  async onTurn(stored, input, context) {
    const backend = context.backend;
    if (backend === undefined) {
      throw new AgentTurnError('backend_unavailable', 'this node has no model backend configured');
    }
    const text = textField(input, ['text', 'content']);
    if (text === undefined || text.trim() === '') throw new Error('a chat turn needs some text');
    const state = readChatState(stored);
    const user: ChatMessage = { role: 'user', content: text.slice(0, CHAT_MESSAGE_CHARS_MAX) };
    const history = boundHistory([...state.messages, user]);
    const reply = await backend.complete(
      history,
      (delta) => context.emit({ text: delta }),
      context.signal,
    );
    const assistant: ChatMessage = {
      role: 'assistant',
      content: reply.slice(0, CHAT_MESSAGE_CHARS_MAX),
    };
    return { messages: boundHistory([...history, assistant]) };
  },
});
