import { describe, expect, it } from 'vitest';
import { burnAgent, readBurnMs } from '../src/agents/burn.js';
import { BURN_DEFAULT_MS, BURN_MS_MAX } from '../src/limits.js';
import { initAgent, runAgentTurn } from './support/agent-harness.js';

describe('burn agent', () => {
  it('hashes for the CPU time asked for and yields to the event loop between slices', async () => {
    let timerRuns = 0;
    const timer = setInterval(() => {
      timerRuns += 1;
    }, 5);
    const cpuBefore = process.cpuUsage();
    const turn = await runAgentTurn(burnAgent, await initAgent(burnAgent), { ms: 150 });
    const cpu = process.cpuUsage(cpuBefore);
    clearInterval(timer);
    const result = turn.chunks.at(-1)!.chunk as { hashes: number; ms: number; digest: string };
    expect(result.ms).toBeGreaterThanOrEqual(150);
    expect(result.hashes).toBeGreaterThan(0);
    expect(result.digest).toMatch(/^[0-9a-f]{64}$/);
    expect((cpu.user + cpu.system) / 1000).toBeGreaterThanOrEqual(150);
    // A loop that never yielded would let the timer run at most once.
    expect(timerRuns).toBeGreaterThan(3);
    expect(turn.state).toEqual({ turns: 1, hashes: result.hashes });
  });

  it('bounds the time asked for', () => {
    expect(readBurnMs({})).toBe(BURN_DEFAULT_MS);
    expect(readBurnMs('fast')).toBe(BURN_DEFAULT_MS);
    expect(readBurnMs({ ms: 'x' })).toBe(BURN_DEFAULT_MS);
    expect(readBurnMs({ ms: -5 })).toBe(0);
    expect(readBurnMs({ ms: 1e12 })).toBe(BURN_MS_MAX);
  });

  it('stops when the turn is cancelled', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled')), 30);
    await expect(
      runAgentTurn(
        burnAgent,
        { turns: 0, hashes: 0 },
        { ms: BURN_MS_MAX },
        { signal: controller.signal },
      ),
    ).rejects.toThrow(/cancelled/);
  });
});
