/**
 * failover: tutor sessions keep answering turns while the node serving them (a) is SIGKILLed
 * (process crash: its sockets close at once) or (b) is SIGSTOPped (silent partition: sockets stay
 * open, nothing answers). Measured per session: the gap from the failure to the first frame from
 * the new node (its `attached`, SessionMove.resumedAtMs), and turns lost — a turn whose reply
 * differs from the same answers on an undisturbed session (the tutor is deterministic, so a lost,
 * repeated or stale-state turn shows as a different reply) or that failed at all. For (b) also the
 * detection time: from SIGSTOP until the coordinator lists the node failed.
 *
 *   npm run bench -- failover [--trials 3] [--sessions 6] [--heartbeat-ms 100]
 *
 * Loopback, no emulated delays. The coordinator and the nodes are `opengrid ... start` child
 * processes; the clients are this process, using @mycel/sdk's openSession as an app does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type ChildService, startChildService } from '@mycel/cli';
import { gridLimits } from '@mycel/grid';
import type { JsonValue } from '@mycel/kernel';
import { openSession, type Session } from '@mycel/sdk';
import { percentile, round } from './support/stats.js';

const { values: options } = parseArgs({
  options: {
    trials: { type: 'string', default: '3' },
    sessions: { type: 'string', default: '6' },
    'heartbeat-ms': { type: 'string', default: '100' },
    modes: { type: 'string', default: 'crash,partition' },
  },
});
const MODES = options.modes.split(',') as Mode[];
const TRIALS = Number(options.trials);
const SESSIONS = Number(options.sessions);
const HEARTBEAT_MS = Number(options['heartbeat-ms']);
/** The health probe of a suspected node gets two heartbeats to answer. */
const PROBE_TIMEOUT_MS = 2 * HEARTBEAT_MS;
/** Clients ping their node every heartbeat; two unanswered pings drop it. */
const CLIENT_PING_MS = HEARTBEAT_MS;
const ANSWERS: JsonValue[] = ['start', 'b', 'a', 'c', 'b', 'd', 'a', 'b', 'c', 'a', 'd', 'b'];
/** Turns every session has answered before the failure, and keeps answering after it. */
const TURNS_BEFORE = 3;
const TURNS_AFTER = 3;
const MOVE_WAIT_MS = 15_000;
const CAPACITY = `robot=0,voice=0,interactive=${4 * SESSIONS},batch=0`;

type Mode = 'crash' | 'partition';

interface ClientRun {
  readonly session: Session;
  readonly replies: JsonValue[][];
  /** Why turns failed (an application never should see one). */
  readonly errors: string[];
  stop: boolean;
  readonly done: Promise<void>;
}

const folder = mkdtempSync(join(tmpdir(), 'opengrid-failover-'));
let nodeCount = 0;

function startNodeService(coordinatorUrl: string): Promise<ChildService> {
  nodeCount += 1;
  return startChildService('node', [
    'node',
    'start',
    '--coordinator',
    coordinatorUrl,
    '--data',
    join(folder, `node-${nodeCount}`),
    '--workers',
    '1',
    '--capacity',
    CAPACITY,
    '--log-level',
    'warn',
  ]);
}

async function nodeState(coordinatorUrl: string, did: string): Promise<string | undefined> {
  const answer = (await (await fetch(`${coordinatorUrl}/v1/nodes`)).json()) as {
    nodes: { did: string; state: string; linked: boolean }[];
  };
  return answer.nodes.find((node) => node.did === did)?.state;
}

async function waitFor(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + MOVE_WAIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 5));
  }
}

async function collect(session: Session, input: JsonValue): Promise<JsonValue[]> {
  const chunks: JsonValue[] = [];
  for await (const chunk of session.send(input)) chunks.push(chunk);
  return chunks;
}

/** A client answering turns one after another until told to stop (and TURNS_AFTER more). */
function runClient(session: Session): ClientRun {
  const run: ClientRun = {
    session,
    replies: [],
    errors: [],
    stop: false,
    done: Promise.resolve(),
  };
  const loop = async () => {
    let afterStop = 0;
    for (const answer of ANSWERS) {
      if (run.stop && afterStop++ >= TURNS_AFTER) return;
      try {
        run.replies.push(await collect(session, answer));
      } catch (error) {
        run.errors.push((error as { code?: string }).code ?? String(error));
        run.replies.push([]);
      }
    }
  };
  (run as { done: Promise<void> }).done = loop();
  return run;
}

function open(coordinatorUrl: string): Promise<Session> {
  return openSession({
    coordinator: coordinatorUrl,
    agent: 'tutor',
    probeLandmarks: false,
    pingIntervalMs: CLIENT_PING_MS,
  });
}

/** Sessions whose node is `victim` (others the placement put elsewhere are closed). */
async function sessionsOn(coordinatorUrl: string, victim: string): Promise<Session[]> {
  const kept: Session[] = [];
  for (let attempt = 0; kept.length < SESSIONS && attempt < 20 * SESSIONS; attempt++) {
    const session = await open(coordinatorUrl);
    if (session.node.did === victim) kept.push(session);
    else await session.close();
  }
  if (kept.length < SESSIONS) throw new Error('the placement would not put sessions on the victim');
  return kept;
}

interface TrialResult {
  readonly gapsMs: number[];
  readonly turnsLost: number;
  readonly detectMs: number | undefined;
}

async function trial(
  mode: Mode,
  coordinatorUrl: string,
  expected: readonly JsonValue[][],
): Promise<TrialResult> {
  const victim = await startNodeService(coordinatorUrl);
  try {
    await waitFor(async () => (await nodeState(coordinatorUrl, victim.did)) === 'alive', 'victim');
    const sessions = await sessionsOn(coordinatorUrl, victim.did);
    const runs = sessions.map(runClient);
    await waitFor(() => runs.every((run) => run.replies.length >= TURNS_BEFORE), 'warm-up turns');
    const failedAtMs = Date.now();
    victim.child.kill(mode === 'crash' ? 'SIGKILL' : 'SIGSTOP');
    let detectMs: number | undefined;
    await waitFor(async () => {
      if (detectMs === undefined && (await nodeState(coordinatorUrl, victim.did)) === 'failed') {
        detectMs = Date.now() - failedAtMs;
      }
      return runs.every((run) => run.session.moves.length > 0);
    }, 'every session to move');
    await waitFor(
      async () =>
        detectMs !== undefined || (await nodeState(coordinatorUrl, victim.did)) === 'failed',
      'detection',
    );
    detectMs ??= Date.now() - failedAtMs;
    for (const run of runs) run.stop = true;
    if (mode === 'partition') {
      // The partition heals: the old node comes back at a stale epoch and must be refused.
      victim.child.kill('SIGCONT');
    }
    await Promise.all(runs.map((run) => run.done));
    const gapsMs = runs.map((run) => run.session.moves[0]!.resumedAtMs - failedAtMs);
    let turnsLost = 0;
    for (const [n, run] of runs.entries()) {
      run.replies.forEach((reply, turn) => {
        if (JSON.stringify(reply) === JSON.stringify(expected[turn])) return;
        turnsLost += 1;
        process.stdout.write(`    session ${n} turn ${turn + 1}: not the reference reply\n`);
      });
      if (run.errors.length > 0) {
        process.stdout.write(`    session ${n} errors: ${run.errors.join(', ')}\n`);
      }
      if (run.session.moves.length !== 1) {
        const moves = run.session.moves.map(
          (move) =>
            `${move.code} after ${move.resumedAtMs - move.lostAtMs} ms (epoch ${move.epoch})`,
        );
        process.stdout.write(`    session ${n} moved ${moves.length} times: ${moves.join('; ')}\n`);
      }
      // A healed node must not take a session back: one move each, none after.
      if (run.session.moves.length !== 1) turnsLost += 1;
      await run.session.close();
    }
    return { gapsMs, turnsLost, detectMs };
  } finally {
    victim.child.kill('SIGKILL');
    await victim.stop();
  }
}

process.stdout.write(
  `failover: ${TRIALS} trials x ${SESSIONS} tutor sessions per mode; heartbeat ${HEARTBEAT_MS} ms, suspect after ${gridLimits.HEARTBEAT_MISSED_SUSPECT} missed, health probe timeout ${PROBE_TIMEOUT_MS} ms, client ping ${CLIENT_PING_MS} ms\nreproduce: npm run bench -- failover --trials ${TRIALS} --sessions ${SESSIONS} --heartbeat-ms ${HEARTBEAT_MS}\n`,
);
const coordinator = await startChildService('coordinator', [
  'coordinator',
  'start',
  '--port',
  '0',
  '--data',
  join(folder, 'coordinator'),
  '--heartbeat-ms',
  String(HEARTBEAT_MS),
  '--probe-timeout-ms',
  String(PROBE_TIMEOUT_MS),
  '--log-level',
  'warn',
]);
const survivors: ChildService[] = [];
const results: Record<Mode, TrialResult[]> = { crash: [], partition: [] };
try {
  survivors.push(await startNodeService(coordinator.url));
  await waitFor(
    async () => (await nodeState(coordinator.url, survivors[0]!.did)) === 'alive',
    'the surviving node',
  );
  // The reference replies: the same answers on a session nobody disturbs.
  const reference = await open(coordinator.url);
  const expected: JsonValue[][] = [];
  for (const answer of ANSWERS) expected.push(await collect(reference, answer));
  await reference.close();
  for (let n = 0; n < TRIALS; n++) {
    for (const mode of MODES) {
      const result = await trial(mode, coordinator.url, expected);
      results[mode].push(result);
      const gaps = result.gapsMs.map((gap) => round(gap, 0)).join(', ');
      process.stdout.write(
        `  ${mode} trial ${n + 1}: gaps ${gaps} ms; detection ${result.detectMs} ms; turns lost ${result.turnsLost}\n`,
      );
    }
  }
} finally {
  for (const node of survivors) await node.stop();
  await coordinator.stop();
  rmSync(folder, { recursive: true, force: true });
}

function summary(mode: Mode) {
  const gaps = results[mode].flatMap((result) => result.gapsMs).sort((a, b) => a - b);
  const detections = results[mode].map((result) => result.detectMs ?? Number.NaN);
  return {
    gaps,
    p50Ms: round(percentile(gaps, 0.5), 1),
    p95Ms: round(percentile(gaps, 0.95), 1),
    p99Ms: round(percentile(gaps, 0.99), 1),
    turnsLost: results[mode].reduce((sum, result) => sum + result.turnsLost, 0),
    sessions: gaps.length,
    detectMs: round(
      detections.sort((a, b) => a - b)[Math.floor(detections.length / 2)] ?? Number.NaN,
      1,
    ),
  };
}
const crash = summary('crash');
const partition = summary('partition');
process.stdout.write(
  `crash: gap p50 ${crash.p50Ms} ms, p95 ${crash.p95Ms} ms, p99 ${crash.p99Ms} ms, turns lost ${crash.turnsLost}\npartition: detection (median) ${partition.detectMs} ms, gap p95 ${partition.p95Ms} ms (${round(partition.p95Ms - partition.detectMs, 1)} ms after detection), turns lost ${partition.turnsLost}\n`,
);
process.stdout.write(
  `${JSON.stringify({
    bench: 'failover',
    crash: {
      p50Ms: crash.p50Ms,
      p95Ms: crash.p95Ms,
      p99Ms: crash.p99Ms,
      turnsLost: crash.turnsLost,
      sessions: crash.sessions,
    },
    partition: {
      detectMs: partition.detectMs,
      p95Ms: partition.p95Ms,
      turnsLost: partition.turnsLost,
      sessions: partition.sessions,
    },
    heartbeat: {
      heartbeatMs: HEARTBEAT_MS,
      missedToSuspect: gridLimits.HEARTBEAT_MISSED_SUSPECT,
      probeTimeoutMs: PROBE_TIMEOUT_MS,
      clientPingMs: CLIENT_PING_MS,
    },
  })}\n`,
);
