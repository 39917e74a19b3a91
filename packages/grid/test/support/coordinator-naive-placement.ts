/**
 * The slow twin of placement.ts: the same rules written plainly over the node table's records,
 * every node visited, no index, no grid, no pruning. The differential test checks the router
 * against it.
 */
import {
  ATTESTATION_RANK,
  type Attestation,
  type NetworkCoordinate,
  type NodeTable,
  predictedRttMs,
  usableCoordinate,
} from '@mycel/grid';
import { LATENCY_BUDGET_MS, type LatencyClass } from '@mycel/wire';
import {
  PLACEMENT_HEADROOM_WEIGHT_MS,
  PLACEMENT_LOAD_WEIGHT_MS,
  PLACEMENT_PRICE_WEIGHT_MS,
  PLACEMENT_UNKNOWN_RTT_MS,
  PLACEMENT_WARM_BONUS_MS,
} from '../../src/limits.js';

export type NaiveAgent =
  | { readonly kind: 'built-in'; readonly name: string }
  | { readonly kind: 'bundle'; readonly assetId: string };

export interface NaiveRequest {
  readonly agent: NaiveAgent;
  readonly latencyClass: LatencyClass;
  readonly coordinate?: NetworkCoordinate;
  readonly attestationMin: Attestation;
  /** RTTs the client measured, by node did: each replaces that node's predicted RTT. */
  readonly probes?: readonly { readonly node: string; readonly rttMs: number }[];
}

export type NaiveOutcome =
  | {
      readonly code: 'placed';
      readonly did: string;
      readonly score: number;
      readonly rttMs: number | undefined;
    }
  | { readonly code: 'route_pushback' | 'route_no_candidates' };

export function naivePlacement(table: NodeTable, request: NaiveRequest): NaiveOutcome {
  const client = usableCoordinate(request.coordinate);
  // A node probed twice: the last probe counts. Probes of unknown nodes match no record.
  const measured = new Map((request.probes ?? []).map((probe) => [probe.node, probe.rttMs]));
  let candidates = 0;
  let best: { did: string; slot: number; score: number; rttMs: number | undefined } | undefined;
  for (const record of table.records()) {
    if (record.state !== 'alive' || !record.linked) continue;
    const agent = request.agent;
    if (agent.kind === 'built-in' && !record.agents.includes(agent.name)) continue;
    if (ATTESTATION_RANK[record.attestation] < ATTESTATION_RANK[request.attestationMin]) continue;
    const rttMs =
      measured.get(record.did) ??
      (client === undefined || record.coordinate === undefined
        ? undefined
        : predictedRttMs(client, record.coordinate));
    if (rttMs !== undefined && rttMs > LATENCY_BUDGET_MS[request.latencyClass]) continue;
    candidates++;
    const summary = table.summary(record);
    const free = summary.free[request.latencyClass];
    if (free <= 0) continue;
    const warm =
      agent.kind === 'built-in'
        ? record.warm.includes(agent.name)
        : record.agents.includes(agent.assetId) || record.warm.includes(agent.assetId);
    const score =
      (rttMs ?? PLACEMENT_UNKNOWN_RTT_MS) +
      PLACEMENT_LOAD_WEIGHT_MS * record.load +
      PLACEMENT_HEADROOM_WEIGHT_MS * (1 - free / record.capacity[request.latencyClass]) +
      PLACEMENT_PRICE_WEIGHT_MS * (record.price?.minorPerMinute ?? 0) +
      summary.reputationPenaltyMs -
      (warm ? PLACEMENT_WARM_BONUS_MS : 0);
    if (
      best === undefined ||
      score < best.score ||
      (score === best.score && record.slot < best.slot)
    ) {
      best = { did: record.did, slot: record.slot, score, rttMs };
    }
  }
  if (best !== undefined) {
    return { code: 'placed', did: best.did, score: best.score, rttMs: best.rttMs };
  }
  return { code: candidates > 0 ? 'route_pushback' : 'route_no_candidates' };
}
