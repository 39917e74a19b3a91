/**
 * A ChatBackend that talks to any OpenAI-compatible server: `POST {baseUrl}/chat/completions`
 * with `stream: true`, read back as server-sent events whose data is a `chat.completion.chunk`
 * object, ending with `data: [DONE]`. Everything the server sends is untrusted: lines and the
 * whole reply are bounded, and malformed data fails the turn with `backend_error`.
 */
import { BACKEND_ERROR_CHARS_MAX, BACKEND_REPLY_CHARS_MAX } from '../limits.js';
import { AgentTurnError } from './agent-turn-error.js';
import type { BackendConfig } from './backend-spec.js';
import type { ChatBackend, ChatMessage } from './chat-backend.js';
import { ServerSentEventReader } from './server-sent-events.js';

const STREAM_END = '[DONE]';
/** Statuses that mean "not now" rather than "wrong request": overloaded or a proxy without upstream. */
const UNAVAILABLE_STATUSES = [429, 502, 503, 504];

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const detail = cause?.code ?? cause?.message;
  return detail === undefined ? error.message : `${error.message} (${String(detail)})`;
}

async function failedStatus(response: Response): Promise<AgentTurnError> {
  let detail = '';
  try {
    const text = (await response.text()).slice(0, BACKEND_ERROR_CHARS_MAX);
    const parsed = JSON.parse(text) as { error?: { message?: unknown } | string };
    const error = parsed.error;
    detail = typeof error === 'string' ? error : String(error?.message ?? text);
  } catch {
    detail = '';
  }
  const code = UNAVAILABLE_STATUSES.includes(response.status)
    ? 'backend_unavailable'
    : 'backend_error';
  const suffix = detail === '' ? '' : `: ${detail.slice(0, BACKEND_ERROR_CHARS_MAX)}`;
  return new AgentTurnError(code, `the backend answered HTTP ${response.status}${suffix}`);
}

interface StreamProgress {
  reply: string;
  finished: boolean;
}

/** Applies one event's data to the reply; returns true at the end of the stream. */
function readEvent(
  data: string,
  progress: StreamProgress,
  onDelta: (text: string) => void,
): boolean {
  if (data === STREAM_END) return true;
  let chunk: {
    error?: unknown;
    choices?: { delta?: { content?: unknown }; finish_reason?: unknown }[];
  };
  try {
    chunk = JSON.parse(data);
  } catch {
    throw new AgentTurnError('backend_error', 'the backend streamed data that is not JSON');
  }
  if (typeof chunk !== 'object' || chunk === null) {
    throw new AgentTurnError('backend_error', 'the backend streamed data that is not an object');
  }
  if (chunk.error !== undefined) {
    const message = JSON.stringify(chunk.error).slice(0, BACKEND_ERROR_CHARS_MAX);
    throw new AgentTurnError('backend_error', `the backend reported an error: ${message}`);
  }
  const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
  const content = choice?.delta?.content;
  if (typeof content === 'string' && content !== '') {
    if (progress.reply.length + content.length > BACKEND_REPLY_CHARS_MAX) {
      throw new AgentTurnError('backend_error', 'the backend reply is longer than allowed');
    }
    progress.reply += content;
    onDelta(content);
  }
  if (typeof choice?.finish_reason === 'string') progress.finished = true;
  return false;
}

async function readStream(
  body: ReadableStream<Uint8Array>,
  onDelta: (text: string) => void,
): Promise<string> {
  const reader = new ServerSentEventReader();
  const decoder = new TextDecoder();
  const progress: StreamProgress = { reply: '', finished: false };
  for await (const piece of body) {
    for (const data of reader.push(decoder.decode(piece, { stream: true }))) {
      // Leaving the loop cancels the body, which releases the connection.
      if (readEvent(data, progress, onDelta)) return progress.reply;
    }
  }
  for (const data of reader.push(decoder.decode()).concat(reader.end())) {
    if (readEvent(data, progress, onDelta)) return progress.reply;
  }
  if (!progress.finished) {
    throw new AgentTurnError('backend_unavailable', 'the backend stream ended before [DONE]');
  }
  return progress.reply;
}

export function createOpenAiBackend(config: BackendConfig): ChatBackend {
  const endpoint = `${config.baseUrl}/chat/completions`;
  return {
    model: config.model,
    async complete(messages: readonly ChatMessage[], onDelta, signal) {
      try {
        const response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
          body: JSON.stringify({ model: config.model, messages, stream: true }),
          signal,
        });
        if (!response.ok) throw await failedStatus(response);
        const type = response.headers.get('content-type') ?? '';
        if (response.body === null || !type.includes('text/event-stream')) {
          throw new AgentTurnError('backend_error', `the backend did not stream (${type})`);
        }
        return await readStream(response.body, onDelta);
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (error instanceof AgentTurnError) throw error;
        throw new AgentTurnError(
          'backend_unavailable',
          `cannot reach the backend: ${describe(error)}`,
          {
            cause: error,
          },
        );
      }
    },
  };
}
