/**
 * scale-sim: the mesh's real state machines for 10,000 and 100,000 simulated nodes spread over the
 * cities of a measured RTT matrix (default WonderNetwork 2018), on a virtual clock with churn, and
 * how the costs grow with N (packages/sim/src/scale/scale-run.ts says what runs and how):
 *
 *   npm run bench -- scale-sim [--matrix DIR] [--nodes 10000,100000] [--colony-size 400]
 *     [--swim-colonies 8] [--duration-s 30] [--publications 5] [--fanout 4] [--placements 2000]
 *     [--seed 1]
 *
 * Per N: convergenceS (mean time for a crash to be known dead by every live member of its
 * colony; SWIM runs within a colony, never across all N, and `--swim-colonies` colonies drawn at
 * random are simulated member by member), canopyConvergenceS (a signed summary reaching every
 * coordinator), msgsPerNodePerSec (SWIM + the node's share of canopy gossip + its control link),
 * bytesPerNode (heap the coordinators' CoordinatorCores hold per registered node), placeUs (one
 * placement decision in a colony's coordinator) and placeUsFlat (the same in one coordinator
 * holding all N: the baseline colonies avoid).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseLatencyMatrix } from '@mycel/mesh';
import { runScale, type ScaleResult } from '@mycel/sim';

const { values: options } = parseArgs({
  options: {
    matrix: { type: 'string', default: 'packages/mesh/data/wondernetwork-2018' },
    nodes: { type: 'string', default: '10000,100000' },
    'colony-size': { type: 'string', default: '400' },
    'swim-colonies': { type: 'string', default: '8' },
    'duration-s': { type: 'string', default: '30' },
    publications: { type: 'string', default: '5' },
    fanout: { type: 'string', default: '4' },
    placements: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
  },
});
const SIZES = options.nodes.split(',').map(Number);
const COLONY_SIZE = Number(options['colony-size']);
const SWIM_COLONIES = Number(options['swim-colonies']);
const DURATION_MS = Number(options['duration-s']) * 1000;
const PUBLICATIONS = Number(options.publications);
const FANOUT = Number(options.fanout);
const PLACEMENTS = Number(options.placements);
const SEED = Number(options.seed);

process.stdout.write(
  `reproduce: npm run bench -- scale-sim --matrix ${options.matrix} --nodes ${SIZES.join(',')} --colony-size ${COLONY_SIZE} --swim-colonies ${SWIM_COLONIES} --duration-s ${DURATION_MS / 1000} --publications ${PUBLICATIONS} --fanout ${FANOUT} --placements ${PLACEMENTS} --seed ${SEED}\n`,
);
const parsed = parseLatencyMatrix(
  readFileSync(join(options.matrix, 'rtt_avg_ms.tsv'), 'utf8'),
  readFileSync(join(options.matrix, 'cities.csv'), 'utf8'),
);
if (!parsed.ok) throw new Error(`${parsed.error.code}: ${parsed.error.message}`);

const round = (value: number | undefined, digits = 2) =>
  value === undefined || Number.isNaN(value) ? null : Number(value.toFixed(digits));
const results: ScaleResult[] = [];
for (const nodes of SIZES) {
  const startedMs = performance.now();
  const result = runScale({
    matrix: parsed.value,
    nodes,
    seed: SEED,
    colonySize: COLONY_SIZE,
    swimColonies: SWIM_COLONIES,
    durationMs: DURATION_MS,
    publications: PUBLICATIONS,
    fanout: FANOUT,
    placements: PLACEMENTS,
  });
  results.push(result);
  const wallS = (performance.now() - startedMs) / 1000;
  process.stdout.write(
    `${nodes} nodes in ${result.colonies} colonies (SWIM simulated in ${result.swimColonies}: ${result.swimMembers} members, ${DURATION_MS / 1000} s each): ` +
      `crash known by the colony in ${round(result.convergenceS)} s (max ${round(result.crashMaxS)}), leave ${round(result.leaveS)} s, join ${round(result.joinS)} s, ` +
      `${result.unconverged} changes not everywhere by the end${result.unconverged > 0 ? ` (${result.unconvergedDetail.join(', ')})` : ''}, ${result.falseDead} false dead${result.falseDeadIds.length > 0 ? ` (${result.falseDeadIds.join('; ')})` : ''}; ` +
      `summary to all ${result.colonies} coordinators in ${round(result.canopyConvergenceS)} s; ` +
      `msgs/node/s ${round(result.msgsPerNodePerSec)} (SWIM ${round(result.swimMsgsPerNodePerSec)}, canopy ${round(result.canopyMsgsPerNodePerSec, 3)}, control ${round(result.controlMsgsPerNodePerSec)}); ` +
      `${Math.round(result.bytesPerNode ?? 0)} B/node on coordinators; placement ${round(result.placeUs, 1)} µs (one coordinator for all: ${round(result.placeUsFlat, 1)} µs); ` +
      `wall ${wallS.toFixed(1)} s (SWIM ${result.wallS.swim.toFixed(1)}, canopy ${result.wallS.canopy.toFixed(1)}, tables ${result.wallS.tables.toFixed(1)})\n`,
  );
}
process.stdout.write(
  `${JSON.stringify({
    bench: 'scale-sim',
    runs: results.map((result) => ({
      nodes: result.nodes,
      convergenceS: round(result.convergenceS),
      msgsPerNodePerSec: round(result.msgsPerNodePerSec),
      bytesPerNode: Math.round(result.bytesPerNode ?? 0),
      placeUs: round(result.placeUs),
      placeUsFlat: round(result.placeUsFlat),
      canopyConvergenceS: round(result.canopyConvergenceS),
      swimMsgsPerNodePerSec: round(result.swimMsgsPerNodePerSec),
      canopyMsgsPerNodePerSec: round(result.canopyMsgsPerNodePerSec, 3),
      controlMsgsPerNodePerSec: round(result.controlMsgsPerNodePerSec),
      colonies: result.colonies,
      swimMembers: result.swimMembers,
      leaveS: round(result.leaveS),
      joinS: round(result.joinS),
      unconverged: result.unconverged,
      falseDead: result.falseDead,
    })),
    colonySize: COLONY_SIZE,
    durationS: DURATION_MS / 1000,
    matrix: options.matrix,
    seed: SEED,
    node: process.version,
  })}\n`,
);
