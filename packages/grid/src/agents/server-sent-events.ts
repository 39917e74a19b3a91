/**
 * Reads a server-sent-event stream (WHATWG HTML §9.2.6, "Interpreting an event stream") from
 * text pieces that may split lines anywhere, and yields the data of each event. Only `data`
 * fields matter to OpenAI-compatible streams; comments, `event`, `id` and `retry` are skipped.
 * The stream comes from a backend server, so line length is bounded.
 */
import { BACKEND_EVENT_CHARS_MAX } from '../limits.js';
import { AgentTurnError } from './agent-turn-error.js';

const LINE_END = /\r\n|\r|\n/g;

export class ServerSentEventReader {
  #pending = '';
  #data: string[] = [];

  /** Feeds the next piece of text; returns the data of every event it completes. */
  push(text: string): string[] {
    this.#pending += text;
    const events: string[] = [];
    let lineStart = 0;
    LINE_END.lastIndex = 0;
    for (let match = LINE_END.exec(this.#pending); match; match = LINE_END.exec(this.#pending)) {
      // A CR at the very end may be the first half of a CRLF split across pieces.
      if (match[0] === '\r' && match.index === this.#pending.length - 1) break;
      this.#readLine(this.#pending.slice(lineStart, match.index), events);
      lineStart = match.index + match[0].length;
    }
    this.#pending = this.#pending.slice(lineStart);
    if (this.#pending.length > BACKEND_EVENT_CHARS_MAX) {
      throw new AgentTurnError('backend_error', 'the backend sent an over-long event line');
    }
    return events;
  }

  /** The stream ended: an event still being collected is dispatched (lenient, like browsers). */
  end(): string[] {
    const events: string[] = [];
    if (this.#pending !== '') this.#readLine(this.#pending.replace(/\r$/, ''), events);
    this.#pending = '';
    this.#readLine('', events);
    return events;
  }

  #readLine(line: string, events: string[]): void {
    if (line === '') {
      if (this.#data.length > 0) events.push(this.#data.join('\n'));
      this.#data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    if (field !== 'data') return;
    const value = colon < 0 ? '' : line.slice(colon + 1);
    this.#data.push(value.startsWith(' ') ? value.slice(1) : value);
  }
}
