/**
 * `opengrid` as real child processes, the invalid side first: every bad option, unreachable
 * coordinator and broken agent directory ends in `error <code>: ...` and exit 1 within a bounded
 * time (never a stack trace, never a hang). Then the valid side: a coordinator's ready line,
 * health and clean stop; publishing the example bundle (idempotently) and talking to it through
 * a real node. Every process is stopped after the file, and each run has its own OPENGRID_HOME
 * and MYCEL_HOME.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backendOption,
  capacityOption,
  endpointOption,
  labelOption,
  latencyClassOption,
  portOption,
  wholeNumberOption,
} from '../src/commands/grid-options.js';
import { type LocalGrid, startLocalGrid } from '../src/devnet/local-grid.js';
import { logLevelOption } from '../src/grid/grid-logger.js';
import {
  exitOf,
  expectFailure,
  killIfRunning,
  REPO_ROOT,
  type Run,
  readLinesUntil,
  runMycel,
  temporaryFolder,
} from './run-mycel.js';
import { OPENGRID_BIN, runOpengrid } from './run-opengrid.js';

/** A failing command answers within this; a run that takes longer is hung. */
const FAIL_WITHIN_MS = 30_000;
const START_WAIT_MS = 30_000;
const STOP_WAIT_MS = 10_000;
const ECHO_AGENT = join(REPO_ROOT, 'packages', 'grid', 'agents', 'echo');
const ASSET_ID = /^sha256:[0-9a-f]{64}$/;

const workspace = temporaryFolder('opengrid-cli');
const env: NodeJS.ProcessEnv = {
  ...process.env,
  OPENGRID_HOME: join(workspace, 'opengrid-home'),
  MYCEL_HOME: join(workspace, 'mycel-home'),
};
const children: ChildProcess[] = [];
const grids: LocalGrid[] = [];

afterAll(async () => {
  for (const child of children) killIfRunning(child);
  await Promise.all(grids.map((grid) => grid.stop()));
  rmSync(workspace, { recursive: true, force: true });
});

function opengrid(...args: string[]): Promise<Run> {
  return runOpengrid(args, { env, timeoutMs: FAIL_WITHIN_MS });
}

/** A port of 127.0.0.1 nothing listens on (it was free a moment ago). */
function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `opengrid coordinator start --json ...` as a long-running child, with its ready line. */
async function startCoordinator(...args: string[]) {
  const child = spawn(
    process.execPath,
    [OPENGRID_BIN, 'coordinator', 'start', '--json', '--log-level', 'warn', ...args],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  const [line] = await readLinesUntil(child, () => true, START_WAIT_MS);
  return { child, ready: JSON.parse(line!) };
}

describe('the option parsers say what is wrong (in process: each case a child would cost a second)', () => {
  const refused = (parse: () => unknown, message: string) =>
    expect(parse).toThrow(expect.objectContaining({ code: 'argument_invalid', message }));

  it('ports, whole numbers, capacities, classes, labels', () => {
    expect(portOption('0')).toBe(0);
    expect(portOption('65535')).toBe(65_535);
    for (const port of ['70000', '-1', '08', '1e3', ''])
      refused(() => portOption(port), expect.any(String));
    expect(wholeNumberOption('--workers', '1', 64, 1)).toBe(1);
    refused(
      () => wholeNumberOption('--workers', '0', 64, 1),
      '--workers takes a whole number 1..64, not 0',
    );
    refused(() => wholeNumberOption('--workers', '65', 64, 1), expect.any(String));
    expect(capacityOption('voice=8,batch=0')).toEqual({ voice: 8, batch: 0 });
    refused(
      () => capacityOption('voice=x'),
      '--capacity voice takes a whole number 0..100000, not x',
    );
    refused(() => capacityOption('voice=100001'), expect.any(String));
    refused(() => capacityOption('fast=3'), expect.stringContaining('class=slots pairs'));
    refused(() => capacityOption('voice'), expect.any(String));
    expect(latencyClassOption('robot')).toBe('robot');
    refused(() => latencyClassOption('fast'), '--class is one of robot, voice, interactive, batch');
    expect(labelOption('--grid', 'g'.repeat(64))).toHaveLength(64);
    refused(() => labelOption('--grid', ''), '--grid takes 1 to 64 characters, not ""');
    refused(() => labelOption('--label', 'x'.repeat(65)), expect.any(String));
    expect(logLevelOption('silent')).toBe('silent');
    refused(() => logLevelOption('loud'), expect.stringContaining('--log-level is one of'));
  });

  it('the backend and the advertised endpoint', () => {
    expect(backendOption(undefined, undefined)).toBeUndefined();
    expect(backendOption('openai:http://127.0.0.1:11434/v1/', 'llama3.2')).toEqual({
      baseUrl: 'http://127.0.0.1:11434/v1',
      model: 'llama3.2',
    });
    refused(() => backendOption('openai:ftp://x', 'm'), expect.stringContaining('--backend takes'));
    refused(() => backendOption(undefined, 'llama3.2'), '--model needs --backend');
    expect(endpointOption('http://203.0.113.7:7801')).toBe('http://203.0.113.7:7801');
    expect(endpointOption('https://node.example/')).toBe('https://node.example');
    for (const endpoint of ['ftp://x', 'http://x/path', 'http://x/?q', 'node.example'])
      refused(() => endpointOption(endpoint), expect.stringContaining('--endpoint takes'));
  });
});

describe('opengrid node start refuses bad options before it starts anything', () => {
  const nodeStart = (...args: string[]) =>
    opengrid('node', 'start', '--coordinator', 'http://127.0.0.1:7800', ...args);

  it('--backend foo, --backend without --model, --capacity voice=x, --port 70000', async () => {
    const [foo, noModel, capacity, port] = await Promise.all([
      nodeStart('--backend', 'foo'),
      nodeStart('--backend', 'openai:http://x'),
      nodeStart('--capacity', 'voice=x'),
      nodeStart('--port', '70000'),
    ]);
    for (const run of [foo, noModel, capacity, port]) expectFailure(run, 'argument_invalid');
    expect(foo.stderr).toContain('--backend takes openai:<base URL>');
    expect(noModel.stderr).toContain('--backend needs --model NAME');
    expect(capacity.stderr).toContain('--capacity voice takes a whole number');
    expect(port.stderr).toContain('--port takes 0..65535, not 70000');
  });

  it("the node's own checks: the coordinator URL, a data folder inside a repository", async () => {
    const inRepository = join(REPO_ROOT, 'node-data-in-the-repository');
    const [url, repository] = await Promise.all([
      opengrid('node', 'start', '--coordinator', 'not-a-url'),
      nodeStart('--data', inRepository),
    ]);
    expectFailure(url, 'node_options_invalid');
    expect(url.stderr).toMatch(/^error node_options_invalid: coordinatorUrl "not-a-url" is not/m);
    expectFailure(repository, 'node_data_in_repository');
    expect(existsSync(inRepository)).toBe(false); // refused before anything was written
  });
});

describe('opengrid coordinator start', () => {
  it('prints a JSON ready line, serves /healthz, and exits 0 on SIGTERM', async () => {
    const { child, ready } = await startCoordinator('--port', '0', '--data', join(workspace, 'c1'));
    expect(ready).toEqual({
      ok: true,
      event: 'ready',
      role: 'coordinator',
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/),
      did: expect.stringMatching(/^did:key:z6Mk/),
      grid: 'devnet',
    });
    const health = await fetch(`${ready.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', nodes: 0, sessions: 0 });
    expect(await (await fetch(`${ready.url}/v1/coordinator`)).json()).toEqual({
      grid: 'devnet',
      coordinator: ready.did,
      label: 'coordinator',
    });

    // A second coordinator on the same port: a code, not an exception.
    const port = new URL(ready.url).port;
    expectFailure(
      await opengrid('coordinator', 'start', '--port', port, '--data', join(workspace, 'c2')),
      'argument_invalid',
    );

    child.kill('SIGTERM');
    expect(await exitOf(child, STOP_WAIT_MS)).toEqual({ code: 0, signal: null });
    await expect(fetch(`${ready.url}/healthz`)).rejects.toThrow();
  });

  it('keeps its key: a restart on the same data folder is the same coordinator', async () => {
    const data = join(workspace, 'c3');
    const first = await startCoordinator('--port', '0', '--data', data, '--grid', 'test-grid');
    first.child.kill('SIGTERM');
    await exitOf(first.child, STOP_WAIT_MS);
    const second = await startCoordinator('--port', '0', '--data', data, '--grid', 'test-grid');
    expect(second.ready.did).toBe(first.ready.did);
    expect(second.ready.grid).toBe('test-grid');
    second.child.kill('SIGTERM');
    expect(await exitOf(second.child, STOP_WAIT_MS)).toEqual({ code: 0, signal: null });
  });

  it('refuses a port out of range', async () => {
    expectFailure(await opengrid('coordinator', 'start', '--port', '70000'), 'argument_invalid');
  });
});

describe('opengrid session and agent publish against nothing, or against a broken directory', () => {
  const key = join(workspace, 'mycel-home', 'keys', 'publisher.json');

  beforeAll(async () => {
    const keygen = await runMycel(['keygen', '--name', 'publisher'], { cwd: workspace, env });
    expect(keygen.code, keygen.stderr).toBe(0);
  });

  it('session: coordinator_unavailable where nothing listens, as text or JSON', async () => {
    const nowhere = `http://127.0.0.1:${await unusedPort()}`;
    const [unavailable, unavailableJson] = await Promise.all([
      opengrid('session', '--agent', 'tutor', '--coordinator', nowhere, '--input', 'start'),
      opengrid('session', '--agent', 'tutor', '--coordinator', nowhere, '--json', '--input', 'x'),
    ]);
    expectFailure(unavailable, 'coordinator_unavailable');
    expect(unavailableJson.code).toBe(1);
    expect(JSON.parse(unavailableJson.stdout)).toMatchObject({
      ok: false,
      error: { code: 'coordinator_unavailable' },
    });
  });

  it('publish: a directory without agent.json, a missing or bad key, a bad time, no coordinator', async () => {
    const empty = join(workspace, 'empty-agent');
    mkdirSync(empty);
    const notAKey = join(workspace, 'not-a-key.json');
    writeFileSync(notAKey, '{"kind":"something else"}\n');
    const nowhere = `http://127.0.0.1:${await unusedPort()}`;
    const publish = (dir: string, keyFile: string, coordinator = nowhere, ...rest: string[]) =>
      opengrid('agent', 'publish', dir, '--coordinator', coordinator, '--key', keyFile, ...rest);
    const [noManifest, missingKey, badKey, badTime, unreachable] = await Promise.all([
      publish(empty, key),
      publish(ECHO_AGENT, join(workspace, 'no-such-key.json')),
      publish(ECHO_AGENT, notAKey),
      publish(ECHO_AGENT, key, nowhere, '--published-at', 'yesterday'),
      publish(ECHO_AGENT, key),
    ]);
    expectFailure(noManifest, 'agent_directory_invalid');
    expect(noManifest.stderr).toContain('agent.json is missing');
    expectFailure(missingKey, 'file_unreadable');
    expectFailure(badKey, 'key_file_invalid');
    expectFailure(badTime, 'argument_invalid');
    expectFailure(unreachable, 'coordinator_unavailable');
  });
});

describe('publishing a bundle and opening a session with it, through a real node', () => {
  const key = join(workspace, 'mycel-home', 'keys', 'publisher.json');
  let coordinatorUrl = '';
  let nodeDid = '';

  beforeAll(async () => {
    const grid = await startLocalGrid({
      folder: join(workspace, 'grid'),
      nodeLabel: 'cli-test-node',
      nodeArgs: ['--workers', '1'],
    });
    grids.push(grid);
    coordinatorUrl = grid.coordinator.url;
    nodeDid = grid.node.did;
  }, 90_000);

  it('publishes echo under its content address; the same bytes again change nothing', async () => {
    const publish = (...rest: string[]) =>
      opengrid(
        'agent',
        'publish',
        ECHO_AGENT,
        '--coordinator',
        coordinatorUrl,
        '--key',
        key,
        ...rest,
      );
    const first = await publish();
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/^published echo@1\.0\.0 as sha256:[0-9a-f]{64} \(\d+ bytes\)\n$/);

    const at = '2026-11-28T10:00:00Z';
    const pinned = await publish('--published-at', at, '--json');
    const one = JSON.parse(pinned.stdout);
    expect(one).toEqual({
      ok: true,
      assetId: expect.stringMatching(ASSET_ID),
      name: 'echo',
      version: '1.0.0',
      bytes: expect.any(Number),
      publishedAt: at,
      stored: 'new',
      listed: true,
    });
    const again = await publish('--published-at', at);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(
      `published echo@1.0.0 as ${one.assetId} (${one.bytes} bytes; already stored)\n`,
    );

    // The coordinator holds the two bundles once each; `echo` names the latest published.
    const { agents } = (await (await fetch(`${coordinatorUrl}/v1/agents`)).json()) as {
      agents: { name: string; assetId: string }[];
    };
    expect(agents.filter((agent) => agent.name === 'echo')).toHaveLength(2);
    expect(agents.filter((agent) => agent.assetId === one.assetId)).toHaveLength(1);
    const stored = await fetch(`${coordinatorUrl}/v1/assets/${one.assetId}`);
    expect((await stored.arrayBuffer()).byteLength).toBe(one.bytes);
  });

  it('session --agent echo --json prints the open event and one chunk line per chunk', async () => {
    const run = await opengrid(
      'session',
      '--agent',
      'echo',
      '--coordinator',
      coordinatorUrl,
      '--json',
      '--input',
      'hi',
      '--input',
      'again',
    );
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({
      event: 'open',
      sid: expect.any(String),
      node: { did: nodeDid, label: 'cli-test-node' },
    });
    expect(lines.slice(1)).toEqual([
      { event: 'chunk', data: { text: 'echo: hi', seq: 1 } },
      { event: 'chunk', data: { text: 'echo: again', seq: 2 } },
    ]);
  });

  it('session: a turn the agent refuses prints its code and exits 1; the session goes on', async () => {
    const run = await opengrid(
      'session',
      '--agent',
      'chat',
      '--coordinator',
      coordinatorUrl,
      '--input',
      'hello',
      '--input',
      'again',
    );
    expect(run.code).toBe(1);
    // No model backend on this node: each turn fails with the same code, neither ends the session.
    expect(run.stderr.match(/^error backend_unavailable: /gm)).toHaveLength(2);
  });
});
