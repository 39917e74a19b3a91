/**
 * The inference plane against real worker processes: every fault an agent can cause fails only
 * its own turn (or the turns on its own worker), the worker is replaced when it must be, and
 * later turns and other sessions keep working.
 */
import { getPriority } from 'node:os';
import type { JsonValue } from '@mycel/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentRef, TurnOutcome, TurnRequest } from '../src/inference/turn-request.js';
import { WorkerPool } from '../src/inference/worker-pool.js';
import {
  INFERENCE_NICE,
  INFERENCE_PROGRESS_TICK_MS,
  TURN_CHUNK_CHARS_MAX,
  TURN_CHUNKS_MAX,
  WORKER_STALL_MS,
} from '../src/limits.js';
import { faultAgent } from './support/fault-agents.js';

const TUTOR: AgentRef = { kind: 'builtin', name: 'tutor' };
const VOICE: AgentRef = { kind: 'builtin', name: 'voice' };

let pool: WorkerPool;

beforeAll(async () => {
  pool = await WorkerPool.start({ size: 2 });
});

afterAll(async () => {
  await pool?.close();
});

function turn(
  agent: AgentRef,
  state: JsonValue,
  input: JsonValue,
  timeoutMs = 10_000,
): TurnRequest {
  return { sid: `session-${agent.kind}`, seq: 1, agent, state, input, timeoutMs };
}

async function run(
  request: TurnRequest,
  signal?: AbortSignal,
): Promise<{ outcome: TurnOutcome; chunks: JsonValue[] }> {
  const chunks: JsonValue[] = [];
  const outcome = await pool.runTurn(request, (chunk) => chunks.push(chunk), signal);
  return { outcome, chunks };
}

function restarts(): number {
  return pool.health().reduce((sum, worker) => sum + worker.restarts, 0);
}

/** Waits until every slot has a ready worker again (replacements take a moment to start). */
async function allReady(): Promise<void> {
  while (!pool.health().every((worker) => worker.alive))
    await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('WorkerPool', () => {
  it('runs a built-in agent in a low-priority child process, state in and state out', async () => {
    const health = pool.health();
    expect(health).toHaveLength(2);
    for (const worker of health) {
      expect(worker).toMatchObject({ alive: true, busy: 0, restarts: 0, state: 'ready' });
      expect(worker.pid).not.toBe(process.pid);
      expect(getPriority(worker.pid!)).toBe(INFERENCE_NICE);
    }
    const init = await pool.init({ sid: 's-tutor', agent: TUTOR });
    expect(init.ok).toBe(true);
    if (!init.ok) return;
    const first = await run(turn(TUTOR, init.value, 'start'));
    expect(first.outcome).toMatchObject({ ok: true, value: { chunks: 2 } });
    expect(first.chunks[1]).toMatchObject({ type: 'question' });
  });

  it('fails a turn whose agent throws, and the next turn of the session works', async () => {
    const before = restarts();
    const failed = await run(turn(faultAgent('throws'), { turns: 4 }, { fail: true }));
    expect(failed.outcome).toEqual({
      ok: false,
      error: { code: 'turn_failed', message: 'the agent was asked to fail' },
    });
    const next = await run(turn(faultAgent('throws'), { turns: 4 }, 'again'));
    expect(next.outcome).toEqual({ ok: true, value: { state: { turns: 5 }, chunks: 1 } });
    expect(restarts()).toBe(before);
  });

  it('fails init with agent_init_failed when init throws', async () => {
    const init = await pool.init({ sid: 's', agent: faultAgent('throws'), config: { fail: true } });
    expect(init).toMatchObject({
      ok: false,
      error: { code: 'agent_init_failed', message: 'init was asked to fail' },
    });
  });

  it('times out a turn that never settles and replaces its worker', async () => {
    const before = restarts();
    const hung = await run(turn(faultAgent('hangs'), { turns: 0 }, { hang: true }, 300));
    expect(hung.outcome).toMatchObject({ ok: false, error: { code: 'turn_timeout' } });
    expect(restarts()).toBe(before + 1);
    const next = await run(turn(faultAgent('hangs'), { turns: 0 }, {}));
    expect(next.outcome).toMatchObject({ ok: true, value: { state: { turns: 1 } } });
    await allReady();
  });

  it('kills a worker whose event loop is blocked, while turns on the other worker complete', async () => {
    await allReady();
    const before = restarts();
    const started = performance.now();
    const spinning = run(turn(faultAgent('spins'), { turns: 0 }, { spin: true }, 20_000));
    // Let the spin reach its worker before the next turn is placed.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const voice = await run(turn(VOICE, { turns: 0, lastUtterance: null }, 'still here'));
    expect(voice.outcome).toMatchObject({ ok: true, value: { state: { turns: 1 } } });
    const spun = await spinning;
    expect(spun.outcome).toMatchObject({
      ok: false,
      error: { code: 'worker_lost', message: expect.stringMatching(/no progress/) },
    });
    // Silence counts from the worker's last progress tick, which may precede `started` by up to
    // one tick interval.
    expect(performance.now() - started).toBeGreaterThanOrEqual(
      WORKER_STALL_MS - INFERENCE_PROGRESS_TICK_MS,
    );
    expect(restarts()).toBe(before + 1);
    await allReady();
    const after = await run(turn(faultAgent('spins'), { turns: 0 }, {}));
    expect(after.outcome).toMatchObject({ ok: true });
  });

  it('fails the turn of a worker that crashes with worker_lost and starts a replacement', async () => {
    await allReady();
    const before = restarts();
    const pids = pool.health().map((worker) => worker.pid);
    const crashed = await run(turn(faultAgent('exits'), { turns: 0 }, { exit: true }));
    expect(crashed.outcome).toMatchObject({
      ok: false,
      error: { code: 'worker_lost', message: expect.stringMatching(/exited \(code 3\)/) },
    });
    expect(restarts()).toBe(before + 1);
    await allReady();
    const newPids = pool.health().map((worker) => worker.pid);
    expect(newPids.filter((pid) => !pids.includes(pid))).toHaveLength(1);
    const next = await run(turn(faultAgent('exits'), { turns: 0 }, {}));
    expect(next.outcome).toMatchObject({ ok: true });
  });

  it('cancels a turn through its signal; the worker stays when the agent stops', async () => {
    await allReady();
    const before = restarts();
    const controller = new AbortController();
    const chunks: JsonValue[] = [];
    const outcome = await pool.runTurn(
      turn(VOICE, { turns: 0, lastUtterance: null }, 'a long sentence to say slowly'),
      (chunk) => {
        chunks.push(chunk);
        controller.abort();
      },
      controller.signal,
    );
    expect(outcome).toMatchObject({ ok: false, error: { code: 'turn_cancelled' } });
    expect(chunks.length).toBeGreaterThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(restarts()).toBe(before);
    expect(pool.health().every((worker) => worker.busy === 0)).toBe(true);
  });

  it('replaces a worker that keeps running a cancelled turn', async () => {
    await allReady();
    const before = restarts();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await run(
      turn(faultAgent('hangs'), { turns: 0 }, { hang: true }),
      controller.signal,
    );
    expect(result.outcome).toMatchObject({ ok: false, error: { code: 'turn_cancelled' } });
    while (restarts() === before) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(restarts()).toBe(before + 1);
  });

  it('bounds the chunks a turn emits', async () => {
    await allReady();
    const floods = faultAgent('floods');
    const many = await run(turn(floods, { turns: 0 }, { count: TURN_CHUNKS_MAX + 1 }));
    expect(many.outcome).toMatchObject({ ok: false, error: { code: 'turn_output_invalid' } });
    expect(many.chunks.length).toBeLessThanOrEqual(TURN_CHUNKS_MAX);
    const large = await run(turn(floods, { turns: 0 }, { size: TURN_CHUNK_CHARS_MAX }));
    expect(large.outcome).toMatchObject({ ok: false, error: { code: 'turn_output_invalid' } });
    const notJson = await run(turn(floods, { turns: 0 }, { function: true }));
    expect(notJson.outcome).toMatchObject({ ok: false, error: { code: 'turn_output_invalid' } });
    const badState = await run(turn(floods, { turns: 0 }, { badState: true }));
    expect(badState.outcome).toMatchObject({ ok: false, error: { code: 'agent_state_invalid' } });
    const fine = await run(turn(floods, { turns: 0 }, { count: 3 }));
    expect(fine.outcome).toEqual({ ok: true, value: { state: { turns: 1 }, chunks: 3 } });
  });

  it('refuses unknown agents, bad bundles and bad requests with their codes', async () => {
    const unknown = await run(turn({ kind: 'builtin', name: 'nobody' }, {}, {}));
    expect(unknown.outcome).toMatchObject({ ok: false, error: { code: 'agent_unknown' } });
    const missing = { kind: 'bundle', id: 'x', entryPath: '/nonexistent/agent/index.js' } as const;
    expect((await run(turn(missing, {}, {}))).outcome).toMatchObject({
      error: { code: 'agent_load_failed' },
    });
    const relative = { kind: 'bundle', id: 'x', entryPath: 'index.js' } as const;
    expect((await run(turn(relative, {}, {}))).outcome).toMatchObject({
      error: { code: 'agent_load_failed' },
    });
    const notAgent = {
      kind: 'bundle',
      id: 'x',
      entryPath: new URL('./fixtures/not-an-agent.js', import.meta.url).pathname,
    } as const;
    expect((await run(turn(notAgent, {}, {}))).outcome).toMatchObject({
      error: { code: 'agent_load_failed', message: expect.stringMatching(/default export/) },
    });
    expect((await run(turn(TUTOR, {}, {}, 0))).outcome).toMatchObject({
      error: { code: 'turn_input_invalid' },
    });
    expect((await run(turn(TUTOR, { x: Number.NaN }, {}))).outcome).toMatchObject({
      error: { code: 'agent_state_invalid' },
    });
    expect((await run(turn(TUTOR, {}, 'x'.repeat(300 * 1024)))).outcome).toMatchObject({
      error: { code: 'turn_input_invalid' },
    });
    const chat = { kind: 'builtin', name: 'chat' } as const;
    expect((await run(turn(chat, { messages: [] }, 'hello'))).outcome).toMatchObject({
      error: { code: 'backend_unavailable', message: expect.stringMatching(/no model backend/) },
    });
    const cancelled = new AbortController();
    cancelled.abort();
    expect((await run(turn(TUTOR, {}, {}), cancelled.signal)).outcome).toMatchObject({
      error: { code: 'turn_cancelled' },
    });
  });
});

describe('WorkerPool.start', () => {
  it('refuses a bad size or backend before starting anything', async () => {
    await expect(WorkerPool.start({ size: 0 })).rejects.toThrow(RangeError);
    await expect(WorkerPool.start({ size: 1.5 })).rejects.toThrow(RangeError);
    await expect(
      WorkerPool.start({ size: 1, backend: { baseUrl: 'ftp://127.0.0.1/v1', model: 'm' } }),
    ).rejects.toThrow(/backend_spec_invalid/);
  });
});

describe('WorkerPool.close', () => {
  it('kills every worker and fails what is still running', async () => {
    const own = await WorkerPool.start({ size: 1 });
    const pid = own.health()[0]!.pid!;
    const pending = own.runTurn(turn(faultAgent('hangs'), { turns: 0 }, { hang: true }), () => {});
    await new Promise((resolve) => setTimeout(resolve, 100));
    await own.close();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'worker_pool_closed' } });
    expect(() => process.kill(pid, 0)).toThrow();
    expect(await own.runTurn(turn(TUTOR, {}, {}), () => {})).toMatchObject({
      error: { code: 'worker_pool_closed' },
    });
  });
});
