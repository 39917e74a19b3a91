/**
 * The README's "The closed loop in five minutes" must work when pasted: its sh block runs as one
 * bash script (a shell variable carries the contract id from `propose` to `accept`), with
 * `set -e` so any failing command fails the tour, as a user with a fresh home, from the
 * repository root, through tsx as a user's commands run (no MYCEL_BUNDLE_DIR).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandsOf, pastingEnvironment, shellBlockUnder } from './pasted-shell.js';
import { REPO_ROOT, runProcess, temporaryFolder } from './run-mycel.js';

const folder = temporaryFolder('readme-loop');
const home = join(folder, 'home');

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('README: The closed loop in five minutes', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const block = shellBlockUnder(readme, 'The closed loop in five minutes');

  it('starts with the microgrid story and ends by showing a contract of your own', () => {
    const commands = commandsOf(block);
    expect(commands[0]).toBe('npx opengrid devnet --story microgrid');
    expect(commands.at(-1)).toBe('npx mycel contract show $ID');
  });

  it('runs as pasted: each stage of the loop, then a contract every party accepted', async () => {
    const run = await runProcess('bash', ['-c', `set -eo pipefail\n${block}`], {
      cwd: REPO_ROOT,
      env: pastingEnvironment(home),
    });
    const all = `${run.stdout}\n${run.stderr}`;
    expect(run.code, all).toBe(0);
    const out = run.stdout;
    // 1. The story's summary, stage by stage.
    expect(out).toMatch(
      /^ {2}community microgrid: 12 proofs, [\d.]+ kWh claimed, 12 accepted, 0 refused/m,
    );
    expect(out).toMatch(
      /^ {2}inflating microgrid: 4 proofs, [\d.]+ kWh claimed, 0 accepted, 4 refused/m,
    );
    expect(out).toMatch(/^Discover: 2 adverts; the buyer's search found 1: community microgrid/m);
    expect(out).toMatch(
      /^Coordinate: contract sha256:[0-9a-f]{12}… SETTLED after 25 signed events; 8 of 8 proofs verified/m,
    );
    expect(out).toMatch(
      /^Settle: 8 VCRs minted after the window, ₹[\d.]+; netted into 14 payouts/m,
    );
    // 2. The search as the buyer ran it: one producer, in Chennai, with its record.
    expect(out).toMatch(/^1\. did:key:\S+ \(solar-coop\.devnet\)$/m);
    expect(out).not.toMatch(/^2\. did:key:/m);
    expect(out).toMatch(/accepted 12, refused 0, disputes lost 0, overturned 0$/m);
    // 4. Certified against the microgrid profile.
    expect(out).toMatch(
      /^certified: did:key:\S+ against microgrid \(12 proof\(s\), 1 advert\(s\)\)$/m,
    );
    // 5. The devnet's contract, replayed.
    expect(out).toMatch(/^status {3}SETTLED$/m);
    expect(out).toMatch(/^accepted 4 of 4$/m);
    // 6. The contract of one's own: accepted by all four, not yet started.
    const statuses = [...out.matchAll(/^status {3}(\S+)$/gm)].map((match) => match[1]);
    expect(statuses).toEqual(['SETTLED', 'ACCEPTED']);
  }, 240_000);
});
