/**
 * membership: false evictions of busy but healthy members, Lifeguard against plain SWIM in the
 * same run, and the time to detect a member whose process is SIGKILLed.
 *
 *   npm run bench -- membership [--members 8] [--loaded 4] [--threads 2] [--duration-s 60]
 *     [--block-max-ms 600] [--block-every-ms 1000]
 *
 * N member processes (bench/support/membership-child.ts) each host two SWIM members over UDP on
 * 127.0.0.1 through @mycel/grid's startSwimUdpMember: one in a Lifeguard cluster, one in a plain
 * SWIM cluster, so both clusters live through exactly the same load. Once both clusters have
 * converged, `loaded` processes start the `planes` kind of load: `threads` worker threads
 * spinning at 100 % CPU each, and their event loop blocked for a random 0..block-max-ms at random
 * moments (mean gap block-every-ms). Halfway through the measured window the last (unloaded)
 * process is SIGKILLed.
 *
 * Counted per cluster over the window: false evictions (distinct member incarnations declared
 * dead by anyone while their process was alive), false suspicions (likewise for suspect), and
 * detectMs (SIGKILL to the first dead declaration) and allDetectMs (to the last survivor's).
 * In daemon mode, allBusyShare is the share of once-a-second health samples in which every
 * inference worker of every loaded node was busy (the load was real).
 * ratio = Lifeguard false evictions / plain SWIM false evictions (null when SWIM had none);
 * suspicionRatio likewise for false suspicions.
 *
 * Not the node daemon: the members run in processes of their own with the same kind of load; see
 * docs/spec/mmp-membership.md for why and what it means.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type ChildService, startChildService } from '@mycel/cli';
import { NODE_PATHS } from '@mycel/wire';
import { type BurnLoad, startBurnLoad } from './support/burn-load.js';
import { round } from './support/stats.js';

const { values: options } = parseArgs({
  options: {
    members: { type: 'string', default: '8' },
    loaded: { type: 'string', default: '4' },
    threads: { type: 'string', default: '2' },
    'duration-s': { type: 'string', default: '60' },
    'block-max-ms': { type: 'string', default: '600' },
    'block-every-ms': { type: 'string', default: '1000' },
    mode: { type: 'string', default: 'daemon' },
  },
});
const MODE = options.mode === 'synthetic' ? 'synthetic' : 'daemon';
const MEMBERS = Number(options.members);
const LOADED = Math.min(Number(options.loaded), MEMBERS - 1);
const THREADS = Number(options.threads);
const DURATION_S = Number(options['duration-s']);
const BLOCK_MAX_MS = Number(options['block-max-ms']);
const BLOCK_EVERY_MS = Number(options['block-every-ms']);
/** memberlist's LAN profile, as the UDP shell defaults to. */
const TIMINGS = { probeIntervalMs: 1_000, probeTimeoutMs: 500 };
const CONVERGE_TIMEOUT_MS = 60_000;

type Cluster = 'lifeguard' | 'swim';
const CLUSTERS: readonly Cluster[] = ['lifeguard', 'swim'];
type Contact = Record<Cluster, { id: string; address: string }>;
interface StateLine {
  readonly cluster: Cluster;
  readonly observer: string;
  readonly atMs: number;
  readonly id: string;
  readonly state: string;
  readonly incarnation: number;
}
interface Child {
  readonly index: number;
  readonly process: ChildProcess;
  readonly exited: Promise<void>;
  readonly contact: Contact;
  /** The node's control-plane URL (daemon mode). */
  readonly url: string | undefined;
}

const LOAD =
  MODE === 'daemon'
    ? `${LOADED} real node daemons with every one of their ${THREADS} inference workers running \`burn\``
    : `${LOADED} loaded with ${THREADS} spinning threads and event-loop blocks of 0..${BLOCK_MAX_MS} ms every ~${BLOCK_EVERY_MS} ms`;
process.stdout.write(
  `membership (${MODE}): ${MEMBERS} member processes (${LOAD}), ${DURATION_S} s window, Lifeguard and plain SWIM side by side\n` +
    `reproduce: npm run bench -- membership --mode ${MODE} --members ${MEMBERS} --loaded ${LOADED} --threads ${THREADS} --duration-s ${DURATION_S}` +
    (MODE === 'synthetic'
      ? ` --block-max-ms ${BLOCK_MAX_MS} --block-every-ms ${BLOCK_EVERY_MS}\n`
      : '\n'),
);

const events: StateLine[] = [];
const folder = mkdtempSync(join(tmpdir(), 'opengrid-membership-'));

function childArguments(index: number, coordinatorUrl: string | undefined): string[] {
  const swimSeed = randomBytes(32).toString('hex');
  if (coordinatorUrl !== undefined) {
    const script = fileURLToPath(new URL('./support/membership-node.ts', import.meta.url));
    const settings = {
      dataDir: join(folder, `node-${index}`),
      coordinatorUrl,
      workers: THREADS,
      batchSlots: index < LOADED ? THREADS : 0,
      swimSeed,
      timings: TIMINGS,
    };
    return [script, JSON.stringify(settings)];
  }
  const script = fileURLToPath(new URL('./support/membership-child.ts', import.meta.url));
  const settings = {
    index,
    lifeguardSeed: randomBytes(32).toString('hex'),
    swimSeed,
    timings: TIMINGS,
    threads: THREADS,
    blockMeanEveryMs: BLOCK_EVERY_MS,
    blockMaxMs: BLOCK_MAX_MS,
  };
  return [script, JSON.stringify(settings)];
}

async function spawnChild(index: number, coordinatorUrl: string | undefined): Promise<Child> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', ...childArguments(index, coordinatorUrl)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const ready = await new Promise<{ contact: Contact; url: string | undefined }>((done, fail) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const value = JSON.parse(line) as { ready?: Contact; url?: string } & StateLine;
      if (value.ready !== undefined) done({ contact: value.ready, url: value.url });
      else events.push(value);
    });
    child.once('exit', (code) => fail(new Error(`member process ${index} exited with ${code}`)));
  });
  return { index, process: child, exited, ...ready };
}

function send(child: Child, command: unknown): void {
  child.process.stdin!.write(`${JSON.stringify(command)}\n`);
}

/** What each observer of `cluster` currently believes, replayed from the events. */
function views(cluster: Cluster): Map<string, Map<string, string>> {
  const byObserver = new Map<string, Map<string, string>>();
  for (const event of events) {
    if (event.cluster !== cluster) continue;
    const view = byObserver.get(event.observer) ?? new Map<string, string>();
    view.set(event.id, event.state);
    byObserver.set(event.observer, view);
  }
  return byObserver;
}

function converged(): boolean {
  return CLUSTERS.every((cluster) => {
    const byObserver = views(cluster);
    if (byObserver.size < MEMBERS) return false;
    return [...byObserver.values()].every(
      (view) => [...view.values()].filter((state) => state === 'alive').length === MEMBERS - 1,
    );
  });
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Busy inference workers of a node, from its health answer (as the `planes` benchmark reads it). */
async function busyWorkers(url: string): Promise<number> {
  try {
    const health = (await (await fetch(new URL(NODE_PATHS.health, url))).json()) as {
      workers: { busy: number }[];
    };
    return health.workers.filter((worker) => worker.busy > 0).length;
  } catch {
    return 0;
  }
}

/** Samples, every second until stopped, whether every worker of every loaded node was busy. */
function sampleLoad(urls: readonly string[]): { stop(): Promise<number | null> } {
  const samples: boolean[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const busy = await Promise.all(urls.map(busyWorkers));
      samples.push(busy.every((count) => count >= THREADS));
      await sleep(1_000);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return samples.length === 0 ? null : round(samples.filter(Boolean).length / samples.length);
    },
  };
}
const children: Child[] = [];
let coordinator: ChildService | undefined;
let load: BurnLoad | undefined;
try {
  if (MODE === 'daemon') {
    coordinator = await startChildService('coordinator', [
      'coordinator',
      'start',
      '--port',
      '0',
      '--data',
      join(folder, 'coordinator'),
      '--log-level',
      'warn',
    ]);
  }
  // One at a time: many tsx processes starting at once on two cores miss the workers' start timeout.
  for (let index = 0; index < MEMBERS; index += 1) {
    children.push(await spawnChild(index, coordinator?.url));
  }
  for (const child of children.slice(1)) send(child, { join: children[0]!.contact });
  const convergeStartMs = Date.now();
  while (!converged()) {
    if (Date.now() - convergeStartMs > CONVERGE_TIMEOUT_MS) throw new Error('no convergence');
    await sleep(100);
  }
  const convergeMs = Date.now() - convergeStartMs;
  if (coordinator !== undefined) load = await startBurnLoad(coordinator.url, LOADED * THREADS);
  else for (const child of children.slice(0, LOADED)) send(child, { load: true });
  const loadedUrls = children
    .slice(0, LOADED)
    .flatMap((child) => (child.url === undefined ? [] : [child.url]));
  const sampler = loadedUrls.length > 0 ? sampleLoad(loadedUrls) : undefined;
  const victim = children[MEMBERS - 1]!;
  const windowStartMs = Date.now();
  await sleep((DURATION_S * 1000) / 2);
  const killedAtMs = Date.now();
  victim.process.kill('SIGKILL');
  await victim.exited;
  await sleep((DURATION_S * 1000) / 2);
  const windowEndMs = Date.now();
  const allBusyShare = (await sampler?.stop()) ?? null;

  const measure = (cluster: Cluster) => {
    const victimId = victim.contact[cluster].id;
    const inWindow = events.filter(
      (event) =>
        event.cluster === cluster && event.atMs >= windowStartMs && event.atMs <= windowEndMs,
    );
    const isFalse = (event: StateLine) => event.id !== victimId || event.atMs < killedAtMs;
    const distinct = (state: string) =>
      new Set(
        inWindow
          .filter((event) => event.state === state && isFalse(event))
          .map((event) => `${event.id}@${event.incarnation}`),
      ).size;
    const firstDeadBy = new Map<string, number>();
    for (const event of inWindow) {
      if (event.id === victimId && event.state === 'dead' && event.atMs >= killedAtMs) {
        firstDeadBy.set(
          event.observer,
          Math.min(firstDeadBy.get(event.observer) ?? Infinity, event.atMs),
        );
      }
    }
    const detections = [...firstDeadBy.values()].map((atMs) => atMs - killedAtMs);
    return {
      falseEvictions: distinct('dead'),
      falseSuspicions: distinct('suspect'),
      falseDeadDeclarations: inWindow.filter((event) => event.state === 'dead' && isFalse(event))
        .length,
      detectMs: detections.length > 0 ? Math.min(...detections) : null,
      allDetectMs: detections.length === MEMBERS - 1 ? Math.max(...detections) : null,
    };
  };
  const results = { lifeguard: measure('lifeguard'), swim: measure('swim') };
  for (const cluster of CLUSTERS) {
    process.stdout.write(`${cluster}: ${JSON.stringify(results[cluster])}\n`);
  }
  process.stdout.write(
    `converged in ${convergeMs} ms; window ${windowEndMs - windowStartMs} ms; SIGKILL at +${killedAtMs - windowStartMs} ms\n`,
  );
  const ratio =
    results.swim.falseEvictions === 0
      ? null
      : round(results.lifeguard.falseEvictions / results.swim.falseEvictions);
  process.stdout.write(
    `${JSON.stringify({
      bench: 'membership',
      mode: MODE,
      members: MEMBERS,
      loaded: LOADED,
      threads: THREADS,
      ...(MODE === 'synthetic' ? { blockMaxMs: BLOCK_MAX_MS, blockEveryMs: BLOCK_EVERY_MS } : {}),
      burnTurns: load?.turns() ?? null,
      allBusyShare,
      durationS: DURATION_S,
      lifeguard: results.lifeguard,
      swim: results.swim,
      ratio,
      suspicionRatio:
        results.swim.falseSuspicions === 0
          ? null
          : round(results.lifeguard.falseSuspicions / results.swim.falseSuspicions),
    })}\n`,
  );
} finally {
  await load?.stop();
  for (const child of children) child.process.kill('SIGKILL');
  await Promise.all(children.map((child) => child.exited));
  await coordinator?.stop();
  rmSync(folder, { recursive: true, force: true });
}
