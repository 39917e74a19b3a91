/**
 * docs/spec/evidence-vault.md's walkthrough must work when pasted. Its sh blocks run in order in
 * one bash session (they share a shell function and exported variables), from the repository
 * root, with a fresh HOME. Three things are rewritten: the port (to a free one), /tmp/vault-demo
 * (to a folder of this run), and the `mycel log serve` line, which runs in the background the
 * way a reader runs it in a second terminal, and is stopped when the script ends.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../src/devnet/free-port.js';
import { shellBlocks } from './pasted-shell.js';
import { REPO_ROOT, runProcess, temporaryFolder } from './run-mycel.js';

const DOC_PORT = '7701';
const folder = temporaryFolder('vault-doc');

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('docs/spec/evidence-vault.md walkthrough', () => {
  const doc = readFileSync(join(REPO_ROOT, 'docs/spec/evidence-vault.md'), 'utf8');
  const blocks = shellBlocks(doc).map((entry) => entry.block);

  it('runs as pasted: refused before the challenge, disclosed after it, both logged', async () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    const port = String(await freeLoopbackPort());
    const demo = join(folder, 'vault-demo');
    const script = blocks
      .join('\n')
      .replaceAll(`localhost:${DOC_PORT}`, `localhost:${port}`)
      .replaceAll(`--port ${DOC_PORT}`, `--port ${port}`)
      .replaceAll('/tmp/vault-demo', demo)
      .replace(
        /^(npx mycel log serve .*)$/m,
        `$1 > ${folder}/serve.log 2>&1 &\nSERVER=$!\ntrap 'kill $SERVER' EXIT\n` +
          `for i in $(seq 150); do curl -s -o /dev/null localhost:${port}/v1/checkpoint && break; sleep 0.2; done`,
      );
    expect(script).toContain('SERVER=$!');
    const home = join(folder, 'home');
    mkdirSync(home);
    const { MYCEL_HOME: _unset, ...environment } = process.env;
    const run = await runProcess('bash', ['-c', script], {
      cwd: REPO_ROOT,
      env: { ...environment, HOME: home, npm_config_update_notifier: 'false' },
    });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(/"code":"evidence_not_challenged"/);
    expect(out).toMatch(/HTTP\/1\.1 200 OK\r?\nmycel-disclosure-sequence: 2\r?\n/);
    expect(out).toContain('{"meter":"roof-7","wh":[1200,1234]}');
    expect(out).toMatch(/"granted":false,"code":"evidence_not_challenged"/);
    expect(out).toMatch(/"granted":true/);
  });
});
