/**
 * The coordinator side at scale: one real CoordinatorCore per colony with every node of the
 * colony registered and heartbeating (coordinates included), then timed placement decisions
 * (placementRequest + chooseNode, what CoordinatorCore.open runs before it signs a ticket) for
 * clients in the colony's cities. Also one core holding every node, to show how a decision grows
 * when nothing is split into colonies.
 *
 * Memory: the heap the cores hold, after a full garbage collection, divided by the nodes. The
 * registrations are built unsigned: the signature is checked on the control link (node-links.ts)
 * before the table ever sees a registration, and no table keeps it.
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CoordinatorCore, chooseNode } from '@mycel/grid';
import { ed25519SignerFromSeed } from '@mycel/kernel';
import type { VivaldiCoordinate } from '@mycel/mesh';
import type { NodeRegistration } from '@mycel/wire';
import { SCALE_PLACEMENTS_FLAT, SCALE_PLACEMENTS_PER_COLONY } from '../limits.js';
import type { Prng } from '../prng.js';
import { nodeCoordinate } from './city-coordinates.js';
import type { Placed } from './city-world.js';
import { simulatedHeartbeat } from './simulated-heartbeat.js';

export interface TableNode {
  readonly id: string;
  readonly place: Placed;
}

export interface TablesResult {
  /** Heap the colony cores hold per registered node, in bytes. */
  readonly bytesPerNode: number;
  /** Mean placement decision in a colony's core, in µs. */
  readonly placeUs: number;
  /** Mean placement decision in one core holding every node, in µs. */
  readonly placeUsFlat: number;
}

const NOW_MS = 1_800_000_000_000;
const CAPACITY = { robot: 2, voice: 4, interactive: 8, batch: 16 } as const;

/** A full garbage collection, when the runtime lets one be asked for. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  return typeof gc === 'function' ? gc : () => {};
}

function registration(node: TableNode, coordinate: VivaldiCoordinate): NodeRegistration {
  return {
    v: 1,
    kind: 'node-registration',
    node: `did:key:${node.id}`,
    grid: 'scale',
    nonce: 'S'.repeat(43),
    endpoint: `http://${node.id}.invalid:7900`,
    label: node.id,
    attestation: 'software',
    agents: ['chat'],
    capacity: { ...CAPACITY },
    coordinate,
    id: `sha256:${'0'.repeat(64)}`,
    signatures: [],
  } as unknown as NodeRegistration;
}

function filled(
  nodes: readonly TableNode[],
  cities: readonly VivaldiCoordinate[],
): CoordinatorCore {
  const core = new CoordinatorCore({
    grid: 'scale',
    signer: ed25519SignerFromSeed(new Uint8Array(32).fill(9)),
    heartbeatMs: 1000,
  });
  for (const node of nodes) {
    const coordinate = nodeCoordinate(cities, node.place);
    const registered = core.register(registration(node, coordinate), NOW_MS);
    if (!registered.ok) throw new Error(`${registered.error.code}: ${registered.error.message}`);
    core.heartbeat(`did:key:${node.id}`, simulatedHeartbeat(1, CAPACITY, coordinate), NOW_MS);
  }
  return core;
}

function timePlacements(core: CoordinatorCore, clients: readonly VivaldiCoordinate[]): number {
  let elapsed = 0n;
  for (const coordinate of clients) {
    const started = process.hrtime.bigint();
    const routing = core.placementRequest({
      agent: 'chat',
      latencyClass: 'interactive',
      coordinate,
    });
    const choice = routing.ok ? chooseNode(core.nodes, routing.value.placement) : routing;
    elapsed += process.hrtime.bigint() - started;
    if (!choice.ok) throw new Error(`${choice.error.code}: ${choice.error.message}`);
  }
  return Number(elapsed) / 1000 / Math.max(1, clients.length);
}

export function measureTables(options: {
  readonly colonies: readonly (readonly TableNode[])[];
  readonly cities: readonly VivaldiCoordinate[];
  readonly random: Prng;
  readonly placements: number;
}): TablesResult {
  const { colonies, cities, random } = options;
  const gc = collector();
  const total = colonies.reduce((sum, colony) => sum + colony.length, 0);
  gc();
  const before = process.memoryUsage().heapUsed;
  const cores = colonies.map((colony) => filled(colony, cities));
  gc();
  const bytesPerNode = (process.memoryUsage().heapUsed - before) / total;

  // Clients in a colony's cities, placed by that colony's coordinator; warm-up first.
  const perColony = colonies.map((colony) =>
    Array.from(
      { length: Math.max(1, Math.round((options.placements * colony.length) / total)) },
      () => {
        const city = random.pick(colony).place.city;
        return nodeCoordinate(cities, { city, accessMs: 5 + random.float() * 20 });
      },
    ),
  );
  for (const [at, core] of cores.entries())
    timePlacements(core, perColony[at]!.slice(0, SCALE_PLACEMENTS_PER_COLONY));
  let weighted = 0;
  cores.forEach((core, at) => {
    weighted += timePlacements(core, perColony[at]!) * perColony[at]!.length;
  });
  const clients = perColony.flat();
  const placeUs = weighted / clients.length;
  cores.length = 0;

  const flat = filled(colonies.flat(), cities);
  timePlacements(flat, clients.slice(0, SCALE_PLACEMENTS_FLAT));
  const placeUsFlat = timePlacements(flat, clients);
  return { bytesPerNode, placeUs, placeUsFlat };
}
