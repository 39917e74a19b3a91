/**
 * reattach: a node loses its coordinator (SIGKILL) and attaches to the nearest other coordinator
 * of its seed list (docs/spec/mmp-switching.md). Measured per run: the time from the SIGKILL until
 * the other coordinator lists the node registered, and until the first turn of a running session
 * sent at the SIGKILL is answered (its checkpoint stored through the new coordinator); turns lost
 * (a turn that failed or whose reply differs from an undisturbed tutor's). Baseline in the same
 * run: a node with one coordinator that is SIGKILLed and restarted at once on the same port and
 * folder, until the node is registered with it again (the plain reconnect of before).
 *
 *   npm run bench -- reattach [--runs 5] [--grace-ms 500] [--heartbeat-ms 100] [--matrix DIR]
 *
 * Needs PostgreSQL (MYCEL_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres): the two
 * coordinators share a throwaway database as their session store (docs/decisions/0011). The
 * coordinators and the nodes are `opengrid ... start` child processes playing cities of the
 * measured matrix (node in Bangalore, coordinators in Chennai and Pune); the client is this
 * process, using @mycel/sdk as an app does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type ChildService, freeLoopbackPort, startChildService } from '@mycel/cli';
import { loadCoordinatorKey } from '@mycel/grid';
import type { JsonValue } from '@mycel/kernel';
import { openSession, type Session } from '@mycel/sdk';
import { createThrowawayDatabase, POSTGRES_ADMIN_URL_DEFAULT } from '@mycel/store';
import { percentile, round } from './support/stats.js';

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'grace-ms': { type: 'string', default: '500' },
    'heartbeat-ms': { type: 'string', default: '100' },
    matrix: { type: 'string' },
  },
});
const RUNS = Number(options.runs);
const GRACE_MS = Number(options['grace-ms']);
const HEARTBEAT_MS = Number(options['heartbeat-ms']);
const MATRIX = options.matrix === undefined ? [] : ['--matrix', options.matrix];
const ADMIN_URL = process.env.MYCEL_PG_URL ?? POSTGRES_ADMIN_URL_DEFAULT;
const WAIT_MS = 30_000;
const POLL_MS = 5;
const ANSWERS: JsonValue[] = ['start', 'b', 'a', 'c'];

const folder = mkdtempSync(join(tmpdir(), 'opengrid-reattach-'));
let services = 0;

function coordinator(dataDir: string, city: string, port: number, postgresUrl?: string) {
  return startChildService(`coordinator-${++services}`, [
    'coordinator',
    'start',
    '--data',
    dataDir,
    '--port',
    String(port),
    '--heartbeat-ms',
    String(HEARTBEAT_MS),
    '--city',
    city,
    ...MATRIX,
    '--log-level',
    'warn',
    ...(postgresUrl === undefined ? [] : ['--postgres', postgresUrl]),
  ]);
}

function node(seeds: readonly string[], trusted: readonly string[]) {
  return startChildService(`node-${++services}`, [
    'node',
    'start',
    ...seeds.flatMap((url) => ['--coordinator', url]),
    ...trusted.flatMap((did) => ['--trust-coordinator', did]),
    '--data',
    join(folder, `node-${services}`),
    '--city',
    'Bangalore',
    ...MATRIX,
    '--workers',
    '1',
    '--seed-probe-interval-ms',
    '100',
    '--switch-hold-down-ms',
    '1000',
    '--coordinator-loss-grace-ms',
    String(GRACE_MS),
    '--log-level',
    'warn',
  ]);
}

/** Polls the coordinator's node listing until `did` is listed alive and linked. */
async function registeredAt(url: string, did: string): Promise<number> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      const response = await fetch(`${url}/v1/nodes`);
      const body = (await response.json()) as {
        nodes: { did: string; state: string; linked?: boolean }[];
      };
      const row = body.nodes.find((listed) => listed.did === did);
      if (row?.state === 'alive' && row.linked !== false) return performance.now();
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${did} did not register at ${url} in time`);
    await new Promise((done) => setTimeout(done, POLL_MS));
  }
}

async function reply(session: Session, input: JsonValue): Promise<string> {
  const chunks: JsonValue[] = [];
  for await (const chunk of session.send(input)) chunks.push(chunk);
  return JSON.stringify(chunks);
}

function kill(service: ChildService): Promise<void> {
  return new Promise((done) => {
    service.child.once('exit', () => done());
    service.child.kill('SIGKILL');
  });
}

interface RunResult {
  readonly reattachMs: number;
  readonly firstTurnMs: number;
  readonly turnsLost: number;
  readonly baselineMs: number;
  /** The baseline's part after the restarted coordinator's ready line: the reconnect itself. */
  readonly baselineAfterReadyMs: number;
}

/**
 * The processes every run reuses: the moving node with its two coordinators (Chennai is
 * restarted in each run, and the node switches back to it, being clearly closer), and the
 * baseline's node with its single coordinator.
 */
interface Stage {
  readonly postgresUrl: string;
  readonly chennaiDir: string;
  readonly chennaiPort: number;
  chennai: ChildService;
  readonly pune: ChildService;
  readonly moving: ChildService;
  readonly plainDir: string;
  plain: ChildService;
  readonly single: ChildService;
  readonly started: ChildService[];
}

async function stage(postgresUrl: string): Promise<Stage> {
  const started: ChildService[] = [];
  const chennaiDir = join(folder, 'chennai');
  const puneDir = join(folder, 'pune');
  const puneDid = (await loadCoordinatorKey(puneDir)).key.did;
  const punePort = await freeLoopbackPort();
  const chennai = await coordinator(chennaiDir, 'Chennai', 0, postgresUrl);
  started.push(chennai);
  // Pune starts after the node attached to Chennai, so the node's first choice is Chennai.
  const moving = await node([chennai.url, `http://127.0.0.1:${punePort}`], [chennai.did, puneDid]);
  started.push(moving);
  await registeredAt(chennai.url, moving.did);
  const pune = await coordinator(puneDir, 'Pune', punePort, postgresUrl);
  started.push(pune);
  const plainDir = join(folder, 'plain');
  const plain = await coordinator(plainDir, 'Chennai', 0);
  started.push(plain);
  const single = await node([plain.url], [plain.did]);
  started.push(single);
  await registeredAt(plain.url, single.did);
  const chennaiPort = Number(new URL(chennai.url).port);
  return {
    postgresUrl,
    chennaiDir,
    chennaiPort,
    chennai,
    pune,
    moving,
    plainDir,
    plain,
    single,
    started,
  };
}

async function oneRun(run: number, at: Stage, expected: readonly string[]): Promise<RunResult> {
  if (run > 1) {
    // Chennai is back (same key, same port): the node switches back to it, clearly closer.
    at.chennai = await coordinator(at.chennaiDir, 'Chennai', at.chennaiPort, at.postgresUrl);
    at.started.push(at.chennai);
  }
  await registeredAt(at.chennai.url, at.moving.did);
  const session = await openSession({
    agent: 'tutor',
    coordinator: at.chennai.url,
    probeLandmarks: false,
    resume: { timeoutMs: 30_000 },
  });
  let turnsLost = 0;
  if ((await reply(session, ANSWERS[0]!)) !== expected[0]) turnsLost += 1;

  await kill(at.chennai);
  const killedAt = performance.now();
  const reattached = registeredAt(at.pune.url, at.moving.did);
  const answered = reply(session, ANSWERS[1]!).then(
    (text) => ({ text, at: performance.now() }),
    () => ({ text: 'failed', at: performance.now() }),
  );
  const [registeredAtMs, turn] = await Promise.all([reattached, answered]);
  if (turn.text !== expected[1]) turnsLost += 1;
  if ((await reply(session, ANSWERS[2]!)) !== expected[2]) turnsLost += 1;
  await session.close();

  // Baseline: the single coordinator, SIGKILLed and restarted at once on the same port and folder.
  await kill(at.plain);
  const plainKilledAt = performance.now();
  const port = Number(new URL(at.plain.url).port);
  at.plain = await coordinator(at.plainDir, 'Chennai', port);
  const readyAt = performance.now();
  at.started.push(at.plain);
  const back = await registeredAt(at.plain.url, at.single.did);
  return {
    reattachMs: registeredAtMs - killedAt,
    firstTurnMs: turn.at - killedAt,
    turnsLost,
    baselineMs: back - plainKilledAt,
    baselineAfterReadyMs: back - readyAt,
  };
}

/** The replies of an undisturbed tutor session, to tell a lost or repeated turn. */
async function undisturbedReplies(): Promise<string[]> {
  const plain = await coordinator(join(folder, 'reference'), 'Chennai', 0);
  const single = await node([plain.url], [plain.did]);
  try {
    await registeredAt(plain.url, single.did);
    const session = await openSession({
      agent: 'tutor',
      coordinator: plain.url,
      probeLandmarks: false,
    });
    const replies: string[] = [];
    for (const answer of ANSWERS.slice(0, 3)) replies.push(await reply(session, answer));
    await session.close();
    return replies;
  } finally {
    await single.stop();
    await plain.stop();
  }
}

try {
  process.stdout.write(
    `reproduce: npm run bench -- reattach --runs ${RUNS} --grace-ms ${GRACE_MS} --heartbeat-ms ${HEARTBEAT_MS}${options.matrix === undefined ? '' : ` --matrix ${options.matrix}`}\n`,
  );
  const expected = await undisturbedReplies();
  const db = await createThrowawayDatabase(ADMIN_URL, 'mycel_reattach');
  const results: RunResult[] = [];
  let at: Stage | undefined;
  try {
    at = await stage(db.url);
    for (let run = 1; run <= RUNS; run++) {
      const result = await oneRun(run, at, expected);
      results.push(result);
      process.stdout.write(
        `run ${run}: re-attached in ${round(result.reattachMs, 1)} ms, first turn after ${round(result.firstTurnMs, 1)} ms, turns lost ${result.turnsLost}; plain reconnect to the restarted coordinator ${round(result.baselineMs, 1)} ms (${round(result.baselineAfterReadyMs, 1)} ms after it was ready)\n`,
      );
    }
  } finally {
    for (const service of (at?.started ?? []).reverse()) await service.stop().catch(() => {});
    await db.drop().catch(() => {});
  }
  const sorted = (pick: (result: RunResult) => number) => results.map(pick).sort((a, b) => a - b);
  const reattach = sorted((result) => result.reattachMs);
  const firstTurn = sorted((result) => result.firstTurnMs);
  const baseline = sorted((result) => result.baselineMs);
  const afterReady = sorted((result) => result.baselineAfterReadyMs);
  const summary = {
    bench: 'reattach',
    runs: RUNS,
    graceMs: GRACE_MS,
    reattachP50Ms: round(percentile(reattach, 0.5), 1),
    reattachP95Ms: round(percentile(reattach, 0.95), 1),
    firstTurnP50Ms: round(percentile(firstTurn, 0.5), 1),
    firstTurnP95Ms: round(percentile(firstTurn, 0.95), 1),
    turnsLost: results.reduce((sum, result) => sum + result.turnsLost, 0),
    baselineReconnectP50Ms: round(percentile(baseline, 0.5), 1),
    baselineReconnectP95Ms: round(percentile(baseline, 0.95), 1),
    baselineAfterReadyP50Ms: round(percentile(afterReady, 0.5), 1),
    ratio: round(percentile(reattach, 0.5) / percentile(baseline, 0.5), 3),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
