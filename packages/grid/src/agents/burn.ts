/**
 * `burn`: a built-in CPU-heavy agent for load tests. It chains SHA-256 hashes until it has used
 * the CPU time the input asks for (`{ms}`, default BURN_DEFAULT_MS, at most BURN_MS_MAX), in
 * slices of about BURN_SLICE_MS with the event loop running between slices, so the worker keeps
 * reporting progress while it burns. CPU time is the process's, measured across each slice only:
 * nothing else runs on this thread during a slice, so concurrent burns on one worker do not
 * count each other's work, and a worker starved by its low priority burns longer, not less.
 * Final chunk: `{hashes, ms, digest}`.
 */
import { hash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { JsonValue } from '@mycel/kernel';
import { BURN_DEFAULT_MS, BURN_MS_MAX, BURN_SLICE_MS } from '../limits.js';
import { defineAgent } from './define-agent.js';

const MICROSECONDS_PER_MS = 1000;

export type BurnState = { turns: number; hashes: number };

/** The CPU time asked for (attacker-controlled), clamped to [0, BURN_MS_MAX]. */
export function readBurnMs(input: JsonValue): number {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return BURN_DEFAULT_MS;
  const ms = input.ms;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return BURN_DEFAULT_MS;
  return Math.min(Math.max(ms, 0), BURN_MS_MAX);
}

function readBurnState(value: JsonValue): BurnState {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('the burn state is malformed');
  }
  const { turns, hashes } = value;
  if (typeof turns !== 'number' || typeof hashes !== 'number') {
    throw new Error('the burn state has no counters');
  }
  return { turns, hashes };
}

export const burnAgent = defineAgent<BurnState>({
  name: 'burn',
  version: '1.0.0',
  init: () => ({ turns: 0, hashes: 0 }),
  async onTurn(stored, input, context) {
    const state = readBurnState(stored);
    const budgetMs = readBurnMs(input);
    let digest: Buffer = hash('sha256', `${context.sid}/${context.seq}`, 'buffer');
    let hashes = 0;
    let spentMs = 0;
    while (spentMs < budgetMs) {
      context.signal.throwIfAborted();
      const cpuBefore = process.cpuUsage();
      const sliceEnd = performance.now() + Math.min(BURN_SLICE_MS, budgetMs - spentMs);
      do {
        digest = hash('sha256', digest, 'buffer');
        hashes += 1;
      } while (performance.now() < sliceEnd);
      const cpu = process.cpuUsage(cpuBefore);
      spentMs += (cpu.user + cpu.system) / MICROSECONDS_PER_MS;
      await yieldToEventLoop();
    }
    const ms = Math.round(spentMs);
    context.emit({ hashes, ms, digest: digest.toString('hex') });
    return { turns: state.turns + 1, hashes: state.hashes + hashes };
  },
});
