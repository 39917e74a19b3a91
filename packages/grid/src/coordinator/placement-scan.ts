/**
 * The inner loops of placement (placement.ts): hard filters and score of one node, over a list of
 * slots or a grid cell's packed values, folding each into one running best. Module-level scratch
 * (the best so far, the client's vector) keeps the loops free of allocation; placement runs on
 * one thread and never re-enters.
 */
import { LATENCY_BUDGET_MS } from '@mycel/wire';
import {
  PLACEMENT_HEADROOM_WEIGHT_MS,
  PLACEMENT_LOAD_WEIGHT_MS,
  PLACEMENT_PRICE_WEIGHT_MS,
  PLACEMENT_UNKNOWN_RTT_MS,
  PLACEMENT_WARM_BONUS_MS,
} from '../limits.js';
import { AGENT_LISTED } from './agent-flags.js';
import type { SlotList } from './coordinate-grid.js';
import { CLASS_COUNT, COORDINATE_STRIDE, NEAR_STRIDE, type NodeIndex } from './node-index.js';
import { classIndexOf } from './node-table.js';
import type { PlacementRequest } from './placement.js';

/** One placement's constants, computed once before the loops. */
export interface Query {
  readonly classIndex: number;
  readonly budgetMs: number;
  readonly listed: Uint8Array | undefined;
  readonly warm: Uint8Array | undefined;
  readonly warmMask: number;
  readonly attestationMin: number;
  readonly clientDimensions: number;
  readonly clientHeight: number;
  /** 1 when the client has a second (third) component, else 0 (multiplies those away). */
  readonly hasY: number;
  readonly hasZ: number;
}

/** The client's vector (copied once per placement; read by the loops). */
export const clientVector = new Float64Array(COORDINATE_STRIDE);

export function prepare(request: PlacementRequest): Query {
  const client = request.coordinate;
  const clientDimensions = client === undefined ? 0 : client.vector.length;
  for (let d = 0; d < clientDimensions; d++) clientVector[d] = client!.vector[d]!;
  return {
    classIndex: classIndexOf(request.latencyClass),
    budgetMs: LATENCY_BUDGET_MS[request.latencyClass],
    listed: request.listed,
    warm: request.warm,
    warmMask: request.warmMask,
    attestationMin: request.attestationMin,
    clientDimensions,
    clientHeight: client === undefined ? 0 : client.height,
    hasY: clientDimensions > 1 ? 1 : 0,
    hasZ: clientDimensions > 2 ? 1 : 0,
  };
}

/** Floating-point slack on the ring bound, so rounding can never prune a node that ties. */
export const BOUND_SLACK_MS = 1e-6;

// The running best, shared by the scans of one placement (no allocation in the loops).
export const BEST = 0;
export const SCORE = 1;
export const RTT_MS = 2;
export const CANDIDATES = 3;
export const state = new Float64Array(4);

let identity = new Int32Array(0);

/** Measured RTT by slot for the placement in progress; -1 where the client did not probe. */
let measuredRtt = new Float64Array(0).fill(-1);

export function setMeasured(
  index: NodeIndex,
  measured: readonly { slot: number; rttMs: number }[],
): void {
  if (measuredRtt.length < index.rows) {
    measuredRtt = new Float64Array(index.rows).fill(-1);
  }
  for (const { slot, rttMs } of measured) {
    if (slot < measuredRtt.length) measuredRtt[slot] = rttMs;
  }
}

export function clearMeasured(measured: readonly { slot: number }[]): void {
  for (const { slot } of measured) {
    if (slot < measuredRtt.length) measuredRtt[slot] = -1;
  }
}

/** The probed nodes, scored with their measured RTT (before any search). */
export function scanMeasured(
  index: NodeIndex,
  query: Query,
  measured: readonly { slot: number }[],
): void {
  for (const { slot } of measured) {
    if (slot < index.slotCount) {
      evaluate(
        index,
        query,
        slot,
        query.clientDimensions !== 0 && index.dimensions[slot] === query.clientDimensions,
      );
    }
  }
}

/** [0, 1, 2, …]: every slot, for the full scan. */
export function allSlots(index: NodeIndex): Int32Array {
  if (identity.length < index.slotCount) {
    identity = new Int32Array(index.rows);
    for (let slot = 0; slot < identity.length; slot++) identity[slot] = slot;
  }
  return identity;
}

/**
 * Placement's cheap first bound for one node, from its `near` values at `at` in `near`: true
 * when the first three components and the node's own score terms alone already put it out of
 * reach of the best score so far (headroom is never negative; an unplaceable node's own terms
 * are infinite). Only for a node whose coordinate has the client's dimensions.
 */
function outOfReach(near: Float64Array, at: number, query: Query, bestScore: number): boolean {
  const dx = near[at]! - clientVector[0]!;
  const dy = (near[at + 1]! - clientVector[1]!) * query.hasY;
  const dz = (near[at + 2]! - clientVector[2]!) * query.hasZ;
  const reachMs =
    bestScore + PLACEMENT_WARM_BONUS_MS + BOUND_SLACK_MS - query.clientHeight - near[at + 3]!;
  return reachMs < 0 || dx * dx + dy * dy + dz * dz > reachMs * reachMs;
}

/** Every slot of a list (the loose nodes, or all of them): bound first when it applies. */
export function scanSlots(index: NodeIndex, query: Query, slots: Int32Array, count: number): void {
  const { near, dimensions } = index;
  const clientDimensions = query.clientDimensions;
  for (let at = 0; at < count; at++) {
    const slot = slots[at]!;
    const comparable = clientDimensions !== 0 && dimensions[slot] === clientDimensions;
    if (
      comparable &&
      state[BEST]! >= 0 &&
      outOfReach(near, slot * NEAR_STRIDE, query, state[SCORE]!)
    ) {
      continue;
    }
    evaluate(index, query, slot, comparable);
  }
}

/** A grid cell, read front to back from its packed copy of the `near` values. */
export function scanPacked(index: NodeIndex, query: Query, list: SlotList): void {
  const { slots, near, count } = list;
  const { hasY, hasZ } = query;
  const x = clientVector[0]!;
  const y = clientVector[1]!;
  const z = clientVector[2]!;
  // outOfReach inlined: this loop is the hot one.
  const slackMs = PLACEMENT_WARM_BONUS_MS + BOUND_SLACK_MS - query.clientHeight;
  let known = state[BEST]! >= 0;
  let bestScore = state[SCORE]!;
  for (let at = 0; at < count; at++) {
    if (known) {
      const offset = at * NEAR_STRIDE;
      const reachMs = bestScore + slackMs - near[offset + 3]!;
      if (reachMs < 0) continue;
      const dx = near[offset]! - x;
      const dy = (near[offset + 1]! - y) * hasY;
      const dz = (near[offset + 2]! - z) * hasZ;
      if (dx * dx + dy * dy + dz * dz > reachMs * reachMs) continue;
    }
    // Cells hold only coordinates of the grid's dimensions, which are the client's here.
    evaluate(index, query, slots[at]!, true);
    known = state[BEST]! >= 0;
    bestScore = state[SCORE]!;
  }
}

/**
 * Hard filters and score of one node, folded into `state`. Ties go to the lower slot, whatever
 * order nodes come in, so every search order gives the same answer.
 */
function evaluate(index: NodeIndex, query: Query, slot: number, comparable: boolean): void {
  if (index.placeable[slot] === 0) return;
  const { listed, attestationMin, classIndex } = query;
  if (listed !== undefined && (listed[slot]! & AGENT_LISTED) === 0) return;
  if (index.attestation[slot]! < attestationMin) return;
  const row = slot * CLASS_COUNT + classIndex;
  const freeSlots = index.free[row]!;
  // A full node only matters to tell pushback from no candidates; once that is known, skip it.
  if (freeSlots <= 0 && state[CANDIDATES]! > 0) return;
  let rttMs = measuredRtt.length > slot ? measuredRtt[slot]! : -1;
  if (rttMs >= 0) {
    if (rttMs > query.budgetMs) return;
  } else if (comparable) {
    const { vectors } = index;
    const base = slot * COORDINATE_STRIDE;
    let sum = 0;
    for (let d = 0; d < query.clientDimensions; d++) {
      const difference = vectors[base + d]! - clientVector[d]!;
      sum += difference * difference;
    }
    rttMs = Math.sqrt(sum) + index.heights[slot]! + query.clientHeight;
    if (rttMs > query.budgetMs) return;
  }
  state[CANDIDATES]! += 1;
  if (freeSlots <= 0) return;
  let score =
    (rttMs < 0 ? PLACEMENT_UNKNOWN_RTT_MS : rttMs) +
    PLACEMENT_LOAD_WEIGHT_MS * index.load[slot]! +
    PLACEMENT_HEADROOM_WEIGHT_MS * (1 - freeSlots / index.capacity[row]!) +
    PLACEMENT_PRICE_WEIGHT_MS * index.price[slot]! +
    index.penalty[slot]!;
  const warm = query.warm;
  if (warm !== undefined && (warm[slot]! & query.warmMask) !== 0) score -= PLACEMENT_WARM_BONUS_MS;
  const bestScore = state[SCORE]!;
  if (score < bestScore || (score === bestScore && slot < state[BEST]!)) {
    state[SCORE] = score;
    state[BEST] = slot;
    state[RTT_MS] = rttMs;
  }
}
