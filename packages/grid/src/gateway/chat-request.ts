/**
 * Reading an OpenAI chat completion request (attacker-controlled) into what the grid needs: the
 * agent the `model` names, the text of the last user message (the turn input), whether to
 * stream, and the `user` field for session affinity. Fields the grid has no use for
 * (temperature, tools, ...) are ignored, as a compatible server may.
 */
import { type WireResult, wireFail, wireLimits } from '@mycel/wire';
import { GATEWAY_MESSAGES_MAX, GATEWAY_NAME_CHARS_MAX } from '../limits.js';

export interface ChatRequest {
  /** The model as the client named it (echoed in answers). */
  readonly model: string;
  /** The agent reference the model names. */
  readonly agent: string;
  /** The last user message's text: the turn input. */
  readonly input: string;
  readonly stream: boolean;
  readonly user: string | undefined;
}

// wire's AgentReferenceSchema: a built-in name, name@version, or an asset id.
const AGENT_REFERENCE = /^(?:[a-z][a-z0-9-]{0,62}(?:@[0-9A-Za-z.+-]{1,64})?|sha256:[0-9a-f]{64})$/;

export function readChatRequest(body: unknown): WireResult<ChatRequest> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return wireFail('request_malformed', 'the body is a JSON object');
  }
  const fields = body as Record<string, unknown>;
  const { model, messages, stream, user } = fields;
  if (typeof model !== 'string' || model === '' || model.length > GATEWAY_NAME_CHARS_MAX) {
    return wireFail('request_malformed', 'model names the agent to run, e.g. "tutor"', 'model');
  }
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean') {
    return wireFail('request_malformed', 'stream is true or false', 'stream');
  }
  if (user !== undefined && (typeof user !== 'string' || user.length > GATEWAY_NAME_CHARS_MAX)) {
    return wireFail(
      'request_malformed',
      `user is a string of at most ${GATEWAY_NAME_CHARS_MAX} characters`,
      'user',
    );
  }
  const input = lastUserText(messages);
  if (!input.ok) return input;
  const inputBytes = Buffer.byteLength(JSON.stringify(input.value));
  if (inputBytes > wireLimits.TURN_INPUT_BYTES_MAX) {
    return wireFail(
      'request_too_large',
      `the last user message is at most ${wireLimits.TURN_INPUT_BYTES_MAX} bytes as JSON; it is ${inputBytes}`,
      'messages',
    );
  }
  // A model that cannot be an agent reference names no agent (404, like an unknown model).
  if (!AGENT_REFERENCE.test(model)) {
    return wireFail('agent_unknown', `no agent is called ${JSON.stringify(model)}`, 'model');
  }
  return {
    ok: true,
    value: { model, agent: model, input: input.value, stream: stream === true, user },
  };
}

function lastUserText(messages: unknown): WireResult<string> {
  if (!Array.isArray(messages) || messages.length === 0) {
    return wireFail('request_malformed', 'messages is a non-empty array', 'messages');
  }
  if (messages.length > GATEWAY_MESSAGES_MAX) {
    return wireFail(
      'request_too_large',
      `at most ${GATEWAY_MESSAGES_MAX} messages, not ${messages.length}`,
      'messages',
    );
  }
  for (const [index, message] of messages.entries()) {
    if (typeof message !== 'object' || message === null || typeof message.role !== 'string') {
      return wireFail('request_malformed', 'each message has a role', `messages[${index}]`);
    }
  }
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index] as { role: string; content?: unknown };
    if (message.role !== 'user') continue;
    const text = contentText(message.content);
    if (text === undefined) {
      return wireFail(
        'request_malformed',
        'a user message content is a string or a list of text parts',
        `messages[${index}].content`,
      );
    }
    return { ok: true, value: text };
  }
  return wireFail('request_malformed', 'messages has no user message', 'messages');
}

/** A message content: a string, or OpenAI content parts whose text parts are joined. */
function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const texts: string[] = [];
  for (const part of content) {
    if (typeof part !== 'object' || part === null) return undefined;
    const { type, text } = part as { type?: unknown; text?: unknown };
    if (type === 'text' && typeof text === 'string') texts.push(text);
  }
  return texts.join('');
}
