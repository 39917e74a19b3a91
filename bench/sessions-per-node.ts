/**
 * sessions-per-node: how many idle sessions one node process holds while its control plane stays
 * on the `planes` target (loaded p99 < 10 ms with every worker burning CPU).
 *
 *   npm run bench -- sessions-per-node [--sessions 10000] [--concurrency 64] [--probes 1000]
 *
 * A coordinator and a node start as child processes. This process opens --sessions `tutor`
 * sessions through @mycel/sdk's openSession (placement, ticket, WebSocket, attach, state
 * initialised in a worker) and keeps every one open and idle; it then saturates every worker with
 * `burn` sessions and probes the node's health and admission. Reported: sessions held, the loaded
 * probe p99, the node's resident memory, and the opening rate.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { openSession, type Session } from '@mycel/sdk';
import { NODE_PATHS } from '@mycel/wire';
import { startBenchGrid } from './support/bench-grid.js';
import { startBurnLoad } from './support/burn-load.js';
import { probeControlPlane } from './support/control-probe.js';
import { percentile, round } from './support/stats.js';

const { values: options } = parseArgs({
  options: {
    sessions: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '64' },
    probes: { type: 'string', default: '1000' },
  },
});
const SESSIONS = Number(options.sessions);
const CONCURRENCY = Number(options.concurrency);
const PROBES = Number(options.probes);
const WORKERS = availableParallelism();

process.stdout.write(
  `sessions-per-node: ${SESSIONS} idle sessions, ${WORKERS} burning workers, ${PROBES} probes\nreproduce: npm run bench -- sessions-per-node --sessions ${SESSIONS} --concurrency ${CONCURRENCY} --probes ${PROBES}\n`,
);
const grid = await startBenchGrid([
  '--workers',
  String(WORKERS),
  '--capacity',
  `interactive=${SESSIONS + 64},batch=${WORKERS}`,
]);
const sessions: Session[] = [];
let failures = 0;
const firstFailure: string[] = [];
const opening = performance.now();
let next = 0;
async function opener() {
  while (next < SESSIONS) {
    next += 1;
    try {
      sessions.push(
        await openSession({
          coordinator: grid.coordinator.url,
          agent: 'tutor',
          probeLandmarks: false,
        }),
      );
    } catch (error) {
      failures += 1;
      if (firstFailure.length === 0)
        firstFailure.push(String((error as { code?: string }).code ?? error));
    }
    if ((sessions.length + failures) % 1000 === 0) {
      process.stdout.write(`  opened ${sessions.length} (${failures} failed)\n`);
    }
  }
}
let result: Record<string, unknown> = {};
try {
  await Promise.all(Array.from({ length: CONCURRENCY }, opener));
  const openSeconds = (performance.now() - opening) / 1000;
  const idle = (await probeControlPlane(grid.node.url, PROBES)).times;
  const load = await startBurnLoad(grid.coordinator.url, WORKERS);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const loadedRun = await probeControlPlane(grid.node.url, PROBES);
  const loaded = loadedRun.times;
  const allBusy = loadedRun.busyWorkers.filter((busy) => busy >= WORKERS).length;
  await load.stop();
  const health = (await (await fetch(new URL(NODE_PATHS.health, grid.node.url))).json()) as {
    sessions: number;
  };
  const nodeRssMb =
    Number(
      (await import('node:fs'))
        .readFileSync(`/proc/${grid.node.child.pid}/status`, 'utf8')
        .match(/VmRSS:\s+(\d+)/)?.[1] ?? 0,
    ) / 1024;
  result = {
    bench: 'sessions-per-node',
    sessions: health.sessions,
    requested: SESSIONS,
    failed: failures,
    idleP99Ms: round(percentile(idle, 0.99)),
    loadedP99Ms: round(percentile(loaded, 0.99)),
    allWorkersBusyShare: round(allBusy / loadedRun.busyWorkers.length, 3),
    nodeRssMb: Math.round(nodeRssMb),
    openPerSec: Math.round(sessions.length / openSeconds),
  };
  process.stdout.write(
    `held ${health.sessions} sessions (${failures} failed to open${firstFailure.length ? `, first: ${firstFailure[0]}` : ''}); node RSS ${Math.round(nodeRssMb)} MB\n`,
  );
} finally {
  await Promise.allSettled(sessions.map((session) => session.close()));
  await grid.stop();
}
process.stdout.write(`${JSON.stringify(result)}\n`);
