/**
 * The log service and the devnet as real processes: `mycel log serve` and `npm start`'s entry
 * point, each in its own temporary MYCEL_HOME on a free port of 127.0.0.1, talked to over HTTP,
 * stopped with the signals a terminal sends, and restarted on the same store.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openCheckpoint, parseVerifierKey, verifyEd25519 } from '@mycel/kernel';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_ORIGIN } from '../src/mycel-home.js';
import { proofText, seededSigner, signedProof } from './proof-fixtures.js';
import {
  DEVNET_ENTRY,
  exitOf,
  expectFailure,
  expectSuccess,
  homeEnvironment,
  killIfRunning,
  REPO_ROOT,
  readLinesUntil,
  runMycel,
  startMycel,
  temporaryFolder,
} from './run-mycel.js';

const START_WAIT_MS = 20_000;
const STOP_WAIT_MS = 5_000;
const workspace = temporaryFolder('serve');
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) killIfRunning(child);
  rmSync(workspace, { recursive: true, force: true });
});

/** The size of the log a checkpoint note signs, checked against the log's verifier key. */
function checkpointSize(note: string, verifierKey: string): number {
  const key = parseVerifierKey(verifierKey.trim());
  if (!key.ok) throw new Error(`the verifier key does not parse: ${key.error.code}`);
  const opened = openCheckpoint(note, [key.value], verifyEd25519, DEFAULT_ORIGIN);
  if (!opened.ok) throw new Error(`the checkpoint does not open: ${opened.error.code}`);
  return opened.value.size;
}

interface Serving {
  readonly child: ChildProcess;
  readonly url: string;
  readonly verifierKey: string;
}

async function serve(home: string): Promise<Serving> {
  const child = startMycel(['log', 'serve', '--port', '0', '--json', '--log-level', 'silent'], {
    cwd: workspace,
    env: homeEnvironment(home),
  });
  children.push(child);
  const [line] = await readLinesUntil(child, () => true, START_WAIT_MS);
  const started = JSON.parse(line!);
  expect(started).toEqual({
    ok: true,
    url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:[1-9][0-9]*$/),
    verifierKey: expect.stringMatching(/^devnet\.mycel\.local\/log\+[0-9a-f]{8}\+/),
  });
  return { child, url: started.url, verifierKey: started.verifierKey };
}

describe('mycel log serve', () => {
  const home = join(workspace, 'home');
  const proof = signedProof(seededSigner(41), { value: 1 });

  it('serves on a free port, stops with exit 0 on SIGTERM, and finds its entries again on restart', async () => {
    const [keygen, badPort] = await Promise.all([
      runMycel(['keygen', '--name', 'log'], { cwd: workspace, env: homeEnvironment(home) }),
      runMycel(['log', 'serve', '--port', '70000'], { cwd: workspace, env: homeEnvironment(home) }),
    ]);
    expectSuccess(keygen);
    expectFailure(badPort, 'argument_invalid');

    const first = await serve(home);
    expect(await (await fetch(`${first.url}/v1/log-key`)).text()).toBe(`${first.verifierKey}\n`);
    const posted = await fetch(`${first.url}/v1/proofs`, {
      method: 'POST',
      body: proofText(proof),
    });
    expect(posted.status).toBe(201);
    const answer = await posted.text();
    expect(JSON.parse(answer)).toMatchObject({ id: proof.id, index: 0, treeSize: 1 });
    const checkpoint = await (await fetch(`${first.url}/v1/checkpoint`)).text();
    expect(checkpointSize(checkpoint, first.verifierKey)).toBe(1);
    first.child.kill('SIGTERM');
    expect(await exitOf(first.child, STOP_WAIT_MS)).toEqual({ code: 0, signal: null });

    const second = await serve(home);
    expect(second.verifierKey).toBe(first.verifierKey);
    expect(await (await fetch(`${second.url}/healthz`)).json()).toEqual({ ok: true, size: 1 });
    expect(await (await fetch(`${second.url}/v1/checkpoint`)).text()).toBe(checkpoint);
    const again = await fetch(`${second.url}/v1/proofs`, {
      method: 'POST',
      body: proofText(proof),
    });
    expect(again.status).toBe(200);
    expect(await again.text()).toBe(answer);
    second.child.kill('SIGINT');
    expect(await exitOf(second.child, STOP_WAIT_MS)).toEqual({ code: 0, signal: null });
  });
});

describe('the devnet (npm start)', () => {
  it('logs three sample proofs, prints its URL and the tour, serves them, and stops on SIGINT', async () => {
    const home = join(workspace, 'devnet-home');
    const devnet = spawn(process.execPath, ['--import', 'tsx', DEVNET_ENTRY], {
      cwd: REPO_ROOT,
      env: { ...homeEnvironment(home), PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(devnet);
    const lines = await readLinesUntil(
      devnet,
      (line) => line === 'Press Ctrl-C to stop.',
      START_WAIT_MS,
    );
    const logged = lines
      .slice(0, 3)
      .map((line) => /^logged sample proof (\d): (sha256:[0-9a-f]{64})$/.exec(line));
    expect(logged.map((match) => match?.[1])).toEqual(['0', '1', '2']);
    const serving = lines.find((line) => line.startsWith('Mycel log is serving on '));
    const [, url, where] = /^Mycel log is serving on (\S+) \(embedded SQLite in (.+)\)$/.exec(
      serving!,
    )!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9][0-9]*$/);
    expect(where).toBe(home);
    const verifierKey = lines.find((line) => line.startsWith('verifier key: '))!.slice(14);
    const tour = lines.join('\n');
    expect(tour).toContain('npx mycel keygen --name me');
    expect(tour).toContain(`curl -s --data-binary @/tmp/proof.signed.json ${url}/v1/proofs`);
    expect(tour).toContain(`--vkey "$(curl -s ${url}/v1/log-key)"`);
    for (const name of ['log', 'devnet-sample'])
      expect(statSync(join(home, 'keys', `${name}.json`)).mode & 0o777).toBe(0o600);

    const checkpoint = await fetch(`${url}/v1/checkpoint`);
    expect(checkpoint.status).toBe(200);
    expect(checkpointSize(await checkpoint.text(), verifierKey)).toBe(3);
    const { entries } = (await (await fetch(`${url}/v1/entries`)).json()) as {
      entries: { id: string }[];
    };
    expect(entries.map((entry: { id: string }) => entry.id)).toEqual(
      logged.map((match) => match?.[2]),
    );

    devnet.kill('SIGINT');
    expect(await exitOf(devnet, STOP_WAIT_MS)).toEqual({ code: 0, signal: null });
  });
});
