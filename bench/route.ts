/**
 * route: one placement decision (hard filters → score → atomic reservation) with 10,000
 * registered nodes, in process, through the coordinator core the HTTP route uses
 * (CoordinatorCore.placementRequest + placeAndReserve, exactly what CoordinatorCore.open runs
 * before it signs the ticket). Target: p99 < 100 µs (../shared/design/BENCHMARKS.md).
 *
 *   npm run bench -- route [--nodes 10000] [--placements 20000] [--dimensions 8] [--seed 1]
 *
 * Nodes sit around 300 random "cities" on a sphere (coordinates in ms: a chord of the sphere plus
 * an access-link height, jittered per node), list three of the four built-in agents, and report
 * heartbeat-like free slots (some classes full). Clients come from random cities and ask for a
 * random class and agent. Each reservation is released outside the timed part so capacity does
 * not drain. Also reported: the whole `open` (placement + registry + a signed ticket), whose
 * extra time is the Ed25519 signature.
 */
import { parseArgs } from 'node:util';
import { CoordinatorCore, classIndexOf, type OpenRequest, placeAndReserve } from '@mycel/grid';
import { ed25519SignerFromSeed } from '@mycel/kernel';
import {
  type HeartbeatFrame,
  LATENCY_CLASSES,
  type LatencyClass,
  type NodeRegistration,
  signRegistration,
} from '@mycel/wire';
import { percentileUs, prng } from './support/stats.js';

const { values: options } = parseArgs({
  options: {
    nodes: { type: 'string', default: '10000' },
    placements: { type: 'string', default: '20000' },
    dimensions: { type: 'string', default: '8' },
    seed: { type: 'string', default: '1' },
  },
});
const NODES = Number(options.nodes);
const PLACEMENTS = Number(options.placements);
const DIMENSIONS = Number(options.dimensions);
const SEED = Number(options.seed);
const CITIES = 300;
const SPHERE_RADIUS_MS = 100;
const AGENTS = ['tutor', 'voice', 'burn', 'chat'];
const NOW_MS = Date.parse('2026-11-28T12:00:00Z');

const random = prng(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** A point on the sphere (latitudes where people live), in the first three components. */
function cityPoint(): number[] {
  const latitude = ((-40 + random() * 100) * Math.PI) / 180;
  const longitude = ((-180 + random() * 360) * Math.PI) / 180;
  const point = [
    SPHERE_RADIUS_MS * Math.cos(latitude) * Math.cos(longitude),
    SPHERE_RADIUS_MS * Math.cos(latitude) * Math.sin(longitude),
    SPHERE_RADIUS_MS * Math.sin(latitude),
  ];
  const vector = Array.from({ length: DIMENSIONS }, (_, d) => point[d] ?? (random() - 0.5) * 4);
  return vector;
}
const cities = Array.from({ length: CITIES }, cityPoint);

function coordinateNear(city: readonly number[]) {
  return {
    vector: city.map((component) => component + (random() - 0.5) * 4),
    height: 1 + random() * 12,
    error: 0.1 + random() * 0.3,
  };
}

function registration(n: number): NodeRegistration {
  const signer = ed25519SignerFromSeed(seedBytes(n));
  const skipped = pick(AGENTS);
  return signRegistration(
    {
      grid: 'bench',
      nonce: 'A'.repeat(43),
      endpoint: `http://10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}:7900`,
      label: `node-${n}`,
      attestation: random() < 0.2 ? 'tpm' : 'software',
      agents: AGENTS.filter((agent) => agent !== skipped),
      capacity: { robot: 2, voice: 4, interactive: 8, batch: 16 },
      coordinate: coordinateNear(pick(cities)),
    },
    signer,
  );
}

function seedBytes(n: number): Uint8Array {
  const seed = new Uint8Array(32);
  new DataView(seed.buffer).setUint32(0, n + 1);
  seed[31] = SEED & 255;
  return seed;
}

function heartbeat(registered: NodeRegistration): HeartbeatFrame {
  const free = Object.fromEntries(
    LATENCY_CLASSES.map((name) => [
      name,
      random() < 0.15 ? 0 : Math.floor(random() * (registered.capacity[name] + 1)),
    ]),
  ) as Record<LatencyClass, number>;
  return {
    t: 'heartbeat',
    seq: 1,
    free,
    load: random(),
    sessions: 0,
    warm: registered.agents.filter(() => random() < 0.3),
    price: { minorPerMinute: Math.floor(random() * 20), currency: 'EUR' },
    ...(registered.coordinate === undefined ? {} : { coordinate: registered.coordinate }),
  };
}

const round = (value: number) => Number(value.toFixed(2));

process.stdout.write(
  `reproduce: npm run bench -- route --nodes ${NODES} --placements ${PLACEMENTS} --dimensions ${DIMENSIONS} --seed ${SEED}\n`,
);
const core = new CoordinatorCore({
  grid: 'bench',
  signer: ed25519SignerFromSeed(new Uint8Array(32).fill(7)),
  heartbeatMs: 1000,
});
for (let n = 0; n < NODES; n++) {
  const registered = registration(n);
  const accepted = core.register(registered, NOW_MS);
  if (!accepted.ok) throw new Error(accepted.error.message);
  core.heartbeat(registered.node, heartbeat(registered), NOW_MS);
}
const classes: LatencyClass[] = ['robot', 'voice', 'voice', 'interactive', 'interactive', 'batch'];
const requests: OpenRequest[] = Array.from({ length: PLACEMENTS }, (_, n) => ({
  sid: `bench-${n}`,
  agent: pick(AGENTS),
  latencyClass: pick(classes),
  client: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
  coordinate: coordinateNear(pick(cities)),
}));

// Placement decisions: timed one by one; the reservation is given back outside the timing.
const outcomes = new Map<string, number>();
const timings = new Float64Array(PLACEMENTS);
const warmUp = Math.min(2000, PLACEMENTS);
let rttSum = 0;
let rttCount = 0;
for (let pass = 0; pass < 2; pass++) {
  const count = pass === 0 ? warmUp : PLACEMENTS;
  for (let n = 0; n < count; n++) {
    const request = requests[n]!;
    const started = process.hrtime.bigint();
    const routing = core.placementRequest(request);
    const choice = routing.ok ? placeAndReserve(core.nodes, routing.value.placement) : routing;
    const elapsed = process.hrtime.bigint() - started;
    if (pass === 0) continue;
    timings[n] = Number(elapsed);
    const outcome = choice.ok ? 'placed' : choice.error.code;
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    if (choice.ok) {
      core.nodes.releaseReservation(choice.value.slot, classIndexOf(request.latencyClass));
      if (choice.value.predictedRttMs !== undefined) {
        rttSum += choice.value.predictedRttMs;
        rttCount++;
      }
    }
  }
}
const totalNs = timings.reduce((sum, value) => sum + value, 0);
timings.sort();

// The whole open: placement, the registry, and a signed ticket; closed again by a node report.
const OPENS = Math.min(5000, PLACEMENTS);
const openTimings = new Float64Array(OPENS);
for (let n = 0; n < OPENS; n++) {
  const request = { ...requests[n]!, sid: `open-${n}` };
  const started = process.hrtime.bigint();
  const opened = core.open(request, NOW_MS);
  openTimings[n] = Number(process.hrtime.bigint() - started);
  if (opened.ok) {
    const { ticket, node } = opened.value;
    const report = {
      t: 'session-state',
      sid: ticket.sid,
      epoch: 1,
      state: 'closed',
      turns: 0,
    } as const;
    core.sessionReport(node.did, report, NOW_MS);
  }
}
openTimings.sort();

const p50Us = percentileUs(timings, 0.5);
const p99Us = percentileUs(timings, 0.99);
process.stdout.write(
  `placements: ${PLACEMENTS} over ${NODES} nodes (${DIMENSIONS}-D coordinates): ` +
    `p50 ${p50Us.toFixed(1)} µs, p99 ${p99Us.toFixed(1)} µs, p99.9 ${percentileUs(timings, 0.999).toFixed(1)} µs; ` +
    `outcomes ${JSON.stringify(Object.fromEntries(outcomes))}\n` +
    `open with ticket: p50 ${percentileUs(openTimings, 0.5).toFixed(1)} µs, p99 ${percentileUs(openTimings, 0.99).toFixed(1)} µs\n`,
);
process.stdout.write(
  `${JSON.stringify({
    bench: 'route',
    nodes: NODES,
    p50Us: round(p50Us),
    p99Us: round(p99Us),
    p999Us: round(percentileUs(timings, 0.999)),
    maxUs: round(percentileUs(timings, 1)),
    placementsPerSec: Math.round(PLACEMENTS / (totalNs / 1e9)),
    placed: outcomes.get('placed') ?? 0,
    pushback: outcomes.get('route_pushback') ?? 0,
    noCandidates: outcomes.get('route_no_candidates') ?? 0,
    meanPredictedRttMs: round(rttCount === 0 ? 0 : rttSum / rttCount),
    openP50Us: round(percentileUs(openTimings, 0.5)),
    openP99Us: round(percentileUs(openTimings, 0.99)),
    placements: PLACEMENTS,
    dimensions: DIMENSIONS,
    seed: SEED,
    node: process.version,
  })}\n`,
);
