/**
 * One turn as the caller sees it: an async iterable of the agent's output chunks, each yielded as
 * soon as it arrives, plus `done`, which settles when the node ends the turn. Breaking out of a
 * `for await` loop cancels the turn on the node. A failed turn makes the loop throw, and `done`
 * reject, with the same OpenGridError.
 */
import type { JsonValue } from '@mycel/kernel';
import { OpenGridError } from './errors.js';
import { TURN_CHUNKS_BUFFERED_MAX } from './limits.js';

export interface TurnResult {
  readonly seq: number;
  /** Chunks the node says it sent for the turn. */
  readonly chunks: number;
}

export interface TurnStream extends AsyncIterable<JsonValue> {
  /** The turn's sequence number within its session. */
  readonly seq: number;
  /** Settles when the turn ends; rejects with the OpenGridError that ended it. */
  readonly done: Promise<TurnResult>;
}

type Ending =
  | { readonly ok: true; readonly result: TurnResult }
  | { readonly ok: false; readonly error: OpenGridError };

/**
 * The session's end of a turn: it pushes what the node sends, the caller reads `stream`. Chunks
 * wait in a queue only while the caller is not reading, up to TURN_CHUNKS_BUFFERED_MAX.
 */
export class TurnChannel {
  readonly stream: TurnStream;
  private readonly buffered: JsonValue[] = [];
  private ending: Ending | undefined;
  private reader: (() => void) | undefined;
  private readerGone = false;
  private settle!: { resolve(result: TurnResult): void; reject(error: OpenGridError): void };

  constructor(
    readonly seq: number,
    /** Asks the session to cancel this turn. */
    private readonly cancel: () => void,
  ) {
    const done = new Promise<TurnResult>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    // A caller who only iterates never looks at `done`: its rejection is not unhandled.
    done.catch(() => {});
    const iterator = this.iterator();
    this.stream = { seq, done, [Symbol.asyncIterator]: () => iterator };
  }

  get ended(): boolean {
    return this.ending !== undefined;
  }

  push(data: JsonValue): void {
    if (this.ending !== undefined || this.readerGone) return;
    if (this.buffered.length >= TURN_CHUNKS_BUFFERED_MAX) {
      this.fail(
        new OpenGridError(
          'sdk_chunks_overflow',
          `turn ${this.seq}: ${TURN_CHUNKS_BUFFERED_MAX} chunks waited unread; the turn was cancelled`,
        ),
      );
      this.cancel();
      return;
    }
    this.buffered.push(data);
    this.wake();
  }

  finish(result: TurnResult): void {
    if (this.ending !== undefined) return;
    this.ending = { ok: true, result };
    this.settle.resolve(result);
    this.wake();
  }

  fail(error: OpenGridError): void {
    if (this.ending !== undefined) return;
    this.ending = { ok: false, error };
    this.settle.reject(error);
    this.wake();
  }

  private wake(): void {
    const reader = this.reader;
    this.reader = undefined;
    reader?.();
  }

  private iterator(): AsyncIterator<JsonValue> {
    return {
      next: async (): Promise<IteratorResult<JsonValue>> => {
        for (;;) {
          if (this.buffered.length > 0) return { done: false, value: this.buffered.shift()! };
          if (this.readerGone) return { done: true, value: undefined };
          if (this.ending !== undefined) {
            this.readerGone = true;
            if (!this.ending.ok) throw this.ending.error;
            return { done: true, value: undefined };
          }
          await new Promise<void>((resolve) => {
            this.reader = resolve;
          });
        }
      },
      // `break`, `return` or a throw in the loop body: the caller stopped listening.
      return: async (): Promise<IteratorResult<JsonValue>> => {
        this.readerGone = true;
        this.buffered.length = 0;
        if (this.ending === undefined) this.cancel();
        return { done: true, value: undefined };
      },
    };
  }
}
