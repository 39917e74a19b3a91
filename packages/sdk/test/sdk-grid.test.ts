/**
 * The SDK against a real coordinator and node on loopback: sessions open, turns stream, the
 * grid's refusals arrive as OpenGridErrors with their codes, and a node killed mid-stream with
 * nowhere to move fails the turn with a clear code after the resume time instead of a hang
 * (sdk-failover.test.ts has the move itself).
 */
import type { JsonValue } from '@mycel/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenGridError } from '../src/errors.js';
import { openSession } from '../src/open-session.js';
import type { Session } from '../src/session.js';
import type { TurnStream } from '../src/turn-stream.js';
import {
  type ChildNode,
  type Grid,
  spawnNode,
  startGrid,
  waitUntilPlaceable,
} from './support/grid-harness.js';

/** Every chunk of a turn, in order. */
async function collect(turn: TurnStream): Promise<JsonValue[]> {
  const chunks: JsonValue[] = [];
  for await (const chunk of turn) chunks.push(chunk);
  return chunks;
}

async function rejection(promise: Promise<unknown>): Promise<OpenGridError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(OpenGridError);
  return error as OpenGridError;
}

describe('the SDK on a grid', () => {
  let grid: Grid;
  const open: Session[] = [];

  beforeAll(async () => {
    grid = await startGrid();
    await waitUntilPlaceable(grid.coordinatorUrl);
  });

  afterAll(async () => {
    for (const session of open) await session.close();
    await grid?.stop();
  });

  async function session(agent: string, latencyClass: 'voice' | 'interactive' = 'interactive') {
    const opened = await openSession({ coordinator: grid.coordinatorUrl, agent, latencyClass });
    open.push(opened);
    return opened;
  }

  it('opens a tutor session and streams its first question', async () => {
    const tutor = await session('tutor');
    expect(tutor.sid).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(tutor.epoch).toBe(1);
    expect(tutor.node.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const turn = tutor.send('start');
    const chunks = await collect(turn);
    const question = chunks.find(
      (chunk) =>
        typeof chunk === 'object' &&
        chunk !== null &&
        (chunk as { type?: unknown }).type === 'question',
    );
    expect(question).toMatchObject({
      choices: { a: expect.any(String) },
      text: expect.any(String),
    });
    await expect(turn.done).resolves.toEqual({ seq: 1, chunks: chunks.length });
  });

  it('streams a voice turn: several chunks arrive before the turn is done', async () => {
    const voice = await session('voice', 'voice');
    const turn = voice.send('hello grid');
    let settled = false;
    void turn.done.then(() => {
      settled = true;
    });
    const settledAtChunk: boolean[] = [];
    const words: string[] = [];
    for await (const chunk of turn) {
      settledAtChunk.push(settled);
      words.push((chunk as { text: string }).text);
    }
    expect(words.length).toBeGreaterThan(3);
    expect(settledAtChunk.slice(0, 3)).toEqual([false, false, false]);
    expect(words.join('')).toContain('I heard you say: hello grid.');
  });

  it('runs turns one at a time: a second send waits for the first and continues its state', async () => {
    const voice = await session('voice', 'voice');
    const first = voice.send('one');
    const second = voice.send('two');
    const [firstWords, secondWords] = await Promise.all([collect(first), collect(second)]);
    const text = (chunks: JsonValue[]) =>
      chunks.map((chunk) => (chunk as { text: string }).text).join('');
    expect(text(firstWords)).toContain('Turn 1.');
    expect(text(secondWords)).toContain('Turn 2. I heard you say: two. Before that you said: one.');
    expect(second.seq).toBe(2);
  });

  it('breaking out of the loop cancels the turn, and the next turn works', async () => {
    const voice = await session('voice', 'voice');
    const first = voice.send('a long utterance that takes many words to answer');
    let seen = 0;
    for await (const _chunk of first) {
      seen += 1;
      if (seen === 2) break;
    }
    const ended = await first.done.then(
      () => 'done',
      (error: OpenGridError) => error.code,
    );
    expect(ended).toBe('turn_cancelled');
    const next = voice.send('again');
    const words = await collect(next);
    expect(words.length).toBeGreaterThan(3);
    await expect(next.done).resolves.toMatchObject({ seq: 2 });
  });

  it('close() ends the session: later turns fail with session_closed, a second close is fine', async () => {
    const tutor = await session('tutor');
    await tutor.close();
    await tutor.close();
    const turn = tutor.send('start');
    expect((await rejection(turn.done)).code).toBe('session_closed');
    await expect(collect(turn)).rejects.toMatchObject({ code: 'session_closed' });
  });

  it('an unknown agent is agent_unknown', async () => {
    const error = await rejection(
      openSession({
        coordinator: grid.coordinatorUrl,
        agent: 'no-such-agent',
        probeLandmarks: false,
      }),
    );
    expect(error.code).toBe('agent_unknown');
  });
});

describe('the SDK on a full grid', () => {
  let grid: Grid;

  beforeAll(async () => {
    grid = await startGrid({ capacity: { robot: 0, voice: 0, interactive: 1, batch: 1 } });
    await waitUntilPlaceable(grid.coordinatorUrl);
  });

  afterAll(async () => {
    await grid?.stop();
  });

  it('surfaces route_pushback after the bounded retries', async () => {
    const coordinator = grid.coordinatorUrl;
    const held = await openSession({
      coordinator,
      agent: 'tutor',
      latencyClass: 'batch',
      probeLandmarks: false,
    });
    try {
      const error = await rejection(
        openSession({
          coordinator,
          agent: 'tutor',
          latencyClass: 'batch',
          probeLandmarks: false,
          retry: { attempts: 2, maxDelayMs: 50 },
        }),
      );
      expect(error.code).toBe('route_pushback');
      expect(error.retryable).toBe(true);
    } finally {
      await held.close();
    }
  });
});

describe('the SDK when its node dies', () => {
  let grid: Grid;
  let node: ChildNode | undefined;

  beforeAll(async () => {
    grid = await startGrid({ inProcessNode: false });
    node = await spawnNode(grid.coordinatorUrl, { robot: 0, voice: 2, interactive: 2, batch: 0 });
    await waitUntilPlaceable(grid.coordinatorUrl, 'voice');
  });

  afterAll(async () => {
    node?.kill();
    await node?.exited;
    node?.removeData();
    await grid?.stop();
  });

  it('a node killed mid-stream with no node to move to: the turn fails with a clear code once the resume time runs out', async () => {
    const voice = await openSession({
      coordinator: grid.coordinatorUrl,
      agent: 'voice',
      latencyClass: 'voice',
      probeLandmarks: false,
      resume: { timeoutMs: 1000 },
    });
    const turn = voice.send('keep talking while the machine dies');
    let chunks = 0;
    const startedMs = performance.now();
    const loop = (async () => {
      for await (const _chunk of turn) {
        chunks += 1;
        if (chunks === 1) node?.kill();
      }
    })();
    // No other node: the coordinator keeps answering resume_pending until the SDK gives up.
    await expect(loop).rejects.toMatchObject({ code: 'resume_pending' });
    expect(performance.now() - startedMs).toBeGreaterThanOrEqual(900);
    expect((await rejection(turn.done)).code).toBe('resume_pending');
    expect(voice.failure?.code).toBe('resume_pending');
    expect((await rejection(voice.send('anyone?').done)).code).toBe('resume_pending');
    await voice.close();
  });
});
