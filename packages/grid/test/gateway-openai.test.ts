/**
 * The gateway as OpenAI client code sees it: the official `openai` package pointed at a real
 * coordinator (with a real node behind it) streams, answers whole, keeps sessions by `user` or
 * the x-opengrid-session header, and raises the grid's refusals with their wire codes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESSION_AFFINITY_HEADER } from '@mycel/wire';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoordinator, startNode } from '../src/index.js';

interface TestGrid {
  readonly client: OpenAI;
  readonly url: string;
  stop(): Promise<void>;
}

/** A coordinator and one node, and an OpenAI client for the coordinator's gateway. */
async function startTestGrid(
  capacity: { robot: number; voice: number; interactive: number; batch: number },
  firstUser?: string,
): Promise<TestGrid> {
  const folders = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'opengrid-gateway-')));
  const coordinator = await startCoordinator({
    dataDir: folders[0]!,
    heartbeatMs: 100,
    logger: false,
  });
  const node = await startNode({
    dataDir: folders[1]!,
    coordinatorUrl: coordinator.url,
    capacity,
    workers: 1,
    heartbeatMs: 100,
    logger: false,
  });
  const client = new OpenAI({ baseURL: `${coordinator.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  const grid = {
    client,
    url: coordinator.url,
    async stop() {
      await node.close();
      await coordinator.close();
      for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    },
  };
  try {
    await waitUntilServing(grid, firstUser);
  } catch (error) {
    await grid.stop();
    throw error;
  }
  return grid;
}

/**
 * Until the node has registered, the coordinator knows no agent (404 agent_unknown); until its
 * first heartbeat, no node has room (503). The first tutor session is kept for `firstUser`.
 */
async function waitUntilServing(grid: TestGrid, firstUser: string | undefined): Promise<void> {
  const deadline = performance.now() + 20_000;
  for (;;) {
    try {
      await grid.client.chat.completions.create({
        model: 'tutor',
        messages: [{ role: 'user', content: 'start' }],
        ...(firstUser === undefined ? {} : { user: firstUser }),
      });
      return;
    } catch (error) {
      const waiting =
        error instanceof OpenAI.APIError &&
        (error.status === 503 || error.code === 'agent_unknown');
      if (!waiting) throw error;
      if (performance.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function user(content: string) {
  return [{ role: 'user' as const, content }];
}

async function failure(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return error as InstanceType<typeof OpenAI.APIError>;
}

describe('the gateway through the openai client', () => {
  let grid: TestGrid;

  beforeAll(async () => {
    grid = await startTestGrid({ robot: 0, voice: 0, interactive: 8, batch: 0 });
  });

  afterAll(async () => {
    await grid?.stop();
  });

  it('streams a voice reply as chat.completion.chunk events, then [DONE]', async () => {
    const stream = await grid.client.chat.completions.create({
      model: 'voice',
      messages: user('hello grid'),
      stream: true,
    });
    const deltas: string[] = [];
    const finishes: (string | null)[] = [];
    let id: string | undefined;
    for await (const chunk of stream) {
      expect(chunk.object).toBe('chat.completion.chunk');
      expect(chunk.model).toBe('voice');
      id ??= chunk.id;
      expect(chunk.id).toBe(id);
      deltas.push(chunk.choices[0]?.delta.content ?? '');
      finishes.push(chunk.choices[0]?.finish_reason ?? null);
    }
    expect(deltas.filter((delta) => delta !== '').length).toBeGreaterThan(3);
    expect(deltas.join('')).toContain('I heard you say: hello grid.');
    expect(finishes.at(-1)).toBe('stop');
    expect(finishes.slice(0, -1).every((finish) => finish === null)).toBe(true);
  });

  it('answers a whole chat.completion without stream', async () => {
    const answer = await grid.client.chat.completions.create({
      model: 'tutor',
      messages: [
        { role: 'system', content: 'ignored by the tutor' },
        { role: 'user', content: 'start' },
      ],
    });
    expect(answer.object).toBe('chat.completion');
    expect(answer.choices).toHaveLength(1);
    expect(answer.choices[0]).toMatchObject({ index: 0, finish_reason: 'stop' });
    expect(answer.choices[0]?.message.role).toBe('assistant');
    expect(answer.choices[0]?.message.content).toMatch(/\(a\) .+\n\(b\) /);
  });

  it('the same user reaches the same session: the tutor remembers its question', async () => {
    const ask = (content: string, name: string) =>
      grid.client.chat.completions.create({ model: 'tutor', messages: user(content), user: name });
    await ask('start', 'alice');
    const alice = await ask('b', 'alice');
    expect(alice.choices[0]?.message.content).toMatch(/^(Correct\.|Not quite)/);
    expect(alice.choices[0]?.message.content).toContain('Mastery:');
    // Another user has no question on the table: an answer gets the first question instead.
    const bob = await ask('b', 'bob');
    expect(bob.choices[0]?.message.content).not.toMatch(/^(Correct\.|Not quite)/);
  });

  it('the x-opengrid-session header keys affinity too, streaming or not', async () => {
    const headers = { [SESSION_AFFINITY_HEADER]: 'header-key' };
    await grid.client.chat.completions.create(
      { model: 'voice', messages: user('first') },
      { headers },
    );
    const stream = await grid.client.chat.completions.create(
      { model: 'voice', messages: user('second'), stream: true },
      { headers },
    );
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toContain('Turn 2. I heard you say: second. Before that you said: first.');
  });

  it('an unknown model is a 404 with code agent_unknown', async () => {
    for (const model of ['no-such-agent', 'GPT-4']) {
      const error = await failure(
        grid.client.chat.completions.create({ model, messages: user('hi') }),
      );
      expect(error).toBeInstanceOf(OpenAI.NotFoundError);
      expect(error.code).toBe('agent_unknown');
    }
  });

  it('a malformed request is a 400 with code request_malformed', async () => {
    const empty = await failure(
      grid.client.chat.completions.create({ model: 'tutor', messages: [] }),
    );
    expect(empty).toBeInstanceOf(OpenAI.BadRequestError);
    expect(empty.code).toBe('request_malformed');
    const endpoint = `${grid.url}/v1/chat/completions`;
    for (const body of ['{', '[]', '{"model":"tutor"}', '']) {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        error: { code: 'request_malformed', type: 'invalid_request_error' },
      });
    }
  });
});

describe('the gateway when the grid is full', () => {
  let grid: TestGrid;

  beforeAll(async () => {
    // The first session, kept for user `holder`, takes the only interactive slot.
    grid = await startTestGrid({ robot: 0, voice: 0, interactive: 1, batch: 0 }, 'holder');
  });

  afterAll(async () => {
    await grid?.stop();
  });

  it('answers 503 with Retry-After and code route_pushback', async () => {
    const error = await failure(
      grid.client.chat.completions.create({
        model: 'tutor',
        messages: user('start'),
        user: 'other',
      }),
    );
    expect(error.status).toBe(503);
    expect(error.code).toBe('route_pushback');
    expect(Number(error.headers?.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});
