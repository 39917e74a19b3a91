/**
 * One scale simulation (bench/scale-sim.ts): N nodes spread uniformly over the cities of a
 * measured RTT matrix, grouped into colonies, each colony around one coordinator:
 *
 * - Colonies. C = round(N / colonySize) coordinators sit in distinct cities (spread out:
 *   farthest-point by RTT); each node joins the nearest coordinator whose colony has room
 *   (at most COLONY_ROOM × colonySize), so colonies are regional and bounded.
 * - Membership. SWIM (mesh's createSwimMember, Lifeguard on) runs within a colony, never across
 *   all N: a colony's traffic and convergence depend on its size, not on N. `swimColonies`
 *   colonies drawn at random are simulated member by member on the virtual clock, with churn (a
 *   crash, a graceful leave and a join each); their figures stand for every colony's.
 * - Canopy. Every coordinator keeps a SummaryBook; signed summaries spread by push gossip with
 *   anti-entropy (canopy-gossip.ts); measured: time for a summary to reach every coordinator.
 * - Coordinator side. Every node registered in its colony's CoordinatorCore: heap per node, and
 *   placement decision time (colony cores, and one core holding all N).
 *
 * Messages per node per second add SWIM's (measured), the canopy's share (publications every
 * CANOPY_SUMMARY_INTERVAL_MS, measured cost each, spread over N), and the control link (a
 * heartbeat and a ping with its pong per HEARTBEAT_INTERVAL_MS). Deterministic for a seed, but
 * for the timings.
 */
import { gridLimits } from '@mycel/grid';
import { CANOPY_SUMMARY_INTERVAL_MS, type LatencyMatrix } from '@mycel/mesh';
import { Prng } from '../prng.js';
import { runCanopyGossip } from './canopy-gossip.js';
import { embedCities } from './city-coordinates.js';
import { CityWorld, type Placed } from './city-world.js';
import { measureTables } from './coordinator-tables.js';
import { type ChurnEvent, type ColonyMember, type ColonyRun, runColony } from './swim-colony.js';

export interface ScaleOptions {
  readonly matrix: LatencyMatrix;
  readonly nodes: number;
  readonly seed: number;
  /** Target nodes per colony (one coordinator each). */
  readonly colonySize: number;
  /** Colonies whose SWIM is simulated member by member. */
  readonly swimColonies: number;
  /** Virtual time each simulated colony runs, in ms. */
  readonly durationMs: number;
  /** Summaries whose spread through the canopy is followed. */
  readonly publications: number;
  readonly fanout: number;
  /** Placement decisions timed. */
  readonly placements: number;
  /** Skip the coordinator tables (memory, placement): the small test does. */
  readonly skipTables?: boolean;
}

export interface ScaleResult {
  readonly nodes: number;
  readonly colonies: number;
  readonly swimColonies: number;
  readonly swimMembers: number;
  /** Mean time for a crash to be known (dead) by every live member of its colony, in s. */
  readonly convergenceS: number;
  readonly crashMaxS: number;
  readonly leaveS: number;
  readonly joinS: number;
  /** Changes that some member never learnt within the run. */
  readonly unconverged: number;
  /** The same, as `kind:members still missing it`. */
  readonly unconvergedDetail: readonly string[];
  /** Mean time for a summary to reach every coordinator, in s. */
  readonly canopyConvergenceS: number;
  readonly msgsPerNodePerSec: number;
  readonly swimMsgsPerNodePerSec: number;
  readonly canopyMsgsPerNodePerSec: number;
  readonly controlMsgsPerNodePerSec: number;
  readonly falseDead: number;
  readonly bytesPerNode: number | undefined;
  readonly placeUs: number | undefined;
  readonly placeUsFlat: number | undefined;
  readonly falseDeadIds: readonly string[];
  /** Wall-clock seconds each part took (not deterministic). */
  readonly wallS: { readonly swim: number; readonly canopy: number; readonly tables: number };
}

/** Churn in each simulated colony: when (ms into the run) a member crashes, leaves, one joins. */
export const CHURN_AT_MS = { crash: 5_000, leave: 8_000, join: 11_000 } as const;

/** A colony takes at most this many times its target size before nodes go to the next nearest. */
const COLONY_ROOM = 1.25;

interface SimNode {
  readonly id: string;
  readonly place: Placed;
}

export function runScale(options: ScaleOptions): ScaleResult {
  const random = new Prng(options.seed);
  const world = new CityWorld(options.matrix);
  const nodes: SimNode[] = Array.from({ length: options.nodes }, (_, n) => ({
    id: `n${n}`,
    place: world.place(random, 1, 10),
  }));
  const coordinatorCities = spreadCities(
    world,
    Math.max(1, Math.round(options.nodes / options.colonySize)),
  );
  const startedMs = performance.now();
  const colonies = assignColonies(world, nodes, coordinatorCities, options.colonySize, random);

  // --- membership within sampled colonies ---
  const sampled = sample(
    colonies.map((_, index) => index),
    Math.min(options.swimColonies, colonies.length),
    random,
  );
  const runs: ColonyRun[] = [];
  let swimMembers = 0;
  for (const index of sampled) {
    const members: ColonyMember[] = colonies[index]!;
    swimMembers += members.length;
    const [crasher, leaver] = sample(members, 2, random);
    const joiner: ColonyMember = {
      id: `join-${index}`,
      place: { city: members[0]!.place.city, accessMs: 1 + random.float() * 9 },
    };
    const churn: ChurnEvent[] = [
      { kind: 'crash', atMs: CHURN_AT_MS.crash, member: crasher! },
      { kind: 'leave', atMs: CHURN_AT_MS.leave, member: leaver! },
      { kind: 'join', atMs: CHURN_AT_MS.join, member: joiner },
    ];
    runs.push(runColony({ world, random, members, churn, durationMs: options.durationMs }));
  }
  const outcomes = runs.flatMap((run) => run.outcomes);
  const seconds = (kind: string) => {
    const times = outcomes
      .filter((outcome) => outcome.kind === kind && outcome.convergedMs !== undefined)
      .map((outcome) => outcome.convergedMs! / 1000);
    return {
      mean: times.length === 0 ? Number.NaN : times.reduce((a, b) => a + b, 0) / times.length,
      max: times.length === 0 ? Number.NaN : Math.max(...times),
    };
  };
  const swimMessages = runs.reduce((sum, run) => sum + run.messages, 0);
  const memberSeconds = runs.reduce((sum, run) => sum + run.memberSeconds, 0);
  const swimMsgsPerNodePerSec = swimMessages / memberSeconds;

  const swimSeconds = (performance.now() - startedMs) / 1000;
  // --- the canopy ---
  const gossip = runCanopyGossip({
    world,
    random,
    coordinators: coordinatorCities.map((city, index) => ({
      place: { city, accessMs: 0.5 },
      colony: `colony-${index}`,
    })),
    publications: options.publications,
    fanout: options.fanout,
  });
  const canopyTimes = gossip.convergedMs.filter((ms): ms is number => ms !== undefined);
  const canopyMsgsPerNodePerSec =
    (gossip.messagesPerPublication * coordinatorCities.length) /
    (CANOPY_SUMMARY_INTERVAL_MS / 1000) /
    options.nodes;
  // A heartbeat up, a ping down, a pong up, per heartbeat interval.
  const controlMsgsPerNodePerSec = 3 / (gridLimits.HEARTBEAT_INTERVAL_MS / 1000);

  const canopySeconds = (performance.now() - startedMs) / 1000 - swimSeconds;
  // --- the coordinator side ---
  const tables = options.skipTables
    ? undefined
    : measureTables({
        colonies,
        cities: embedCities(world, random, gridLimits.NODE_COORDINATE_DIMENSIONS),
        random,
        placements: options.placements,
      });

  return {
    nodes: options.nodes,
    colonies: colonies.length,
    swimColonies: sampled.length,
    swimMembers,
    convergenceS: seconds('crash').mean,
    crashMaxS: seconds('crash').max,
    leaveS: seconds('leave').mean,
    joinS: seconds('join').mean,
    unconverged: outcomes.filter((outcome) => outcome.convergedMs === undefined).length,
    unconvergedDetail: outcomes
      .filter((outcome) => outcome.convergedMs === undefined)
      .map((outcome) => `${outcome.kind}:${outcome.missing}`),
    canopyConvergenceS:
      canopyTimes.length === 0
        ? Number.NaN
        : canopyTimes.reduce((a, b) => a + b, 0) / canopyTimes.length / 1000,
    msgsPerNodePerSec: swimMsgsPerNodePerSec + canopyMsgsPerNodePerSec + controlMsgsPerNodePerSec,
    swimMsgsPerNodePerSec,
    canopyMsgsPerNodePerSec,
    controlMsgsPerNodePerSec,
    falseDead: runs.reduce((sum, run) => sum + run.falseDead, 0),
    bytesPerNode: tables?.bytesPerNode,
    placeUs: tables?.placeUs,
    placeUsFlat: tables?.placeUsFlat,
    falseDeadIds: runs.flatMap((run) => run.falseDeadIds),
    wallS: {
      swim: swimSeconds,
      canopy: canopySeconds,
      tables: (performance.now() - startedMs) / 1000 - swimSeconds - canopySeconds,
    },
  };
}

/**
 * `count` coordinator cities, spread out: farthest-point by city RTT from city 0, every city
 * once; past the number of cities, big regions get a second coordinator in the same cities, in
 * the same order.
 */
function spreadCities(world: CityWorld, count: number): number[] {
  const distinct = spreadDistinct(world, Math.min(count, world.cityCount));
  return Array.from({ length: count }, (_, at) => distinct[at % distinct.length]!);
}

function spreadDistinct(world: CityWorld, count: number): number[] {
  const chosen = [0];
  const nearest = Array.from({ length: world.cityCount }, (_, city) => world.cityRttMs(city, 0));
  nearest[0] = Number.NEGATIVE_INFINITY;
  while (chosen.length < count) {
    let farthest = 0;
    for (let city = 1; city < world.cityCount; city++) {
      if (nearest[city]! > nearest[farthest]!) farthest = city;
    }
    chosen.push(farthest);
    for (let city = 0; city < world.cityCount; city++) {
      if (nearest[city]! !== Number.NEGATIVE_INFINITY) {
        nearest[city] = Math.min(nearest[city]!, world.cityRttMs(city, farthest));
      }
    }
    nearest[farthest] = Number.NEGATIVE_INFINITY;
  }
  return chosen;
}

/** Each node to the nearest coordinator city whose colony has room (1.5 × colonySize). */
function assignColonies(
  world: CityWorld,
  nodes: readonly SimNode[],
  coordinatorCities: readonly number[],
  colonySize: number,
  random: Prng,
): SimNode[][] {
  const room = Math.max(1, Math.ceil(colonySize * COLONY_ROOM));
  const colonies: SimNode[][] = coordinatorCities.map(() => []);
  const byDistance = Array.from({ length: world.cityCount }, (_, city) =>
    coordinatorCities
      .map((coordinatorCity, index) => ({ index, rtt: world.cityRttMs(city, coordinatorCity) }))
      .sort((a, b) => a.rtt - b.rtt || a.index - b.index)
      .map((entry) => entry.index),
  );
  for (const node of sample(nodes, nodes.length, random)) {
    const order = byDistance[node.place.city]!;
    const index = order.find((at) => colonies[at]!.length < room) ?? order[0]!;
    colonies[index]!.push(node);
  }
  return colonies.filter((colony) => colony.length > 0);
}

/** `count` items drawn without replacement (a partial Fisher–Yates shuffle of a copy). */
function sample<T>(items: readonly T[], count: number, random: Prng): T[] {
  const copy = [...items];
  for (let at = 0; at < count; at++) {
    const swap = at + random.below(copy.length - at);
    [copy[at], copy[swap]] = [copy[swap]!, copy[at]!];
  }
  return copy.slice(0, count);
}
