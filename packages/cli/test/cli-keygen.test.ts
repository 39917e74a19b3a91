/**
 * The `mycel keygen` commands as a user runs them: `node packages/cli/bin/mycel.js ...` in child processes,
 * in a working folder outside the repository, with a temporary MYCEL_HOME. Every failure must
 * print `error <code>: ...` and exit 1; every success is checked with the kernel as well.
 * Each run costs about a second of CPU (tsx and the module graph), so commands that do not depend
 * on each other run concurrently, and each run carries as many assertions as it can. Within a
 * describe block the tests run in order and build on each other (one key, one envelope, one
 * growing log); each block has its own files and MYCEL_HOME.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliWorkspace, DID_KEY_ED25519, jsonOf, modeOf, readJson } from './cli-workspace.js';
import { expectFailure, expectSuccess, homeEnvironment, REPO_ROOT, runMycel } from './run-mycel.js';

const { home, options, inWorkspace, mycel, written } = cliWorkspace('cli-keygen');

describe('mycel keygen', () => {
  const keyPath = join(home, 'keys', 'me.json');

  it('writes a key with mode 0600 in a 0700 folder and prints its DID; refuses an unknown --alg', async () => {
    const [made, badAlgorithm] = await Promise.all([
      mycel('keygen', '--name', 'me'),
      mycel('keygen', '--name', 'rsa', '--alg', 'rsa'),
    ]);
    expectSuccess(made);
    const [did, where, ...rest] = made.stdout.split('\n');
    expect(did).toMatch(DID_KEY_ED25519);
    expect(where).toBe(`key written to ${keyPath}`);
    expect(rest).toEqual(['']);
    expect(modeOf(keyPath)).toBe(0o600);
    expect(modeOf(join(home, 'keys'))).toBe(0o700);
    const keyFile = readJson(keyPath);
    expect(keyFile).toMatchObject({ kind: 'mycel-private-key', v: 1, alg: 'Ed25519', did });
    expect(keyFile.pkcs8).toMatch(/^[A-Za-z0-9_-]+$/);
    expectFailure(badAlgorithm, 'argument_invalid');
    expect(existsSync(join(home, 'keys', 'rsa.json'))).toBe(false);
  });

  it('refuses to replace a key (file_exists) unless --force', async () => {
    const before = readFileSync(keyPath, 'utf8');
    expectFailure(await mycel('keygen', '--name', 'me'), 'file_exists');
    expect(readFileSync(keyPath, 'utf8')).toBe(before);
    const forced = jsonOf(await mycel('keygen', '--name', 'me', '--force', '--json'));
    expect(forced).toEqual({
      ok: true,
      did: expect.stringMatching(DID_KEY_ED25519),
      alg: 'Ed25519',
      path: keyPath,
    });
    expect(forced.did).not.toBe(JSON.parse(before).did);
    expect(readJson(keyPath).did).toBe(forced.did);
    expect(modeOf(keyPath)).toBe(0o600);
  });

  it('refuses a path inside a git working tree (key_path_in_repository) and writes nothing', async () => {
    const inRepository = join(REPO_ROOT, `tmp-key-${process.pid}.json`);
    const homeInRepository = join(REPO_ROOT, `.mycel-home-${process.pid}`);
    try {
      const runs = await Promise.all([
        mycel('keygen', '--out', inRepository),
        runMycel(['keygen', '--name', 'log'], {
          ...options,
          env: homeEnvironment(homeInRepository),
        }),
      ]);
      for (const run of runs) expectFailure(run, 'key_path_in_repository');
      expect(existsSync(inRepository)).toBe(false);
      expect(existsSync(homeInRepository)).toBe(false);
    } finally {
      rmSync(inRepository, { force: true });
      rmSync(homeInRepository, { recursive: true, force: true });
    }
  });

  // Regression (was a bug): the working-tree check walks up the path as written (path.resolve), without resolving
  // symlinks, so a key is written inside the repository through a link that points into it.
  it('refuses a path that reaches a git working tree through a symlink', async () => {
    const target = mkdtempSync(join(REPO_ROOT, 'packages', 'cli', 'test', '.symlink-target-'));
    const link = inWorkspace('link-into-repository');
    try {
      symlinkSync(target, link);
      const run = await mycel('keygen', '--out', join(link, 'key.json'));
      expect(existsSync(join(target, 'key.json'))).toBe(false);
      expectFailure(run, 'key_path_in_repository');
    } finally {
      rmSync(target, { recursive: true, force: true });
      rmSync(link, { force: true });
    }
  });

  // Regression (was a bug): --force rewrites an existing file in place, and writeFileSync's mode applies only when
  // it creates the file: a world-readable file at the path stays 0644 with a private key in it.
  it('--force leaves the replaced key file with mode 0600', async () => {
    const path = written('world-readable.json', '{}\n');
    chmodSync(path, 0o644);
    expectSuccess(await mycel('keygen', '--out', path, '--force'));
    expect(readJson(path).kind).toBe('mycel-private-key');
    expect(modeOf(path)).toBe(0o600);
  });
});
