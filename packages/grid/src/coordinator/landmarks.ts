/**
 * Which nodes a client probes to find its network coordinate (landmarks), and which peers a node
 * probes for its own. Landmarks should be far apart: a client measuring RTT to nodes all in one
 * city learns nothing about its distance to the others. Greedy farthest-point selection: start
 * from the first node, then repeatedly add the node farthest (predicted RTT) from those chosen.
 */
import type { Landmark, Peer } from '@mycel/wire';
import { predictedRttMs } from './network-coordinate.js';
import type { NodeRecord, NodeTable } from './node-table.js';

/** Up to `max` placeable nodes with coordinates (of the grid's dimensions), spread out. */
export function chooseLandmarks(table: NodeTable, max: number): Landmark[] {
  const dimensions = table.grid.dimensions;
  const pool: NodeRecord[] = [];
  for (const record of table.records()) {
    const coordinate = record.coordinate;
    const placeable = table.index.placeable[record.slot] === 1;
    if (placeable && coordinate !== undefined && coordinate.vector.length === dimensions) {
      pool.push(record);
    }
  }
  pool.sort((a, b) => a.slot - b.slot);
  const chosen: NodeRecord[] = [];
  // Distance from each pool node to the nearest chosen one.
  const nearest = new Float64Array(pool.length).fill(Number.POSITIVE_INFINITY);
  while (chosen.length < Math.min(max, pool.length)) {
    let farthest = 0;
    for (let at = 1; at < pool.length; at++) if (nearest[at]! > nearest[farthest]!) farthest = at;
    const picked = pool[farthest]!;
    chosen.push(picked);
    for (let at = 0; at < pool.length; at++) {
      const distance = predictedRttMs(pool[at]!.coordinate!, picked.coordinate!) ?? 0;
      nearest[at] = Math.min(nearest[at]!, distance);
    }
    nearest[farthest] = Number.NEGATIVE_INFINITY;
  }
  return chosen.map((record) => ({
    did: record.did,
    endpoint: record.endpoint,
    label: record.label,
    coordinate: { ...record.coordinate!, vector: [...record.coordinate!.vector] },
  }));
}

/**
 * Up to `max` placeable peers for a node to probe: half from the spread landmarks (far
 * references), the rest taken at an even stride through the table from the node's own slot.
 */
export function choosePeers(
  table: NodeTable,
  node: string,
  landmarks: readonly Landmark[],
  max: number,
): Peer[] {
  const peers = new Map<string, Peer>();
  for (const landmark of landmarks) {
    if (peers.size >= Math.ceil(max / 2)) break;
    if (landmark.did !== node) peers.set(landmark.did, peerOf(landmark));
  }
  const slotCount = table.index.slotCount;
  const own = table.get(node)?.slot ?? 0;
  const stride = Math.max(1, Math.floor(slotCount / max));
  for (let step = 1; step <= slotCount && peers.size < max; step++) {
    const slot = (own + step * stride + Math.floor(step / max)) % slotCount;
    const record = table.atSlot(slot);
    if (record === undefined || record.did === node || table.index.placeable[slot] !== 1) continue;
    peers.set(record.did, peerOf(record));
  }
  return [...peers.values()];
}

function peerOf(node: { did: string; endpoint: string; label: string }): Peer {
  return { did: node.did, endpoint: node.endpoint, label: node.label };
}
