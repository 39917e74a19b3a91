/**
 * Inside a worker: runs one init or turn request and reports its chunks and its end over IPC.
 * The agent gets a TurnContext whose emit is bounded (TURN_CHUNKS_MAX, TURN_CHUNK_CHARS_MAX,
 * plain JSON only) and whose signal aborts on cancel or when the output breaks those bounds.
 * Whatever the agent does, the request ends with exactly one `done` or `failed` message.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { JsonValue } from '@mycel/kernel';
import { AgentTurnError } from '../agents/agent-turn-error.js';
import type { ChatBackend } from '../agents/chat-backend.js';
import type { AgentDefinition, TurnContext } from '../agents/define-agent.js';
import { measureJson } from '../agents/measure-json.js';
import {
  AGENT_STATE_CHARS_MAX,
  TURN_CHUNK_CHARS_MAX,
  TURN_CHUNKS_MAX,
  TURN_ERROR_MESSAGE_CHARS_MAX,
  TURN_TIMEOUT_MS_MAX,
} from '../limits.js';
import type { AgentLoader } from './agent-loader.js';
import type { InferenceErrorCode } from './inference-error-codes.js';
import type { PoolMessage, WorkerMessage } from './inference-protocol.js';

type RequestMessage = Exclude<PoolMessage, { type: 'cancel' }>;

interface Failure {
  code: InferenceErrorCode;
  message: string;
}

function describeThrown(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, TURN_ERROR_MESSAGE_CHARS_MAX);
}

export class AgentRunner {
  readonly #running = new Map<number, AbortController>();

  constructor(
    private readonly loader: AgentLoader,
    private readonly backend: ChatBackend | undefined,
    private readonly send: (message: WorkerMessage) => void,
  ) {}

  cancel(id: number): void {
    this.#running.get(id)?.abort(new Error('the turn was cancelled'));
  }

  async run(request: RequestMessage): Promise<void> {
    const loaded = await this.loader.load(request.agent);
    if (!loaded.ok) {
      this.send({ type: 'failed', id: request.id, ...loaded.error });
      return;
    }
    const controller = new AbortController();
    this.#running.set(request.id, controller);
    let failure: Failure | undefined;
    const failOutput = (message: string) => {
      failure ??= { code: 'turn_output_invalid', message };
      controller.abort(new Error(message));
    };
    try {
      const state = await this.#execute(loaded.value, request, controller.signal, failOutput);
      if (failure === undefined && controller.signal.aborted) {
        failure = { code: 'turn_cancelled', message: 'the turn was cancelled' };
      }
      if (failure === undefined) this.#finish(request, state);
    } catch (error) {
      failure ??= this.#classify(request, error, controller.signal);
    } finally {
      this.#running.delete(request.id);
    }
    if (failure !== undefined) this.send({ type: 'failed', id: request.id, ...failure });
  }

  #classify(request: RequestMessage, error: unknown, signal: AbortSignal): Failure {
    if (signal.aborted) return { code: 'turn_cancelled', message: 'the turn was cancelled' };
    if (error instanceof AgentTurnError)
      return { code: error.code, message: describeThrown(error) };
    const code = request.type === 'init' ? 'agent_init_failed' : 'turn_failed';
    return { code, message: describeThrown(error) };
  }

  #finish(request: RequestMessage, state: JsonValue): void {
    if (measureJson(state, AGENT_STATE_CHARS_MAX) === undefined) {
      const code = request.type === 'init' ? 'agent_init_failed' : 'agent_state_invalid';
      const message = `the agent returned state that is not plain JSON of at most ${AGENT_STATE_CHARS_MAX} characters`;
      this.send({ type: 'failed', id: request.id, code, message });
      return;
    }
    this.send({ type: 'done', id: request.id, state });
  }

  async #execute(
    agent: AgentDefinition,
    request: RequestMessage,
    signal: AbortSignal,
    failOutput: (message: string) => void,
  ): Promise<JsonValue> {
    if (request.type === 'init') return agent.init({ sid: request.sid, config: request.config });
    let chunks = 0;
    const context: TurnContext = {
      sid: request.sid,
      seq: request.seq,
      signal,
      backend: this.backend,
      emit: (chunk) => {
        if (signal.aborted) return;
        chunks += 1;
        if (chunks > TURN_CHUNKS_MAX) return failOutput(`more than ${TURN_CHUNKS_MAX} chunks`);
        if (measureJson(chunk, TURN_CHUNK_CHARS_MAX) === undefined) {
          return failOutput(
            `a chunk is not plain JSON of at most ${TURN_CHUNK_CHARS_MAX} characters`,
          );
        }
        this.send({ type: 'chunk', id: request.id, chunk });
      },
      sleep: (ms) =>
        sleepFor(Math.min(Math.max(ms, 0), TURN_TIMEOUT_MS_MAX), undefined, { signal }),
    };
    return agent.onTurn(request.state, request.input, context);
  }
}
