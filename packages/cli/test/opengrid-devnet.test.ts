/**
 * `opengrid devnet --once --json` (what `npm start` runs, to its end): a coordinator and seven
 * node processes in real cities behind the emulated network, eight demo clients elsewhere. The
 * summary must show every node registered, every session served, and placement finding the
 * nearest node for most clients — from network coordinates, since the coordinator never reads
 * the latency matrix.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { temporaryFolder } from './run-mycel.js';
import { runOpengrid } from './run-opengrid.js';

const folder = temporaryFolder('grid-devnet');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface Summary {
  ok: boolean;
  nodes: { city: string; state: string; sessions: number }[];
  sessions: {
    client: string;
    agent: string;
    node: string;
    nearest: boolean;
    rttMs: number;
    bestRttMs: number;
    turns: number;
    firstChunkMs: number[];
    errors: string[];
  }[];
  placedNearest: number;
}

describe('opengrid devnet --once --json', () => {
  it('places every demo session, mostly on the nearest node, and exits 0', async () => {
    const run = await runOpengrid(['devnet', '--once', '--json', '--data', join(folder, 'data')], {
      env: { ...process.env, OPENGRID_HOME: join(folder, 'home') },
      timeoutMs: 170_000,
    });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0]!) as Summary;
    expect(summary.ok).toBe(true);
    expect(summary.nodes.length).toBeGreaterThanOrEqual(6);
    expect(summary.nodes.every((node) => node.state === 'alive')).toBe(true);
    expect(summary.sessions).toHaveLength(8);
    for (const session of summary.sessions) {
      expect(session.errors, session.client).toEqual([]);
      expect(session.turns).toBeGreaterThanOrEqual(3);
      // Every first chunk crossed the emulated network: at least one client-node round trip.
      expect(Math.min(...session.firstChunkMs)).toBeGreaterThanOrEqual(session.rttMs * 0.9);
    }
    expect(new Set(summary.sessions.map((s) => s.agent))).toEqual(new Set(['tutor', 'voice']));
    // Coordinates are estimates: most, not necessarily all, sessions land on the nearest node,
    // and none lands far from it.
    expect(summary.placedNearest).toBeGreaterThanOrEqual(6);
    for (const session of summary.sessions) {
      expect(session.rttMs - session.bestRttMs, session.client).toBeLessThan(60);
    }
  }, 180_000);
});
