/**
 * `opengrid devnet` live (what `npm start` leaves running): it prints a summary, keeps the
 * sessions busy, and on Ctrl-C (SIGINT) stops every service it started and exits 0. It runs with
 * `--no-kill`, which must leave every node running: no node killed, no session moved. (The kill
 * itself, the same code live or `--once`, is asserted by opengrid-devnet.test.ts.)
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { temporaryFolder } from './run-mycel.js';
import { OPENGRID_BIN } from './run-opengrid.js';

const folder = temporaryFolder('grid-devnet-live');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface LiveSummary {
  coordinator: { url: string };
  nodes: { url: string; state: string }[];
  killed: unknown;
  moved: number;
  sessions: { turns: number; moves: unknown[]; errors: string[] }[];
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

describe('opengrid devnet (live)', () => {
  it('reprints its summary with more turns, kills no node with --no-kill, and stops every service on Ctrl-C', async () => {
    const child = spawn(
      process.execPath,
      [
        OPENGRID_BIN,
        'devnet',
        '--json',
        '--no-kill',
        '--port',
        '0',
        '--data',
        join(folder, 'data'),
      ],
      {
        env: { ...process.env, OPENGRID_HOME: join(folder, 'home') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const summaries: LiveSummary[] = [];
    const lines = createInterface({ input: child.stdout });
    const twoSummaries = new Promise<void>((resolve) => {
      lines.on('line', (line) => {
        summaries.push(JSON.parse(line) as LiveSummary);
        if (summaries.length === 2) resolve();
      });
    });
    const timeout = setTimeout(() => child.kill('SIGKILL'), 170_000);
    try {
      await Promise.race([twoSummaries, exited]);
      expect(summaries.length, `${stderr}\n${JSON.stringify(summaries).slice(0, 2000)}`).toBe(2);
      const [first, second] = summaries as [LiveSummary, LiveSummary];
      const turns = (summary: LiveSummary) => summary.sessions.reduce((n, s) => n + s.turns, 0);
      expect(turns(second)).toBeGreaterThan(turns(first));
      expect(second.sessions.every((session) => session.errors.length === 0)).toBe(true);
      for (const summary of summaries) {
        expect(summary.killed).toBeNull();
        expect(summary.moved).toBe(0);
        expect(summary.sessions.every((session) => session.moves.length === 0)).toBe(true);
        expect(summary.nodes.every((node) => node.state === 'alive')).toBe(true);
      }
      expect(stderr).not.toContain('devnet: killed');
      const services = [second.coordinator.url, ...second.nodes.map((node) => node.url)];
      expect(second.nodes.length).toBeGreaterThanOrEqual(6);
      for (const url of services) expect(await answers(url)).toBe(true);

      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(stderr).toContain('devnet: stopping');
      for (const url of services) expect(await answers(url), url).toBe(false);
    } finally {
      clearTimeout(timeout);
      child.kill('SIGKILL');
    }
  }, 180_000);
});
