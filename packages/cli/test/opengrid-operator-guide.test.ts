/**
 * The ```sh blocks of docs/opengrid-operator-guide.md run as written, in document order, from the
 * repository root as a user with a fresh HOME (so ~/.opengrid and ~/.mycel are temporary).
 *
 * Long-running commands: a `coordinator start` or `node start` line never exits, so the guide
 * asks for each to be left running in a terminal of its own. The test does the same: such a line
 * is started in the background, as its own process group (a terminal's job), and the next
 * command runs once it printed its ready line (`… listening on URL` / `… serving on URL`) and,
 * for a node, once the coordinator lists it alive, as a person would see before going on. At the
 * end each group gets SIGINT, which is what Ctrl-C sends to a terminal's job.
 *
 * The only edits are the ones that let runs coexist: the guide's ports 7800–7809 become free
 * ports of this run, and `coordinator start` without --port gets the one standing for 7800.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../src/devnet/free-port.js';
import { commandsOf, pastingEnvironment, shellBlocks } from './pasted-shell.js';
import { REPO_ROOT, type Run, runProcess, temporaryFolder } from './run-mycel.js';

const GUIDE = readFileSync(join(REPO_ROOT, 'docs', 'opengrid-operator-guide.md'), 'utf8');
const START = /\bopengrid (coordinator|node) start\b/;
const READY_WAIT_MS = 60_000;
const REGISTRATION_WAIT_MS = 20_000;
/** A node stopped cleanly is suspected at once and confirmed failed by the health probe. */
const FAILURE_CONFIRM_WAIT_MS = 15_000;
const STOP_WAIT_MS = 15_000;

const folder = temporaryFolder('opengrid-guide');
const home = join(folder, 'home');
const ports = new Map<number, number>();

interface Background {
  readonly command: string;
  readonly child: ChildProcess;
  readonly url: string;
  /** The did the ready line names. */
  readonly did: string;
  output: string;
}
const background: Background[] = [];
const runs: { command: string; run: Run }[] = [];

function rewritten(command: string): string {
  let edited = command
    .replace(/\s+#.*$/, '')
    .replace(/(127\.0\.0\.1:|--port )(780\d)\b/g, (_match, before: string, port: string) => {
      const ours = ports.get(Number(port));
      if (ours === undefined) throw new Error(`the guide uses port ${port}; give the test one`);
      return `${before}${ours}`;
    });
  if (/\bopengrid coordinator start\b/.test(edited) && !/--port\b/.test(edited))
    edited += ` --port ${ports.get(7800)}`;
  return edited;
}

/** Signals a background job's whole process group (npx, its shell, node, the workers). */
function signalGroup(job: Background, signal: NodeJS.Signals): void {
  try {
    process.kill(-job.child.pid!, signal);
  } catch {
    // The group is gone already.
  }
}

function exited(child: ChildProcess, waitMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), waitMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Ctrl-C: SIGINT to the job; SIGKILL if it is still there after STOP_WAIT_MS. */
async function interrupt(job: Background): Promise<boolean> {
  signalGroup(job, 'SIGINT');
  if (await exited(job.child, STOP_WAIT_MS)) return true;
  signalGroup(job, 'SIGKILL');
  return false;
}

function startInBackground(command: string, env: NodeJS.ProcessEnv): Promise<Background> {
  const child = spawn('bash', ['-c', `exec ${command}`], {
    cwd: REPO_ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    let job: Background | undefined;
    const timer = setTimeout(
      () => reject(new Error(`${command}\nno ready line in ${READY_WAIT_MS} ms:\n${output}`)),
      READY_WAIT_MS,
    );
    // Both pipes are read for as long as the job runs, so its logs never block it.
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (job !== undefined) job.output = output;
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output += `${line}\n`;
      const ready =
        /^(?:coordinator|node) (did:key:\S+) (?:listening|serving) on (http:\/\/\S+)$/.exec(line);
      if (ready === null || job !== undefined) return;
      clearTimeout(timer);
      job = { command, child, did: ready[1]!, url: ready[2]!, output };
      background.push(job);
      resolve(job);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command}\nexited with ${code}:\n${output}`));
    });
  });
}

interface ListedNode {
  readonly did: string;
  readonly label: string;
  readonly endpoint: string;
  readonly state: string;
}

async function listedNodes(coordinatorUrl: string): Promise<ListedNode[]> {
  const answer = (await (await fetch(`${coordinatorUrl}/v1/nodes`)).json()) as {
    nodes: ListedNode[];
  };
  return answer.nodes;
}

async function waitFor(what: string, waitMs: number, check: () => Promise<boolean>) {
  const deadline = Date.now() + waitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${waitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const coordinatorJob = () => background.find((job) => job.command.includes('coordinator start'))!;
const nodeJob = (label: string) =>
  background.find((job) => job.command.includes(`--label ${label}`))!;
const outputOf = (pattern: RegExp) => {
  const found = runs.find(({ command }) => pattern.test(command));
  if (found === undefined) throw new Error(`no command of the guide matches ${pattern}`);
  return found.run.stdout;
};

beforeAll(async () => {
  for (let port = 7800; port <= 7809; port++) ports.set(port, await freeLoopbackPort());
});

afterAll(async () => {
  await Promise.all(background.map((job) => interrupt(job)));
  rmSync(folder, { recursive: true, force: true });
});

describe('docs/opengrid-operator-guide.md', () => {
  const blocks = shellBlocks(GUIDE);

  it('has runnable blocks in the sections that promise them', () => {
    expect(blocks.map((block) => block.heading)).toEqual([
      'Start a coordinator',
      'Start a node',
      'Where data lives',
      'Capacity per latency class',
      'Capacity per latency class',
      'Trusting the coordinator: pinning or trust on first use',
      'Publishing agents',
      'Watching a grid',
      'Moving sessions: drains and failures',
      'Fees, receipts and payouts',
    ]);
  });

  it('runs every sh block as written, in order, the start commands in the background', async () => {
    const env = pastingEnvironment(home);
    for (const { block } of blocks) {
      for (const pasted of commandsOf(block)) {
        const command = rewritten(pasted);
        if (START.test(command)) {
          const job = await startInBackground(command, env);
          if (command.includes('node start')) {
            const coordinator = coordinatorJob();
            await waitFor(`${command}: registration`, REGISTRATION_WAIT_MS, async () =>
              (await listedNodes(coordinator.url)).some(
                (node) => node.did === job.did && node.state === 'alive',
              ),
            );
          }
          continue;
        }
        const run = await runProcess('bash', ['-c', command], { cwd: REPO_ROOT, env });
        runs.push({ command, run });
        expect(run.code, `${command}\n${run.stdout}${run.stderr}`).toBe(0);
      }
    }

    expect(runs).toHaveLength(18);
    expect(background).toHaveLength(3);
    const coordinator = coordinatorJob();
    expect(coordinator.url).toBe(`http://127.0.0.1:${ports.get(7800)}`);
    const first = nodeJob('home-1');
    const voice = nodeJob('voice-only');
    expect([first.url, voice.url]).toEqual([
      `http://127.0.0.1:${ports.get(7801)}`,
      `http://127.0.0.1:${ports.get(7802)}`,
    ]);

    // Where data lives: the files the table names, and the trusted coordinator in settings.json.
    const listing = outputOf(/^ls ~\/\.opengrid\/coordinator/);
    for (const name of [
      'coordinator-key.pkcs8',
      'assets',
      'node-key.pkcs8',
      'settings.json',
      'bundles',
    ])
      expect(listing).toContain(name);
    expect(JSON.parse(outputOf(/settings\.json$/))).toEqual({
      v: 1,
      label: 'home-1',
      coordinatorUrl: coordinator.url,
      capacity: { robot: 8, voice: 32, interactive: 64, batch: 16 },
      price: { minorPerMinute: 1, currency: 'EUR' },
      coordinatorDid: coordinator.did,
      grid: 'devnet',
    });

    // Capacity: the voice-only node admits voice sessions and nothing interactive.
    expect(JSON.parse(outputOf(/agent=voice&class=voice/))).toEqual({ admit: true, free: 4 });
    expect(JSON.parse(outputOf(/agent=tutor&class=interactive/))).toEqual({
      admit: false,
      free: 0,
      reason: 'node_at_capacity',
    });

    // Pinning: what the coordinator's operator hands out is the key it signs with.
    expect(JSON.parse(outputOf(/\/v1\/coordinator$/))).toEqual({
      grid: 'devnet',
      coordinator: coordinator.did,
      label: 'coordinator',
    });

    // Publishing: stored by hash, served by the node that has interactive slots, cached there.
    const published = /^published echo@1\.0\.0 as sha256:([0-9a-f]{64}) \(\d+ bytes\)\n$/.exec(
      outputOf(/opengrid agent publish/),
    );
    expect(published).not.toBeNull();
    expect(outputOf(/session --agent echo/)).toBe('echo: hello\n');
    const agents = JSON.parse(outputOf(/\/v1\/agents$/));
    expect(agents.agents).toContainEqual(
      expect.objectContaining({ name: 'echo', assetId: `sha256:${published![1]}` }),
    );
    expect(outputOf(/bundles\/agents$/)).toBe(`${published![1]}\n`);

    // Watching: two nodes, both alive, and a node whose workers are fine.
    expect(JSON.parse(outputOf(/\/healthz$/))).toMatchObject({ status: 'ok', nodes: 2 });
    const nodes = JSON.parse(outputOf(/\/v1\/nodes$/)).nodes as ListedNode[];
    expect(nodes.map((node) => [node.label, node.state]).sort()).toEqual([
      ['home-1', 'alive'],
      ['voice-only', 'alive'],
    ]);
    expect(outputOf(/\/metrics/)).toContain('opengrid_nodes{state="alive"} 2\n');
    const health = JSON.parse(outputOf(/\/v1\/health$/));
    expect(health).toMatchObject({ status: 'ok', did: first.did });
    expect(health.workers).toHaveLength(1);

    // Draining: the node of ~/.opengrid/node (home-1) held no session; it now takes none.
    const drained = JSON.parse(outputOf(/opengrid node drain/));
    expect(drained).toMatchObject({ ok: true, sessions: 0, remaining: 0 });
    const afterDrain = (await listedNodes(coordinator.url)) as (ListedNode & {
      draining?: boolean;
    })[];
    expect(afterDrain.find((node) => node.did === first.did)?.draining).toBe(true);

    // Fees: the ledger answers on the coordinator's data folder, and a payout plans as CSV.
    // The sessions above were paid: the ledger lists the client's, the node's and the rail's
    // accounts in rupees.
    const balances = outputOf(/^npx mycel ledger balance/);
    expect(balances).toMatch(/^account\s+balance\s+credit allowed$/m);
    expect(balances).toMatch(/^rail#INR\s+0\s+yes$/m);
    const csv = readFileSync(join(home, 'payout.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      'payout_id,payee,account,amount_minor,currency,rail,address,receipts',
    );
  }, 300_000);

  it('Ctrl-C stops a node; the coordinator suspects it and confirms the failure', async () => {
    const coordinator = coordinatorJob();
    const voice = nodeJob('voice-only');
    expect(await interrupt(voice)).toBe(true);
    await waitFor('the stopped node marked failed', FAILURE_CONFIRM_WAIT_MS, async () =>
      (await listedNodes(coordinator.url)).some(
        (node) => node.did === voice.did && node.state === 'failed',
      ),
    );
    expect(voice.output).toContain('node stopped');
    expect(coordinator.output).toMatch(/node failure confirmed; its sessions move/);

    // The rest stop the same way, and stop answering.
    for (const job of [nodeJob('home-1'), coordinator]) {
      expect(await interrupt(job)).toBe(true);
      await expect(fetch(`${job.url}/v1/ping`)).rejects.toThrow();
    }
  }, 60_000);
});
