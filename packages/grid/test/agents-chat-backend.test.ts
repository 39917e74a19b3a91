import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBackendSpec } from '../src/agents/backend-spec.js';
import { boundHistory, chatAgent } from '../src/agents/chat.js';
import type { ChatMessage } from '../src/agents/chat-backend.js';
import { createOpenAiBackend } from '../src/agents/openai-backend.js';
import { ServerSentEventReader } from '../src/agents/server-sent-events.js';
import { CHAT_HISTORY_MESSAGES_MAX } from '../src/limits.js';
import { initAgent, runAgentTurn } from './support/agent-harness.js';
import { type OpenAiTestServer, startOpenAiTestServer } from './support/openai-test-server.js';

describe('parseBackendSpec', () => {
  it('reads openai:<base URL> with a model', () => {
    expect(parseBackendSpec('openai:http://127.0.0.1:11434/v1', 'llama3.2:1b')).toEqual({
      ok: true,
      value: { baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.2:1b' },
    });
    expect(parseBackendSpec('openai:https://models.example/v1/', 'org/model-7B')).toMatchObject({
      value: { baseUrl: 'https://models.example/v1' },
    });
  });

  it.each([
    ['ollama:http://127.0.0.1:11434/v1', 'm'],
    ['openai:', 'm'],
    ['openai:not a url', 'm'],
    ['openai:file:///etc/passwd', 'm'],
    ['openai:http://user:secret@host/v1', 'm'],
    ['openai:http://host/v1?x=1', 'm'],
    ['openai:http://host/v1', undefined],
    ['openai:http://host/v1', ''],
    ['openai:http://host/v1', 'has space'],
    [`openai:http://host/${'x'.repeat(3000)}`, 'm'],
  ])('refuses %s with model %j', (spec, model) => {
    expect(parseBackendSpec(spec, model)).toMatchObject({
      ok: false,
      error: { code: 'backend_spec_invalid' },
    });
  });
});

describe('ServerSentEventReader', () => {
  it('reads events split anywhere, with every kind of line end', () => {
    const stream =
      ': comment\r\ndata: one\r\n\r\nevent: x\ndata:two\ndata: lines\n\nid: 7\rdata: three\r\r';
    for (let cut = 0; cut <= stream.length; cut++) {
      const reader = new ServerSentEventReader();
      const events = [
        ...reader.push(stream.slice(0, cut)),
        ...reader.push(stream.slice(cut)),
        ...reader.end(),
      ];
      expect(events).toEqual(['one', 'two\nlines', 'three']);
    }
  });

  it('dispatches an unterminated last event at the end of the stream', () => {
    const reader = new ServerSentEventReader();
    expect(reader.push('data: [DONE]')).toEqual([]);
    expect(reader.end()).toEqual(['[DONE]']);
  });

  it('refuses an endless line', () => {
    const reader = new ServerSentEventReader();
    expect(() => reader.push(`data: ${'x'.repeat(300 * 1024)}`)).toThrow(/over-long/);
  });
});

describe('OpenAI-compatible backend', () => {
  let server: OpenAiTestServer;

  beforeAll(async () => {
    server = await startOpenAiTestServer();
  });

  afterAll(async () => {
    await server.close();
  });

  const signal = () => new AbortController().signal;

  it('streams the reply delta by delta', async () => {
    server.behaviour = 'echo';
    const backend = createOpenAiBackend({ baseUrl: server.baseUrl, model: 'test-model' });
    const deltas: string[] = [];
    const messages: ChatMessage[] = [{ role: 'user', content: 'the mitochondria' }];
    const reply = await backend.complete(messages, (text) => deltas.push(text), signal());
    expect(reply).toBe('You said: the mitochondria');
    expect(deltas).toEqual(['You ', 'said: ', 'the ', 'mitochondria']);
    expect(server.requests.at(-1)).toEqual({
      path: '/v1/chat/completions',
      body: { model: 'test-model', messages, stream: true },
    });
  });

  it.each([
    ['status-500', 'backend_error', /HTTP 500: test server says 500/],
    ['status-503', 'backend_unavailable', /HTTP 503/],
    ['error-event', 'backend_error', /model crashed/],
    ['not-json', 'backend_error', /not JSON/],
    ['cut-off', 'backend_unavailable', /ended before/],
  ] as const)('fails a %s answer with %s', async (behaviour, code, message) => {
    server.behaviour = behaviour;
    const backend = createOpenAiBackend({ baseUrl: server.baseUrl, model: 'm' });
    const failure = backend.complete([{ role: 'user', content: 'a b c' }], () => {}, signal());
    await expect(failure).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
  });

  it('fails with backend_unavailable when nothing listens', async () => {
    const closed = await startOpenAiTestServer();
    await closed.close();
    const backend = createOpenAiBackend({ baseUrl: closed.baseUrl, model: 'm' });
    await expect(backend.complete([], () => {}, signal())).rejects.toMatchObject({
      code: 'backend_unavailable',
      message: expect.stringMatching(/ECONNREFUSED/),
    });
  });

  it('rejects with the abort reason when the turn is cancelled', async () => {
    server.behaviour = 'echo';
    const backend = createOpenAiBackend({ baseUrl: server.baseUrl, model: 'm' });
    const controller = new AbortController();
    const reason = new Error('turn cancelled');
    const reply = backend.complete(
      [{ role: 'user', content: 'x' }],
      () => controller.abort(reason),
      controller.signal,
    );
    await expect(reply).rejects.toBe(reason);
  });

  it('drives the chat agent, which keeps the conversation as state', async () => {
    server.behaviour = 'echo';
    const backend = createOpenAiBackend({ baseUrl: server.baseUrl, model: 'm' });
    const initial = await initAgent(chatAgent, { system: 'You teach biology.' });
    const first = await runAgentTurn(chatAgent, initial, 'hello', { backend });
    expect(first.chunks.map(({ chunk }) => chunk)).toEqual([
      { text: 'You ' },
      { text: 'said: ' },
      { text: 'hello' },
    ]);
    const second = await runAgentTurn(chatAgent, first.state, { text: 'again' }, { backend });
    expect(second.state).toEqual({
      messages: [
        { role: 'system', content: 'You teach biology.' },
        { role: 'user', content: 'hello' },
        { role: 'assistant', content: 'You said: hello' },
        { role: 'user', content: 'again' },
        { role: 'assistant', content: 'You said: again' },
      ],
    });
    expect(server.requests.at(-1)?.body.messages).toHaveLength(4);
  });

  it('fails a chat turn without a backend with backend_unavailable', async () => {
    await expect(runAgentTurn(chatAgent, { messages: [] }, 'hi')).rejects.toMatchObject({
      code: 'backend_unavailable',
    });
  });
});

describe('chat history bound', () => {
  it('keeps the system prompt and the newest messages', () => {
    const messages: ChatMessage[] = [{ role: 'system', content: 'sys' }];
    for (let index = 0; index < 50; index++) {
      messages.push(
        { role: 'user', content: `q${index}` },
        { role: 'assistant', content: `a${index}` },
      );
    }
    const bounded = boundHistory(messages);
    // Whole exchanges are dropped, so the history is the system prompt and full pairs.
    const pairs = Math.floor((CHAT_HISTORY_MESSAGES_MAX - 1) / 2);
    expect(bounded).toHaveLength(1 + 2 * pairs);
    expect(bounded[0]).toEqual({ role: 'system', content: 'sys' });
    expect(bounded[1]).toEqual({ role: 'user', content: `q${50 - pairs}` });
    expect(bounded.at(-1)).toEqual({ role: 'assistant', content: 'a49' });
  });
});
