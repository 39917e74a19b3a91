/**
 * CPU-heavy turns in the inference plane: the burn agent saturates its workers while they keep
 * reporting progress, so none is mistaken for hung, and the CPU is really spent in the workers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import type { JsonValue } from '@mycel/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../src/inference/worker-pool.js';
import { INFERENCE_NICE, WORKER_STALL_MS } from '../src/limits.js';

/** Clock ticks per second of /proc/<pid>/stat CPU times (USER_HZ, 100 on Linux). */
const USER_HZ = 100;
const BURN_MS = 1000;

let pool: WorkerPool;

beforeAll(async () => {
  pool = await WorkerPool.start({ size: 2 });
});

afterAll(async () => {
  await pool?.close();
});

/** The fields of a /proc stat file after the command name: field n of proc(5) is [n - 3]. */
function statFields(path: string): string[] {
  const stat = readFileSync(path, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** User plus system CPU time of a process (proc(5) fields 14 and 15). */
function cpuMs(pid: number): number {
  const fields = statFields(`/proc/${pid}/stat`);
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
}

/** The nice value of every thread of a process (proc(5) field 19). */
function threadNices(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map((thread) =>
    Number(statFields(`/proc/${pid}/task/${thread}/stat`)[16]),
  );
}

describe('burn in the worker pool', () => {
  it('spends the CPU it is asked for on every worker without starving the progress ticks', async () => {
    const pids = pool.health().map((worker) => worker.pid!);
    const cpuBefore = pids.map(cpuMs);
    let stalestMs = 0;
    const watcher = setInterval(() => {
      for (const worker of pool.health()) stalestMs = Math.max(stalestMs, worker.lastProgressAgoMs);
    }, 25);
    const burns = [1, 2].map((seq) => {
      const chunks: JsonValue[] = [];
      const request = {
        sid: `burn-${seq}`,
        seq,
        agent: { kind: 'builtin', name: 'burn' } as const,
        state: { turns: 0, hashes: 0 },
        input: { ms: BURN_MS },
        timeoutMs: 60_000,
      };
      return pool
        .runTurn(request, (chunk) => chunks.push(chunk))
        .then((outcome) => ({ outcome, chunks }));
    });
    const results = await Promise.all(burns);
    clearInterval(watcher);
    for (const { outcome, chunks } of results) {
      expect(outcome).toMatchObject({ ok: true, value: { state: { turns: 1 }, chunks: 1 } });
      expect(chunks[0]).toMatchObject({ ms: expect.any(Number), hashes: expect.any(Number) });
      expect((chunks[0] as { ms: number }).ms).toBeGreaterThanOrEqual(BURN_MS);
    }
    // Both burns ran, one on each worker (the least busy one gets the next turn).
    pids.forEach((pid, index) => {
      expect(cpuMs(pid) - cpuBefore[index]!).toBeGreaterThanOrEqual(BURN_MS * 0.9);
    });
    expect(stalestMs).toBeLessThan(WORKER_STALL_MS);
    expect(pool.health().map((worker) => worker.restarts)).toEqual([0, 0]);
    for (const pid of pids) {
      expect(getPriority(pid)).toBe(INFERENCE_NICE);
      // Linux nice is per thread: V8's and libuv's helper threads are lowered too.
      expect(new Set(threadNices(pid))).toEqual(new Set([INFERENCE_NICE]));
    }
  });
});
