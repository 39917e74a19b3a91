/**
 * Runs an agent in the test process with a context that records what it emits and when, for
 * tests of an agent's own behaviour. (The worker pool tests run agents in real workers.)
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { JsonValue } from '@mycel/kernel';
import type { ChatBackend } from '../../src/agents/chat-backend.js';
import type { AgentDefinition, TurnContext } from '../../src/agents/define-agent.js';

export interface RecordedChunk {
  readonly chunk: JsonValue;
  /** Milliseconds since the turn started. */
  readonly atMs: number;
}

export interface RecordedTurn {
  readonly state: JsonValue;
  readonly chunks: RecordedChunk[];
}

export async function runAgentTurn(
  agent: AgentDefinition,
  state: JsonValue,
  input: JsonValue,
  options: { seq?: number; backend?: ChatBackend; signal?: AbortSignal } = {},
): Promise<RecordedTurn> {
  const started = performance.now();
  const chunks: RecordedChunk[] = [];
  const signal = options.signal ?? new AbortController().signal;
  const context: TurnContext = {
    sid: 'session-test',
    seq: options.seq ?? 1,
    signal,
    backend: options.backend,
    emit: (chunk) => chunks.push({ chunk, atMs: performance.now() - started }),
    sleep: (ms) => sleepFor(ms, undefined, { signal }),
  };
  // Round-trip through JSON, as the host does when it checkpoints the state.
  const next = await agent.onTurn(JSON.parse(JSON.stringify(state)), input, context);
  return { state: JSON.parse(JSON.stringify(next)), chunks };
}

export async function initAgent(agent: AgentDefinition, config?: JsonValue): Promise<JsonValue> {
  return agent.init({ sid: 'session-test', config });
}
