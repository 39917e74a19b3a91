/**
 * The pool's handle on one worker process: it sends requests, routes chunks and replies back to
 * their callers, enforces each request's timeout and cancellation, and watches the worker's
 * progress ticks. A worker that crashes, hangs, overruns a timeout or ignores a cancel is
 * SIGKILLed; every request still on it ends with `worker_lost`, and the pool is told so it can
 * start a replacement.
 */
import type { ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { failWith, type JsonValue, type Outcome, ok } from '@mycel/kernel';
import type { Logger } from 'pino';
import type { BackendConfig } from '../agents/backend-spec.js';
import {
  TURN_CHUNKS_MAX,
  WORKER_CANCEL_GRACE_MS,
  WORKER_OUTPUT_LOG_CHARS_MAX,
  WORKER_START_TIMEOUT_MS,
} from '../limits.js';
import { forkInferenceWorker, lowerPriority } from './fork-inference-worker.js';
import type { InferenceErrorCode } from './inference-error-codes.js';
import { type PoolMessage, readWorkerMessage, type WorkerMessage } from './inference-protocol.js';
import type { WorkerState } from './turn-request.js';

export type RequestMessage = Exclude<PoolMessage, { type: 'cancel' }>;
/** A request without its id, which the worker assigns. */
export type RequestBody = RequestMessage extends infer M
  ? M extends RequestMessage
    ? Omit<M, 'id'>
    : never
  : never;

export type WorkerReply = Outcome<{ state: JsonValue; chunks: number }, InferenceErrorCode>;

export interface SubmitOptions {
  readonly timeoutMs: number;
  readonly timeoutCode: InferenceErrorCode;
  readonly onChunk?: (chunk: JsonValue) => void;
  readonly signal?: AbortSignal;
}

interface PendingRequest {
  readonly message: RequestMessage;
  readonly options: SubmitOptions;
  readonly resolve: (reply: WorkerReply) => void;
  readonly timer: NodeJS.Timeout;
  readonly onAbort: () => void;
  chunks: number;
  sent: boolean;
  settled: boolean;
  /** When the caller stopped waiting for a request the worker still runs. */
  abandonedAt: number | undefined;
}

export class InferenceWorker {
  state: WorkerState = 'starting';
  readonly startedAt = performance.now();
  lastProgressAt = this.startedAt;
  /** Resolves true once the worker is ready, false if it is gone before that. */
  readonly ready: Promise<boolean>;
  readonly exited: Promise<void>;
  readonly #child: ChildProcess;
  readonly #requests = new Map<number, PendingRequest>();
  #nextId = 1;
  #markReady: (ready: boolean) => void = () => {};

  constructor(
    readonly index: number,
    backend: BackendConfig | undefined,
    private readonly logger: Logger | undefined,
    private readonly onGone: (worker: InferenceWorker, reason: string) => void,
  ) {
    this.ready = new Promise((resolve) => {
      this.#markReady = resolve;
    });
    this.#child = forkInferenceWorker(backend);
    this.exited = new Promise((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.on('message', (value) => this.#receive(value));
    this.#child.once('exit', (code, signal) =>
      this.terminate('worker_lost', `the worker exited (${signal ?? `code ${code}`})`),
    );
    this.#child.on('error', (error) => this.terminate('worker_lost', error.message));
    this.#forwardOutput('stdout');
    this.#forwardOutput('stderr');
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get busy(): number {
    return this.#requests.size;
  }

  submit(body: RequestBody, options: SubmitOptions): Promise<WorkerReply> {
    const id = this.#nextId++;
    const message = { ...body, id } as RequestMessage;
    return new Promise((resolve) => {
      const pending: PendingRequest = {
        message,
        options,
        resolve,
        timer: setTimeout(() => this.#timeOut(id), options.timeoutMs),
        onAbort: () => this.#abandon(id, 'turn_cancelled', 'the turn was cancelled'),
        chunks: 0,
        sent: false,
        settled: false,
        abandonedAt: undefined,
      };
      this.#requests.set(id, pending);
      options.signal?.addEventListener('abort', pending.onAbort, { once: true });
      void this.ready.then((ready) => {
        if (ready && !pending.settled) this.#send(message, pending);
      });
    });
  }

  /** Kills the worker: every request on it ends with `code`. Idempotent. */
  terminate(code: InferenceErrorCode, reason: string): void {
    if (this.state === 'gone') return;
    this.state = 'gone';
    this.#markReady(false);
    this.#child.kill('SIGKILL');
    for (const id of [...this.#requests.keys()]) this.#settle(id, failWith(code, reason));
    this.#requests.clear();
    this.onGone(this, reason);
  }

  /** Called by the pool's watchdog: kills a worker that is hung or not stopping a cancelled turn. */
  watch(now: number, stallMs: number): void {
    if (this.state === 'starting' && now - this.startedAt > WORKER_START_TIMEOUT_MS) {
      this.terminate('worker_lost', `the worker did not start in ${WORKER_START_TIMEOUT_MS} ms`);
    } else if (this.state === 'ready' && now - this.lastProgressAt > stallMs) {
      this.terminate(
        'worker_lost',
        `the worker made no progress for ${Math.round(now - this.lastProgressAt)} ms`,
      );
    } else {
      for (const pending of this.#requests.values()) {
        if (
          pending.abandonedAt !== undefined &&
          now - pending.abandonedAt > WORKER_CANCEL_GRACE_MS
        ) {
          this.terminate('worker_lost', 'a cancelled request did not stop');
          return;
        }
      }
    }
  }

  #send(message: PoolMessage, pending?: PendingRequest): void {
    if (this.state === 'gone') return;
    if (pending !== undefined) pending.sent = true;
    this.#child.send(message, (error) => {
      if (error) this.terminate('worker_lost', `cannot write to the worker: ${error.message}`);
    });
  }

  #receive(value: unknown): void {
    if (this.state === 'gone') return;
    this.lastProgressAt = performance.now();
    const message = readWorkerMessage(value);
    if (message === undefined) {
      this.logger?.warn({ worker: this.index }, 'inference worker sent an unknown message');
      return;
    }
    if (message.type === 'ready') {
      this.state = 'ready';
      if (this.#child.pid !== undefined) lowerPriority(this.#child.pid);
      this.#markReady(true);
    } else if (message.type !== 'tick') {
      this.#receiveReply(message);
    }
  }

  #receiveReply(message: Exclude<WorkerMessage, { type: 'ready' | 'tick' }>): void {
    const pending = this.#requests.get(message.id);
    if (pending === undefined) return;
    if (message.type === 'chunk') {
      if (pending.settled) return;
      pending.chunks += 1;
      if (pending.chunks > TURN_CHUNKS_MAX) {
        this.#abandon(message.id, 'turn_output_invalid', `more than ${TURN_CHUNKS_MAX} chunks`);
        return;
      }
      this.#deliverChunk(pending, message.chunk);
      return;
    }
    this.#requests.delete(message.id);
    if (pending.settled) return;
    const reply: WorkerReply =
      message.type === 'done'
        ? ok({ state: message.state, chunks: pending.chunks })
        : failWith(message.code, message.message);
    this.#settle(message.id, reply, pending);
  }

  #deliverChunk(pending: PendingRequest, chunk: JsonValue): void {
    try {
      pending.options.onChunk?.(chunk);
    } catch (error) {
      this.logger?.error({ err: error, worker: this.index }, 'a turn chunk handler threw');
    }
  }

  #timeOut(id: number): void {
    const pending = this.#requests.get(id);
    if (pending === undefined || pending.settled) return;
    const { timeoutMs, timeoutCode } = pending.options;
    this.#settle(id, failWith(timeoutCode, `no answer within ${timeoutMs} ms`));
    if (!pending.sent) {
      this.#requests.delete(id);
      return;
    }
    // The agent's promise may never settle: only a new process gets the worker back.
    this.terminate('worker_lost', `a request ran past its ${timeoutMs} ms timeout`);
  }

  /** Ends the caller's wait now; the worker is asked to stop and given a grace period. */
  #abandon(id: number, code: InferenceErrorCode, message: string): void {
    const pending = this.#requests.get(id);
    if (pending === undefined || pending.settled) return;
    this.#settle(id, failWith(code, message));
    if (!pending.sent) {
      this.#requests.delete(id);
      return;
    }
    pending.abandonedAt = performance.now();
    this.#send({ type: 'cancel', id });
  }

  #settle(id: number, reply: WorkerReply, known?: PendingRequest): void {
    const pending = known ?? this.#requests.get(id);
    if (pending === undefined || pending.settled) return;
    pending.settled = true;
    clearTimeout(pending.timer);
    pending.options.signal?.removeEventListener('abort', pending.onAbort);
    pending.resolve(reply);
  }

  #forwardOutput(name: 'stdout' | 'stderr'): void {
    const stream = this.#child[name];
    if (stream === null) return;
    stream.setEncoding('utf8');
    stream.on('data', (text: string) => {
      const line = text.trimEnd().slice(0, WORKER_OUTPUT_LOG_CHARS_MAX);
      const fields = { worker: this.index, pid: this.#child.pid, stream: name };
      if (name === 'stderr') this.logger?.warn(fields, line);
      else this.logger?.info(fields, line);
    });
  }
}
