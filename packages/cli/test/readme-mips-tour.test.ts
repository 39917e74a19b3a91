/**
 * The README's "Proofs about the physical world in five minutes" must work when pasted: its sh
 * block runs command by command with bash from the repository root, as a user with a fresh home.
 * Only /tmp/ is rewritten, to a folder of this run. The inflated proof must exit 2 (verified, not
 * accepted) and the last command 1 (a reading changed after signing).
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandsOf, shellBlockUnder } from './pasted-shell.js';
import { REPO_ROOT, type Run, runProcess, temporaryFolder } from './run-mycel.js';

const folder = temporaryFolder('readme-mips');
const userHome = join(folder, 'home');
const scratch = join(folder, 'tmp');

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('README: Proofs about the physical world in five minutes', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const commands = commandsOf(
    shellBlockUnder(readme, 'Proofs about the physical world in five minutes'),
  );

  it('is nine commands: list, two keys, example, assess, inflated example and assess, edit, assess', () => {
    expect(commands).toHaveLength(9);
    expect(commands[0]).toBe('npx mycel mip list');
    expect(commands.at(-2)).toMatch(/^sed -i /);
  });

  it('runs as pasted: accepted, then refused with exit 2, then evidence_digest_mismatch', async () => {
    // Pasted commands run through tsx, as a user's do: no MYCEL_BUNDLE_DIR (docs/decisions/0013).
    const { MYCEL_HOME: _unset, MYCEL_BUNDLE_DIR: _bundle, ...environment } = process.env;
    const env = { ...environment, HOME: userHome, npm_config_update_notifier: 'false' };
    mkdirSync(userHome);
    mkdirSync(scratch);
    const expectedStatus = [0, 0, 0, 0, 0, 0, 2, 0, 1];
    const runs: Run[] = [];
    for (const [index, pasted] of commands.entries()) {
      const command = pasted.replaceAll('/tmp/', `${scratch}/`);
      const run = await runProcess('bash', ['-c', command], { cwd: REPO_ROOT, env });
      runs.push(run);
      expect(run.code, `${command}\n${run.stdout}${run.stderr}`).toBe(expectedStatus[index]);
    }
    expect(runs[0]!.stdout).toMatch(/^mip-enr\/generation-interval@1\.0\.0 /m);
    expect(runs[0]!.stdout).toMatch(/^mip-hlt\/hrv-short-term@1\.0\.0 /m);
    const producer = JSON.parse(readFileSync(join(userHome, '.mycel/keys/producer.json'), 'utf8'));
    const proof = JSON.parse(readFileSync(join(scratch, 'pv/proof.json'), 'utf8'));
    expect(proof.attestation.issuer).toBe(producer.did);
    expect(proof.evidence).toHaveLength(3);
    expect(runs[4]!.stdout).toMatch(/^verdict pass {2}p 0\.9/m);
    expect(runs[4]!.stdout).toMatch(/^settle [\d.]+ Wh \(0\.05 quantile\)$/m);
    expect(runs[4]!.stdout).toMatch(/^accepted, settleable$/m);
    expect(runs[6]!.stdout).toMatch(/^verdict fail/m);
    expect(runs[6]!.stdout).toMatch(/^not accepted: verdict fail/m);
    expect(runs[8]!.stderr).toMatch(/^error evidence_digest_mismatch: .*evidence-1\.json/m);
  });
});
