/**
 * The chat agent in a worker process, talking to an OpenAI-compatible server on loopback (the
 * test server stands in for Ollama, llama.cpp or vLLM): deltas stream back as chunks, and
 * backend failures reach the caller with their own codes.
 */
import type { JsonValue } from '@mycel/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TurnRequest } from '../src/inference/turn-request.js';
import { WorkerPool } from '../src/inference/worker-pool.js';
import { type OpenAiTestServer, startOpenAiTestServer } from './support/openai-test-server.js';

let server: OpenAiTestServer;
let pool: WorkerPool;

beforeAll(async () => {
  server = await startOpenAiTestServer();
  pool = await WorkerPool.start({
    size: 1,
    backend: { baseUrl: server.baseUrl, model: 'tiny-test' },
  });
});

afterAll(async () => {
  await pool?.close();
  await server?.close();
});

function chatTurn(state: JsonValue, input: JsonValue, seq: number): TurnRequest {
  return {
    sid: 'chat-1',
    seq,
    agent: { kind: 'builtin', name: 'chat' },
    state,
    input,
    timeoutMs: 10_000,
  };
}

describe('chat agent through the worker pool', () => {
  it('streams each content delta as a chunk and keeps the conversation', async () => {
    server.behaviour = 'echo';
    const init = await pool.init({
      sid: 'chat-1',
      agent: { kind: 'builtin', name: 'chat' },
      config: { system: 'Be brief.' },
    });
    if (!init.ok) throw new Error(init.error.message);
    const chunks: JsonValue[] = [];
    const outcome = await pool.runTurn(chatTurn(init.value, 'what is ATP', 1), (chunk) =>
      chunks.push(chunk),
    );
    expect(chunks).toEqual([
      { text: 'You ' },
      { text: 'said: ' },
      { text: 'what ' },
      { text: 'is ' },
      { text: 'ATP' },
    ]);
    expect(outcome).toEqual({
      ok: true,
      value: {
        chunks: 5,
        state: {
          messages: [
            { role: 'system', content: 'Be brief.' },
            { role: 'user', content: 'what is ATP' },
            { role: 'assistant', content: 'You said: what is ATP' },
          ],
        },
      },
    });
    expect(server.requests.at(-1)?.body).toMatchObject({ model: 'tiny-test', stream: true });
  });

  it('fails the turn with backend_error or backend_unavailable, and the next turn works', async () => {
    const state = { messages: [] };
    server.behaviour = 'status-500';
    expect(await pool.runTurn(chatTurn(state, 'hi', 1), () => {})).toMatchObject({
      ok: false,
      error: { code: 'backend_error' },
    });
    server.behaviour = 'status-503';
    expect(await pool.runTurn(chatTurn(state, 'hi', 1), () => {})).toMatchObject({
      ok: false,
      error: { code: 'backend_unavailable' },
    });
    server.behaviour = 'echo';
    expect(await pool.runTurn(chatTurn(state, 'hi', 1), () => {})).toMatchObject({ ok: true });
    expect(pool.health()[0]?.restarts).toBe(0);
  });
});
