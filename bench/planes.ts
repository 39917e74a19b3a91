/**
 * planes: the node's control plane (GET /v1/health and /v1/admission, answered on the daemon's
 * main event loop) while every inference worker runs the CPU-heavy `burn` agent at 100 %,
 * against the same probe with the node idle, in the same run.
 *
 *   npm run bench -- planes [--workers 2] [--probes 1000] [--rounds 3]
 *
 * A coordinator and a node start as child processes through `opengrid ... start`. Each round
 * probes the idle node, then opens one burn session per worker (back-to-back 500 ms turns),
 * waits until every worker is busy, probes again, and stops the load. Probes go one at a time
 * over a kept-alive connection. Reported: p99 over all rounds, idle and loaded, and their ratio
 * (target ≤ 2 and loaded p99 < 10 ms; docs/decisions/0008 says why the workers are niced).
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { NODE_PATHS } from '@mycel/wire';
import { startBenchGrid } from './support/bench-grid.js';
import { startBurnLoad } from './support/burn-load.js';
import { probeControlPlane } from './support/control-probe.js';
import { percentile, round } from './support/stats.js';

const { values: options } = parseArgs({
  options: {
    workers: { type: 'string', default: String(availableParallelism()) },
    probes: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '3' },
  },
});
const WORKERS = Number(options.workers);
const PROBES = Number(options.probes);
const ROUNDS = Number(options.rounds);

async function busyWorkers(nodeUrl: string): Promise<number> {
  const health = (await (await fetch(new URL(NODE_PATHS.health, nodeUrl))).json()) as {
    workers: { busy: number }[];
  };
  return health.workers.filter((worker) => worker.busy > 0).length;
}

process.stdout.write(
  `planes: ${WORKERS} workers, ${ROUNDS} rounds of ${PROBES} idle + ${PROBES} loaded probes\n` +
    `reproduce: npm run bench -- planes --workers ${WORKERS} --probes ${PROBES} --rounds ${ROUNDS}\n`,
);
const grid = await startBenchGrid([
  '--workers',
  String(WORKERS),
  '--capacity',
  `batch=${WORKERS},interactive=64`,
]);
const idle: number[] = [];
const loaded: number[] = [];
const busyDuringLoad: number[] = [];
let burnTurns = 0;
try {
  await probeControlPlane(grid.node.url, 200); // warm-up: JIT, connection
  for (let r = 0; r < ROUNDS; r += 1) {
    idle.push(...(await probeControlPlane(grid.node.url, PROBES)).times);
    const load = await startBurnLoad(grid.coordinator.url, WORKERS);
    while ((await busyWorkers(grid.node.url)) < WORKERS) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const run = await probeControlPlane(grid.node.url, PROBES);
    loaded.push(...run.times);
    busyDuringLoad.push(...run.busyWorkers);
    await load.stop();
    burnTurns += load.turns();
  }
} finally {
  await grid.stop();
}
idle.sort((a, b) => a - b);
loaded.sort((a, b) => a - b);
const idleP99Ms = percentile(idle, 0.99);
// The load was real: the share of health answers (during loaded probing) with every worker busy.
const allBusyShare =
  busyDuringLoad.filter((busy) => busy >= WORKERS).length / busyDuringLoad.length;
const loadedP99Ms = percentile(loaded, 0.99);
process.stdout.write(
  `idle p50 ${round(percentile(idle, 0.5))} ms, p99 ${round(idleP99Ms)} ms; loaded p50 ${round(percentile(loaded, 0.5))} ms, p99 ${round(loadedP99Ms)} ms; every worker busy in ${Math.round(100 * allBusyShare)} % of the health answers under load, ${burnTurns} burn turns done\n`,
);
process.stdout.write(
  `${JSON.stringify({
    bench: 'planes',
    workers: WORKERS,
    probes: idle.length,
    idleP50Ms: round(percentile(idle, 0.5)),
    idleP99Ms: round(idleP99Ms),
    loadedP50Ms: round(percentile(loaded, 0.5)),
    loadedP99Ms: round(loadedP99Ms),
    ratio: round(loadedP99Ms / idleP99Ms, 2),
    allWorkersBusyShare: round(allBusyShare, 3),
    burnTurns,
  })}\n`,
);
