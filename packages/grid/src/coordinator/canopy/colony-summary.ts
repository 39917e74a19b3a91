/**
 * What a coordinator tells its canopy about its colony, from its node table: free and total
 * slots per latency class over the placeable nodes (alive, linked, not draining), the agents
 * most of them list or keep warm (at most CANOPY_WARM_AGENTS_MAX), the price it quotes, and the
 * colony's network coordinate (the mean of its placeable nodes' coordinates of the most common
 * dimension count), from which a neighbour predicts the RTT of a client to this colony. Pure.
 */
import type { Amount } from '@mycel/kernel';
import {
  CANOPY_WARM_AGENTS_MAX,
  type ClassSlots,
  isCoordinate,
  type SummaryFields,
  type VivaldiCoordinate,
} from '@mycel/mesh';
import { LATENCY_CLASSES } from '@mycel/wire';
import type { NetworkCoordinate } from '../network-coordinate.js';
import type { NodeTable } from '../node-table.js';

export interface ColonyFacts {
  readonly url: string;
  readonly federation: string;
  readonly colony: string;
  readonly seq: number;
  readonly issuedAtMs: number;
  readonly price: Amount;
}

export function colonySummary(nodes: NodeTable, facts: ColonyFacts): SummaryFields {
  const capacity: Record<string, { free: number; total: number }> = {};
  for (const name of LATENCY_CLASSES) capacity[name] = { free: 0, total: 0 };
  const agentCounts = new Map<string, number>();
  const coordinates: NetworkCoordinate[] = [];
  for (const record of nodes.records()) {
    if (nodes.index.placeable[record.slot] !== 1) continue;
    const summary = nodes.summary(record);
    for (const name of LATENCY_CLASSES) {
      const slots = capacity[name]!;
      slots.free += summary.free[name];
      slots.total += summary.capacity[name];
    }
    for (const agent of new Set([...record.agents, ...record.warm])) {
      agentCounts.set(agent, (agentCounts.get(agent) ?? 0) + 1);
    }
    if (record.coordinate !== undefined) coordinates.push(record.coordinate);
  }
  const warmAgents = [...agentCounts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, CANOPY_WARM_AGENTS_MAX)
    .map(([agent]) => agent);
  const coordinate = colonyCoordinate(coordinates);
  return {
    url: facts.url,
    federation: facts.federation,
    colony: facts.colony,
    seq: facts.seq,
    issuedAtMs: facts.issuedAtMs,
    capacity: capacity as Record<string, ClassSlots>,
    warmAgents,
    prices: [
      { currency: facts.price.currency, minMinor: facts.price.minor, maxMinor: facts.price.minor },
    ],
    ...(coordinate === undefined ? {} : { coordinate }),
  };
}

/** The mean of the coordinates of the most common dimension count; undefined without any. */
export function colonyCoordinate(
  coordinates: readonly NetworkCoordinate[],
): VivaldiCoordinate | undefined {
  const byDimensions = new Map<number, NetworkCoordinate[]>();
  for (const coordinate of coordinates) {
    const group = byDimensions.get(coordinate.vector.length) ?? [];
    group.push(coordinate);
    byDimensions.set(coordinate.vector.length, group);
  }
  let group: NetworkCoordinate[] | undefined;
  for (const candidate of byDimensions.values()) {
    if (group === undefined || candidate.length > group.length) group = candidate;
  }
  if (group === undefined || group.length === 0) return undefined;
  const dimensions = group[0]!.vector.length;
  const vector = Array.from(
    { length: dimensions },
    (_, axis) => group.reduce((sum, entry) => sum + entry.vector[axis]!, 0) / group.length,
  );
  const height = group.reduce((sum, entry) => sum + entry.height, 0) / group.length;
  const error = Math.max(...group.map((entry) => entry.error));
  const mean = { vector, height, error };
  // Node coordinates are self-reported: a mean out of the protocol's range is left out.
  return isCoordinate(mean) ? mean : undefined;
}
