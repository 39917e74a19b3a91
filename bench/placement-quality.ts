/**
 * placement-quality: how close to the best possible node the coordinator places sessions when it
 * knows only network coordinates (and, optionally, a few RTTs the client measured), with clients
 * and nodes in real cities of a measured RTT matrix (default WonderNetwork 2018).
 *
 *   npm run bench -- placement-quality [--matrix DIR] [--nodes 240] [--sessions 2000]
 *     [--rounds 300] [--top-k 3] [--liars 0] [--seed 1]
 *
 * The world: nodes and clients in cities drawn uniformly (seeded), each with an access-link delay
 * (round trip, drawn in `--client-access-ms` / `--node-access-ms`: home and mobile clients 5–25 ms,
 * nodes 1–10 ms; the matrix itself is between data centres); a ping samples the city-to-city RTT
 * plus both access delays, with queueing noise and occasional spikes
 * (packages/sim/src/scale/city-world.ts).
 *
 * What runs is the real code: nodes register with a CoordinatorCore and compute their Vivaldi
 * coordinates as grid's CoordinateProber does (one ping per probe interval to the next peer of
 * the list choosePeers gives them, coordinates in heartbeats), for `--rounds` probe intervals,
 * through mesh's CoordinateClient (median filter, gravity; `--client vivaldi`: plain updates).
 * A client then does what the SDK does (landmark-probe.ts): it asks for the coordinator's
 * landmarks (chooseLandmarks), keeps the fastest of three pings to each, fits its coordinate
 * with mesh's fitCoordinate, and opens the session with that coordinate and those RTTs; the
 * coordinator places it (placementRequest + chooseNode, as CoordinatorCore.open does). Variants:
 *   - coordinates: the coordinate alone, no measured RTTs.
 *   - landmarks: the coordinate plus the landmark RTTs (what the SDK sends today).
 *   - top-k (the headline): as landmarks, then up to `--refine` rounds of: the coordinator's k
 *     best candidates (topCandidates, by coordinates and every RTT measured so far) are pinged
 *     in parallel (fastest of three), and the client refits its coordinate, starting from the
 *     one it has, to the NEAREST_FIT nodes it measured nearest; a round that finds no new
 *     candidate ends it. The final choice is chooseNode with every measured RTT.
 * With `--liars F`, a fraction F of nodes report the coordinate of another node far away
 * (claiming to be near clients they are not near); the coordinator times its control-link pings
 * to every node and placement discounts claims its observations contradict
 * (packages/grid/src/coordinator/placement-observed.ts). Liars are never the oracle's answer.
 *
 * Oracle: the node with the lowest true RTT to the client. Reported: the fraction of sessions
 * whose chosen node's true RTT is within 10 % of the oracle's (target ≥ 95 %), and the mean
 * extra RTT over the oracle.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CoordinatorCore, chooseLandmarks, chooseNode, topCandidates } from '@mycel/grid';
import { ed25519SignerFromSeed } from '@mycel/kernel';
import {
  CoordinateClient,
  fitCoordinate,
  parseLatencyMatrix,
  type VivaldiCoordinate,
} from '@mycel/mesh';
import {
  CityWorld,
  type CoordinateStep,
  type Placed,
  Prng,
  type ProbingNode,
  ProbingNodes,
} from '@mycel/sim';
import { signRegistration, wireLimits } from '@mycel/wire';

const { values: options } = parseArgs({
  options: {
    matrix: { type: 'string', default: 'packages/mesh/data/wondernetwork-2018' },
    nodes: { type: 'string', default: '240' },
    sessions: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '300' },
    'top-k': { type: 'string', default: '3' },
    refine: { type: 'string', default: '3' },
    liars: { type: 'string', default: '0' },
    observe: { type: 'string', default: 'yes' },
    client: { type: 'string', default: 'filtered' },
    seed: { type: 'string', default: '1' },
    'client-access-ms': { type: 'string', default: '5-25' },
    'node-access-ms': { type: 'string', default: '1-10' },
  },
});
const NODES = Number(options.nodes);
const SESSIONS = Number(options.sessions);
const ROUNDS = Number(options.rounds);
const TOP_K = Number(options['top-k']);
const REFINE_ROUNDS = Number(options.refine);
const LIARS = Number(options.liars);
const OBSERVE = options.observe !== 'no';
/** The nodes' coordinate client: mesh's CoordinateClient (median filter, gravity) or plain Vivaldi. */
const CLIENT = options.client === 'vivaldi' ? 'vivaldi' : 'filtered';
const SEED = Number(options.seed);
const NOW_MS = Date.parse('2026-11-28T12:00:00Z');
/** The SDK keeps the fastest of this many pings per landmark (sdk LANDMARK_PINGS). */
const LANDMARK_PINGS = 3;
/** The client refits its coordinate to this many of the nodes it measured nearest. */
const NEAREST_FIT = 6;
const [CLIENT_ACCESS_MIN_MS, CLIENT_ACCESS_MAX_MS] = accessRange(options['client-access-ms']);
const [NODE_ACCESS_MIN_MS, NODE_ACCESS_MAX_MS] = accessRange(options['node-access-ms']);

/** "A-B" in ms: access-link round-trip delays drawn uniformly in [A, B]. */
function accessRange(text: string): [number, number] {
  const [low, high] = text.split('-').map(Number);
  if (!(low! >= 0 && high! >= low!)) throw new Error(`an access range is "A-B" in ms, not ${text}`);
  return [low!, high!];
}

process.stdout.write(
  `reproduce: npm run bench -- placement-quality --matrix ${options.matrix} --nodes ${NODES} --sessions ${SESSIONS} --rounds ${ROUNDS} --top-k ${TOP_K} --refine ${REFINE_ROUNDS} --liars ${LIARS} --observe ${OBSERVE ? 'yes' : 'no'} --client ${CLIENT} --client-access-ms ${options['client-access-ms']} --node-access-ms ${options['node-access-ms']} --seed ${SEED}\n`,
);

const parsed = parseLatencyMatrix(
  readFileSync(join(options.matrix, 'rtt_avg_ms.tsv'), 'utf8'),
  readFileSync(join(options.matrix, 'cities.csv'), 'utf8'),
);
if (!parsed.ok) throw new Error(`${parsed.error.code}: ${parsed.error.message}`);
const world = new CityWorld(parsed.value);
const random = new Prng(SEED);
/** Where clients sit: drawn apart, so every variant and option places the same clients. */
const clientRandom = new Prng(SEED + 2);

// --- the coordinator and its nodes ---
const core = new CoordinatorCore({
  grid: 'bench',
  signer: ed25519SignerFromSeed(new Uint8Array(32).fill(7)),
  heartbeatMs: 2000,
});
const coordinatorPlace: Placed = world.place(random, 0.5, 0.5);
const nodes: ProbingNode[] = [];
const liars = new Set<string>();
for (let n = 0; n < NODES; n++) {
  const seed = new Uint8Array(32);
  new DataView(seed.buffer).setUint32(0, n + 1);
  seed[31] = SEED & 255;
  const signer = ed25519SignerFromSeed(seed);
  const registration = signRegistration(
    {
      grid: 'bench',
      nonce: 'A'.repeat(43),
      endpoint: `http://node-${n}.invalid:7900`,
      label: `node-${n}`,
      attestation: 'software',
      agents: ['chat'],
      capacity: { robot: 4, voice: 4, interactive: 8, batch: 16 },
    },
    signer,
  );
  const accepted = core.register(registration, NOW_MS);
  if (!accepted.ok) throw new Error(accepted.error.message);
  const node = ProbingNodes.fresh(
    registration.node,
    world.place(random, NODE_ACCESS_MIN_MS, NODE_ACCESS_MAX_MS),
  );
  nodes.push(node);
  if (random.float() < LIARS) liars.add(node.did);
}
// A liar claims the coordinate of the honest node farthest from it (it wants the other side's
// clients): placement would send those clients across the world.
const claimOf = new Map<string, ProbingNode>();
for (const did of liars) {
  const liar = nodes.find((node) => node.did === did)!;
  let farthest = nodes[0]!;
  for (const node of nodes) {
    if (liars.has(node.did)) continue;
    if (world.trueRttMs(liar.place, node.place) > world.trueRttMs(liar.place, farthest.place)) {
      farthest = node;
    }
  }
  claimOf.set(did, farthest);
}
const reported = (node: ProbingNode): VivaldiCoordinate =>
  claimOf.get(node.did)?.coordinate ?? node.coordinate;

const clients = new Map<string, CoordinateClient>();
/** One probe through the node's own CoordinateClient, as a node running mesh's client does. */
const filteredStep: CoordinateStep = (local, remote, rttMs, peer, self) => {
  let client = clients.get(self);
  if (client === undefined) {
    client = new CoordinateClient({ dimensions: local.vector.length, start: local });
    clients.set(self, client);
  }
  const moved = client.observe(peer, remote, rttMs);
  return moved.ok ? moved.value : local;
};
const probing = new ProbingNodes(nodes, {
  world,
  core,
  random,
  reported,
  ...(CLIENT === 'filtered' ? { step: filteredStep } : {}),
  ...(OBSERVE ? { coordinator: coordinatorPlace, coordinatorRandom: new Prng(SEED + 1) } : {}),
});
const startedMs = performance.now();
probing.run(ROUNDS, NOW_MS);
const convergeMs = performance.now() - startedMs;

// --- clients ---
interface Outcome {
  readonly onLiar: boolean;
  readonly chosenMs: number;
  readonly oracleMs: number;
  readonly probes: number;
}
const variants = ['coordinates', 'landmarks', 'top-k'] as const;
type Variant = (typeof variants)[number];
const outcomes: Record<Variant, Outcome[]> = { coordinates: [], landmarks: [], 'top-k': [] };
const landmarks = chooseLandmarks(core.nodes, wireLimits.LANDMARKS_MAX);
const honest = nodes.filter((node) => !liars.has(node.did));
let placeNs = 0n;
let placements = 0;

function place(coordinate: VivaldiCoordinate, probes: { node: string; rttMs: number }[]) {
  const started = process.hrtime.bigint();
  const routing = core.placementRequest({
    agent: 'chat',
    latencyClass: 'batch',
    coordinate,
    probes,
  });
  const choice = routing.ok ? chooseNode(core.nodes, routing.value.placement) : routing;
  placeNs += process.hrtime.bigint() - started;
  placements += 1;
  if (!choice.ok) throw new Error(`${choice.error.code}: ${choice.error.message}`);
  return core.nodes.atSlot(choice.value.slot)!.did;
}

for (let s = 0; s < SESSIONS; s++) {
  const client = world.place(clientRandom, CLIENT_ACCESS_MIN_MS, CLIENT_ACCESS_MAX_MS);
  let oracleMs = Number.POSITIVE_INFINITY;
  for (const node of honest) oracleMs = Math.min(oracleMs, world.trueRttMs(client, node.place));
  const samples = landmarks.map((landmark) => ({
    remote: landmark.coordinate as VivaldiCoordinate,
    rttMs: world.fastestRttMs(
      client,
      probing.byDid.get(landmark.did)!.place,
      random,
      LANDMARK_PINGS,
    ),
  }));
  const fitted = fitCoordinate(samples, {
    dimensions: landmarks[0]!.coordinate.vector.length,
  });
  if (!fitted.ok) throw new Error(fitted.error.message);
  const coordinate = fitted.value;
  const trueOf = (did: string) => world.trueRttMs(client, probing.byDid.get(did)!.place);

  const alone = place(coordinate, []);
  outcomes.coordinates.push({
    onLiar: liars.has(alone),
    chosenMs: trueOf(alone),
    oracleMs,
    probes: 0,
  });

  const probes = landmarks.map((landmark, at) => ({
    node: landmark.did,
    rttMs: samples[at]!.rttMs,
  }));
  const withLandmarks = place(coordinate, probes);
  outcomes.landmarks.push({
    onLiar: liars.has(withLandmarks),
    chosenMs: trueOf(withLandmarks),
    oracleMs,
    probes: probes.length,
  });

  // Rounds of: the k best candidates by coordinates (and every RTT measured so far), pinged in
  // parallel; the client's coordinate refitted around the nearest of what it measured.
  const measured = new Set(probes.map((probe) => probe.node));
  let local = coordinate;
  for (let refine = 0; refine < REFINE_ROUNDS; refine++) {
    const routing = core.placementRequest({
      agent: 'chat',
      latencyClass: 'batch',
      coordinate: local,
      probes,
    });
    if (!routing.ok) throw new Error(routing.error.message);
    let fresh = 0;
    for (const candidate of topCandidates(core.nodes, routing.value.placement, TOP_K)) {
      const did = core.nodes.atSlot(candidate.slot)!.did;
      if (measured.has(did)) continue;
      measured.add(did);
      fresh += 1;
      probes.push({
        node: did,
        rttMs: world.fastestRttMs(client, probing.byDid.get(did)!.place, random, LANDMARK_PINGS),
      });
    }
    if (fresh === 0) break;
    const nearest = [...probes].sort((a, b) => a.rttMs - b.rttMs).slice(0, NEAREST_FIT);
    const refit = fitCoordinate(
      nearest.map((probe) => ({
        remote: core.nodes.get(probe.node)!.coordinate as VivaldiCoordinate,
        rttMs: probe.rttMs,
      })),
      { dimensions: local.vector.length, start: local },
    );
    if (refit.ok) local = refit.value;
  }
  const chosen = place(local, probes);
  outcomes['top-k'].push({
    onLiar: liars.has(chosen),
    chosenMs: trueOf(chosen),
    oracleMs,
    probes: probes.length,
  });
}

function summary(list: readonly Outcome[]) {
  let within = 0;
  let extraMs = 0;
  let probes = 0;
  let onLiars = 0;
  for (const outcome of list) {
    if (outcome.onLiar) onLiars += 1;
    if (outcome.chosenMs <= outcome.oracleMs * 1.1) within += 1;
    extraMs += outcome.chosenMs - outcome.oracleMs;
    probes += outcome.probes;
  }
  return {
    within10pct: round(within / list.length, 4),
    meanExtraMs: round(extraMs / list.length, 2),
    meanProbes: round(probes / list.length, 2),
    onLiars: round(onLiars / list.length, 4),
  };
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));
const results = Object.fromEntries(
  variants.map((variant) => [variant, summary(outcomes[variant])]),
);
for (const variant of variants) {
  const result = results[variant]!;
  process.stdout.write(
    `${variant.padEnd(12)} within 10 %: ${(result.within10pct * 100).toFixed(1)} %, mean extra RTT ${result.meanExtraMs} ms, client probes ${result.meanProbes}, on liars ${(result.onLiars * 100).toFixed(1)} %\n`,
  );
}
const meanOracleMs =
  outcomes['top-k'].reduce((sum, outcome) => sum + outcome.oracleMs, 0) / SESSIONS;
process.stdout.write(
  `${NODES} nodes (${liars.size} liars) in ${world.cityCount} cities, ${ROUNDS} probe rounds (${(convergeMs / 1000).toFixed(1)} s), ` +
    `${SESSIONS} sessions, mean oracle RTT ${meanOracleMs.toFixed(1)} ms, placement ${(Number(placeNs) / placements / 1000).toFixed(1)} µs per decision\n`,
);
const headline = results['top-k']!;
process.stdout.write(
  `${JSON.stringify({
    bench: 'placement-quality',
    sessions: SESSIONS,
    within10pct: headline.within10pct,
    meanExtraMs: headline.meanExtraMs,
    topK: TOP_K,
    refineRounds: REFINE_ROUNDS,
    meanProbes: headline.meanProbes,
    withoutProbes: results.coordinates,
    landmarksOnly: results.landmarks,
    meanOracleMs: round(meanOracleMs, 2),
    nodes: NODES,
    liars: liars.size,
    observedRtt: OBSERVE,
    contradicted: [...liars].filter((liar) => core.nodes.contradicted(core.nodes.get(liar)!))
      .length,
    rounds: ROUNDS,
    coordinateClient: CLIENT,
    matrix: options.matrix,
    seed: SEED,
    node: process.version,
  })}\n`,
);
