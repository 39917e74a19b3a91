/**
 * `opengrid devnet --story madurai --json` (`npm start -- --story madurai`), run the way a user
 * runs it: a node in Bangalore (for Madurai) attached to a coordinator in Pune (for Mumbai), a
 * tutor session on it, then a coordinator starting in Chennai. The node must move to Chennai
 * within the story's bound and the session must keep answering turns on the same node
 * (docs/spec/mmp-switching.md §7). An unknown story is refused with argument_invalid.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { STORY_SWITCH_MS_MAX } from '../src/limits.js';
import { commandsOf, shellBlockUnder } from './pasted-shell.js';
import { REPO_ROOT, temporaryFolder } from './run-mycel.js';
import { runOpengrid } from './run-opengrid.js';

const folder = temporaryFolder('grid-devnet-story');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('the Madurai story', () => {
  it('the node switches to the nearer coordinator in time and its session carries on', {
    timeout: 180_000,
  }, async () => {
    // The README's "The mesh in five minutes" runs this story through `npm start` (which is
    // `opengrid devnet`); here the same arguments, plus a data folder and JSON output.
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const pasted = commandsOf(shellBlockUnder(readme, 'The mesh in five minutes'));
    expect(pasted).toEqual(['npm start -- --story madurai']);
    const storyArgs = pasted[0]!.split(' -- ')[1]!.split(' ');
    const run = await runOpengrid(
      ['devnet', ...storyArgs, '--json', '--data', folder, '--log-level', 'warn'],
      { timeoutMs: 170_000 },
    );
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as {
      ok: boolean;
      story: string;
      node: { city: string };
      from: { city: string };
      to: { city: string };
      matrixRttMs: { from: number; to: number };
      switchMs: number;
      turnsAfter: number;
      sessionCarriedOn: boolean;
    };
    expect(summary).toMatchObject({
      ok: true,
      story: 'madurai',
      node: { city: 'Bangalore' },
      from: { city: 'Pune' },
      to: { city: 'Chennai' },
      turnsAfter: 3,
      sessionCarriedOn: true,
    });
    // The measured matrix makes Chennai clearly nearer: below SWITCH_RTT_RATIO (0.8).
    expect(summary.matrixRttMs.to / summary.matrixRttMs.from).toBeLessThan(0.8);
    expect(summary.switchMs).toBeLessThan(STORY_SWITCH_MS_MAX);
    expect(run.stderr).toContain('the node moved to Chennai');
  });

  it('refuses a story it does not know with argument_invalid', async () => {
    const run = await runOpengrid(['devnet', '--story', 'atlantis', '--json'], {
      timeoutMs: 30_000,
    });
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toContain('argument_invalid');
  });
});
