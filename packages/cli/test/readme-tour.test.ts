/**
 * The README's "The proof log in five minutes" must work when pasted. The test takes the ```sh block under
 * that heading, runs its commands one by one with bash from the repository root, as a user with a
 * fresh home (so ~/.mycel is temporary and MYCEL_HOME is unset), against a running log service.
 * Only two things are rewritten: the service's address, and /tmp/ (to a folder of this run, so
 * parallel runs cannot collide).
 */
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningService, startLogService } from '../src/commands/log-serve.js';
import { generateKeyFile, writeKeyFile } from '../src/key-file.js';
import { commandsOf, shellBlockUnder } from './pasted-shell.js';
import { REPO_ROOT, type Run, runProcess, temporaryFolder } from './run-mycel.js';

const README_SERVICE_URL = 'http://127.0.0.1:7700';

const folder = temporaryFolder('readme-tour');
const userHome = join(folder, 'home');
const scratch = join(folder, 'tmp');
let service: RunningService | undefined;

beforeAll(async () => {
  const logKey = join(folder, 'service', 'log.json');
  writeKeyFile(logKey, generateKeyFile('ed25519'), false);
  service = await startLogService({
    host: '127.0.0.1',
    port: '0',
    logLevel: 'silent',
    store: `sqlite:${join(folder, 'service', 'log.db')}`,
    logKey,
  });
});

afterAll(async () => {
  await service?.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('README: The proof log in five minutes', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const commands = commandsOf(shellBlockUnder(readme, 'The proof log in five minutes'));

  it('is ten commands, the last the verification of the forged proof', () => {
    expect(commands).toHaveLength(10);
    expect(commands.at(-1)).toMatch(/^npx mycel proof verify \/tmp\/forged\.json\b/);
    expect(commands.join('\n')).toContain(README_SERVICE_URL);
  });

  it('runs as pasted: every command succeeds, and the forged proof fails with proof_id_mismatch', async () => {
    // Pasted commands run through tsx, as a user's do: no MYCEL_BUNDLE_DIR (docs/decisions/0013).
    const { MYCEL_HOME: _unset, MYCEL_BUNDLE_DIR: _bundle, ...environment } = process.env;
    const env = { ...environment, HOME: userHome, npm_config_update_notifier: 'false' };
    mkdirSync(userHome);
    mkdirSync(scratch);
    const runs: { command: string; run: Run }[] = [];
    for (const pasted of commands) {
      const command = pasted
        .replaceAll(README_SERVICE_URL, service!.url)
        .replaceAll('/tmp/', `${scratch}/`);
      const run = await runProcess('bash', ['-c', command], { cwd: REPO_ROOT, env });
      runs.push({ command, run });
      const last = runs.length === commands.length;
      expect(run.code, `${command}\n${run.stdout}${run.stderr}`).toBe(last ? 1 : 0);
    }

    const output = (position: number) => runs[position]!.run.stdout;
    // 1. The key is in the temporary ~/.mycel, private.
    const keyPath = join(userHome, '.mycel', 'keys', 'me.json');
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    const did = JSON.parse(readFileSync(keyPath, 'utf8')).did;
    expect(output(0)).toBe(`${did}\nkey written to ${keyPath}\n`);
    // 3. The signed proof verifies.
    const proof = JSON.parse(readFileSync(join(scratch, 'proof.signed.json'), 'utf8'));
    expect(output(4)).toMatch(new RegExp(`^ok ${proof.id}\nsigned by ${did}\n`));
    // 4. The log answered with the proof's place in it.
    const answer = JSON.parse(readFileSync(join(scratch, 'answer.json'), 'utf8'));
    expect(answer).toMatchObject({ id: proof.id, index: 0, treeSize: 1 });
    expect(output(6)).toBe(readFileSync(join(scratch, 'answer.json'), 'utf8'));
    // 5. The answer checks out offline.
    expect(output(7)).toBe(`ok ${proof.id} is entry 0 of devnet.mycel.local/log at size 1\n`);
    // 6. The forged copy differs only in the value, and fails with the stable code.
    expect(readFileSync(join(scratch, 'forged.json'), 'utf8')).toContain('"value": 15000');
    const forged = runs.at(-1)!.run;
    expect(forged.stderr).toMatch(/^error proof_id_mismatch: /m);
    expect(forged.stdout).toBe('');
  });
});
