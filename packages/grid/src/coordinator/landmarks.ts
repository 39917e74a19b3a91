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
    // A node whose claimed coordinate the coordinator's observations contradict is no reference.
    const trusted = !table.contradicted(record);
    if (
      placeable &&
      trusted &&
      coordinate !== undefined &&
      coordinate.vector.length === dimensions
    ) {
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
 * references), then the nodes its coordinate says are nearest (PEERS_NEAR_FRACTION of `max`),
 * the rest taken at an even stride through the table from the node's own slot. Near peers are
 * what lets Vivaldi get short distances right (Dabek et al. §5.5: with far peers only, nodes
 * near each other are placed badly relative to each other); as coordinates converge the
 * "nearest" become the really near. Finding them is one pass over the table per node.
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
  const record = table.get(node);
  if (record?.coordinate !== undefined) {
    const want = Math.min(max, peers.size + Math.floor(max * PEERS_NEAR_FRACTION));
    for (const near of nearestRecords(table, record, want - peers.size, peers)) {
      peers.set(near.did, peerOf(near));
    }
  }
  const slotCount = table.index.slotCount;
  const own = record?.slot ?? 0;
  const stride = Math.max(1, Math.floor(slotCount / max));
  for (let step = 1; step <= slotCount && peers.size < max; step++) {
    const slot = (own + step * stride + Math.floor(step / max)) % slotCount;
    const peer = table.atSlot(slot);
    if (peer === undefined || peer.did === node || table.index.placeable[slot] !== 1) continue;
    peers.set(peer.did, peerOf(peer));
  }
  // A node whose claim is contradicted may still be a peer beyond the landmarks: an honest node
  // whose coordinate is off must keep exchanging samples to come right. (A lying peer can pull
  // a prober's coordinate as any Vivaldi peer can; placement still judges the prober by what
  // the coordinator observes.)
  return [...peers.values()];
}

/** Fraction of a node's peers chosen as its nearest by coordinates. */
const PEERS_NEAR_FRACTION = 0.25;

/** Up to `count` placeable nodes nearest to `record` by predicted RTT, not already in `taken`. */
function nearestRecords(
  table: NodeTable,
  record: NodeRecord,
  count: number,
  taken: ReadonlyMap<string, Peer>,
): NodeRecord[] {
  if (count <= 0) return [];
  const best: { record: NodeRecord; rttMs: number }[] = [];
  for (const other of table.records()) {
    if (other === record || taken.has(other.did) || other.coordinate === undefined) continue;
    if (table.index.placeable[other.slot] !== 1) continue;
    const rttMs = predictedRttMs(record.coordinate!, other.coordinate);
    if (rttMs === undefined) continue;
    if (best.length === count && rttMs >= best[count - 1]!.rttMs) continue;
    let at = Math.min(best.length, count - 1);
    best[at] = { record: other, rttMs };
    // Insertion into the sorted short list (ties keep table order: deterministic).
    while (at > 0 && best[at - 1]!.rttMs > rttMs) {
      best[at] = best[at - 1]!;
      best[at - 1] = { record: other, rttMs };
      at -= 1;
    }
  }
  return best.map((entry) => entry.record);
}

function peerOf(node: { did: string; endpoint: string; label: string }): Peer {
  return { did: node.did, endpoint: node.endpoint, label: node.label };
}
