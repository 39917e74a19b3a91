/**
 * The answers an OpenAI client expects (the Chat Completions API): one `chat.completion`
 * object, or a stream of `chat.completion.chunk` objects as server-sent events ending with
 * `data: [DONE]`. Agent output chunks are JSON; they become text here.
 */

/** What identifies one completion in every object of its answer. */
export interface CompletionHeader {
  readonly id: string;
  /** Unix seconds. */
  readonly created: number;
  readonly model: string;
}

export type FinishReason = 'stop' | 'length';

/**
 * An agent's chunk as text: a string as is, `{text}` as its text, anything else as JSON. A chunk
 * that also names its `type` (the tutor's feedback, mastery, question) is a whole message, not a
 * fragment of one: after earlier text it starts a new paragraph (`separator`; a terminal uses a
 * new line).
 */
export function chunkText(data: unknown, afterText = false, separator = '\n\n'): string {
  if (typeof data === 'string') return data;
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
    const { text, type } = data as { text?: unknown; type?: unknown };
    if (typeof text === 'string') {
      return afterText && typeof type === 'string' && text !== '' ? `${separator}${text}` : text;
    }
  }
  return JSON.stringify(data) ?? '';
}

export function completion(header: CompletionHeader, content: string, finish: FinishReason) {
  return {
    id: header.id,
    object: 'chat.completion',
    created: header.created,
    model: header.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: null },
        logprobs: null,
        finish_reason: finish,
      },
    ],
  };
}

export function completionChunk(
  header: CompletionHeader,
  delta: { readonly role?: 'assistant'; readonly content?: string },
  finish: FinishReason | null,
) {
  return {
    id: header.id,
    object: 'chat.completion.chunk',
    created: header.created,
    model: header.model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  };
}

/** One server-sent event carrying `value` as JSON (WHATWG HTML §9.2 event stream format). */
export function serverSentEvent(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}

export const SERVER_SENT_DONE = 'data: [DONE]\n\n';
