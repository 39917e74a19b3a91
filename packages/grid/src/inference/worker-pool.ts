/**
 * The inference plane of a node (ARCHITECTURE §5.1): a fixed number of worker processes that run
 * agents, supervised from the daemon's main event loop. Requests go to the least busy ready
 * worker. A worker that crashes, stops reporting progress for WORKER_STALL_MS, overruns a
 * request's timeout or ignores a cancel is killed and replaced in the same slot; only the
 * requests on that worker fail, and sessions on other workers carry on.
 */
import { performance } from 'node:perf_hooks';
import { failWith, type JsonValue, ok } from '@mycel/kernel';
import type { Logger } from 'pino';
import { type BackendConfig, parseBackendSpec } from '../agents/backend-spec.js';
import {
  WORKER_EXIT_WAIT_MS,
  WORKER_POOL_SIZE_MAX,
  WORKER_REQUESTS_IN_FLIGHT_MAX,
  WORKER_RESTART_DELAY_MS,
  WORKER_STALL_MS,
  WORKER_WATCHDOG_INTERVAL_MS,
} from '../limits.js';
import { type CheckedRequest, checkInitRequest, checkTurnRequest } from './check-request.js';
import type { InferenceErrorCode } from './inference-error-codes.js';
import { InferenceWorker, type SubmitOptions, type WorkerReply } from './inference-worker.js';
import type {
  InitOutcome,
  InitRequest,
  TurnOutcome,
  TurnRequest,
  WorkerHealth,
} from './turn-request.js';

export interface WorkerPoolOptions {
  /** Number of worker processes, 1 to WORKER_POOL_SIZE_MAX. */
  readonly size: number;
  readonly backend?: BackendConfig;
  readonly logger?: Logger;
  /** Defaults to WORKER_STALL_MS. */
  readonly stallMs?: number;
}

interface Slot {
  worker: InferenceWorker;
  restarts: number;
  restartTimer: NodeJS.Timeout | undefined;
}

export class WorkerPool {
  readonly #slots: Slot[] = [];
  readonly #retired = new Set<InferenceWorker>();
  readonly #watchdog: NodeJS.Timeout;
  #closed = false;

  private constructor(private readonly options: WorkerPoolOptions) {
    for (let index = 0; index < options.size; index++) {
      this.#slots.push({ worker: this.#spawn(index), restarts: 0, restartTimer: undefined });
    }
    this.#watchdog = setInterval(() => this.#watch(), WORKER_WATCHDOG_INTERVAL_MS);
    this.#watchdog.unref();
  }

  /** Starts the workers and waits until all are ready; rejects if one cannot start. */
  static async start(options: WorkerPoolOptions): Promise<WorkerPool> {
    if (
      !Number.isSafeInteger(options.size) ||
      options.size < 1 ||
      options.size > WORKER_POOL_SIZE_MAX
    ) {
      throw new RangeError(`a worker pool has 1 to ${WORKER_POOL_SIZE_MAX} workers`);
    }
    const backend = options.backend;
    if (backend !== undefined) {
      const checked = parseBackendSpec(`openai:${backend.baseUrl}`, backend.model);
      if (!checked.ok) throw new RangeError(`${checked.error.code}: ${checked.error.message}`);
    }
    const pool = new WorkerPool(options);
    const ready = await Promise.all(pool.#slots.map((slot) => slot.worker.ready));
    if (ready.includes(false)) {
      await pool.close();
      throw new Error('inference workers failed to start (is tsx installed?)');
    }
    return pool;
  }

  /** Runs agent.init for a new session; the value is the session's first state. */
  async init(request: InitRequest): Promise<InitOutcome> {
    const checked = checkInitRequest(request);
    if (!checked.ok) return checked;
    const reply = await this.#dispatch(checked.value, { timeoutCode: 'agent_init_timeout' });
    return reply.ok ? ok(reply.value.state) : reply;
  }

  /** Runs one turn, calling onChunk with each chunk as the agent emits it. */
  async runTurn(
    request: TurnRequest,
    onChunk: (chunk: JsonValue) => void,
    signal?: AbortSignal,
  ): Promise<TurnOutcome> {
    const checked = checkTurnRequest(request);
    if (!checked.ok) return checked;
    if (signal?.aborted) return failWith('turn_cancelled', 'the turn was cancelled before it ran');
    const options = signal === undefined ? { onChunk } : { onChunk, signal };
    return this.#dispatch(checked.value, { timeoutCode: 'turn_timeout', ...options });
  }

  health(): WorkerHealth[] {
    const now = performance.now();
    return this.#slots.map(({ worker, restarts }) => ({
      index: worker.index,
      pid: worker.state === 'gone' ? undefined : worker.pid,
      alive: worker.state === 'ready',
      busy: worker.busy,
      lastProgressAgoMs: Math.round(now - worker.lastProgressAt),
      restarts,
      state: worker.state,
    }));
  }

  /** Kills every worker; requests in flight end with `worker_pool_closed`. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#watchdog);
    const exits: Promise<void>[] = [];
    for (const slot of this.#slots) {
      clearTimeout(slot.restartTimer);
      slot.worker.terminate('worker_pool_closed', 'the worker pool is closed');
      exits.push(slot.worker.exited);
    }
    for (const worker of this.#retired) exits.push(worker.exited);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, WORKER_EXIT_WAIT_MS);
    });
    await Promise.race([Promise.all(exits), deadline]);
    clearTimeout(timer);
  }

  #dispatch(
    request: CheckedRequest,
    options: Omit<SubmitOptions, 'timeoutMs'> & { timeoutCode: InferenceErrorCode },
  ): Promise<WorkerReply> {
    if (this.#closed)
      return Promise.resolve(failWith('worker_pool_closed', 'the worker pool is closed'));
    const live = this.#slots.map((slot) => slot.worker).filter((worker) => worker.state !== 'gone');
    if (live.length === 0) {
      return Promise.resolve(failWith('worker_unavailable', 'every worker is being replaced'));
    }
    const open = live.filter((worker) => worker.busy < WORKER_REQUESTS_IN_FLIGHT_MAX);
    // Least busy first; between equals, a ready worker before one still starting.
    open.sort(
      (left, right) =>
        left.busy - right.busy || Number(right.state === 'ready') - Number(left.state === 'ready'),
    );
    const worker = open[0];
    if (worker === undefined) {
      return Promise.resolve(
        failWith('worker_busy', `every worker runs ${WORKER_REQUESTS_IN_FLIGHT_MAX} requests`),
      );
    }
    return worker.submit(request.body, { ...options, timeoutMs: request.timeoutMs });
  }

  #spawn(index: number): InferenceWorker {
    return new InferenceWorker(index, this.options.backend, this.options.logger, (worker, reason) =>
      this.#replace(worker, reason),
    );
  }

  /** Starts a new worker in the slot of one that is gone; a worker that never got ready waits first. */
  #replace(gone: InferenceWorker, reason: string): void {
    const slot = this.#slots[gone.index];
    if (this.#closed || slot === undefined || slot.worker !== gone || slot.restartTimer) return;
    this.options.logger?.warn(
      { worker: gone.index, pid: gone.pid, reason },
      'replacing inference worker',
    );
    this.#retired.add(gone);
    void gone.exited.then(() => this.#retired.delete(gone));
    const delayMs = gone.lastProgressAt === gone.startedAt ? WORKER_RESTART_DELAY_MS : 0;
    const restart = () => {
      slot.restartTimer = undefined;
      if (this.#closed) return;
      slot.worker = this.#spawn(gone.index);
      slot.restarts += 1;
    };
    if (delayMs === 0) restart();
    else slot.restartTimer = setTimeout(restart, delayMs);
  }

  #watch(): void {
    const now = performance.now();
    const stallMs = this.options.stallMs ?? WORKER_STALL_MS;
    for (const slot of this.#slots) slot.worker.watch(now, stallMs);
  }
}
