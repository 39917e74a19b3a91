/**
 * The router (ARCHITECTURE §5.3): hard filters → score → atomic reservation. One pass over the
 * routing index's columns, no allocation inside the loop, so a decision over 10,000 nodes stays
 * far below 100 µs (bench/route.ts).
 *
 * A node's RTT to the client is the one the client measured when it probed the node, else the
 * one predicted when both have coordinates of the same dimensions, else unknown.
 *
 * Hard filters: the node is placeable (alive and linked); it lists the agent (built-ins; any node
 * can fetch a published bundle); its attestation is at least the one asked for; its RTT, when
 * known, is within the class budget. A node passing them is a candidate; a candidate with a free
 * slot in the class is scored, lowest score wins, and ties go to the lower slot.
 *
 * Score, in ms of RTT each term is worth: RTT (PLACEMENT_UNKNOWN_RTT_MS when unknown) + load +
 * share of the class in use (headroom) + price + reputation penalty − a bonus when the agent is
 * warm on the node.
 */
import { type LatencyClass, type WireResult, wireFail } from '@mycel/wire';
import { COORDINATE_CELL_MS, PLACEMENT_RINGS_MAX, PLACEMENT_WARM_BONUS_MS } from '../limits.js';
import { cellDistanceMs, cellIndex, cellKeyOf } from './coordinate-grid.js';
import type { NetworkCoordinate } from './network-coordinate.js';
import { classIndexOf, type NodeTable } from './node-table.js';
import {
  allSlots,
  BEST,
  BOUND_SLACK_MS,
  CANDIDATES,
  clearMeasured,
  clientVector,
  prepare,
  type Query,
  RTT_MS,
  SCORE,
  scanMeasured,
  scanPacked,
  scanSlots,
  setMeasured,
  state,
} from './placement-scan.js';

export interface PlacementRequest {
  readonly latencyClass: LatencyClass;
  /** Agent column of nodes that list the agent; undefined when any node can fetch it. */
  readonly listed: Uint8Array | undefined;
  /** Agent column read for the warm bonus, with the flags that count as warm. */
  readonly warm: Uint8Array | undefined;
  readonly warmMask: number;
  readonly coordinate: NetworkCoordinate | undefined;
  /** Lowest attestation rank accepted (ATTESTATION_RANK); 0 accepts every node. */
  readonly attestationMin: number;
  /** Nodes the client probed: their measured RTT stands in for the predicted one. */
  readonly measured?: readonly MeasuredRtt[];
}

/** An RTT the client measured to the node in `slot`. */
export interface MeasuredRtt {
  readonly slot: number;
  readonly rttMs: number;
}

export interface PlacementChoice {
  readonly slot: number;
  /** The client–node RTT placement used: measured if probed, else predicted; or unknown. */
  readonly predictedRttMs: number | undefined;
  readonly score: number;
}

/**
 * Chooses a node and reserves its slot in the same synchronous call, so two concurrent opens can
 * never take the same last slot.
 */
export function placeAndReserve(
  table: NodeTable,
  request: PlacementRequest,
): WireResult<PlacementChoice> {
  const choice = chooseNode(table, request);
  if (choice.ok) table.reserve(choice.value.slot, classIndexOf(request.latencyClass));
  return choice;
}

/**
 * The decision alone, without reserving (placeAndReserve is what routing calls). With a client
 * coordinate of the grid's dimensions, nodes are visited ring by ring of grid cells around the
 * client, and the search stops once no node further out can beat (or tie) the best score, or
 * pass the class budget; otherwise, or after PLACEMENT_RINGS_MAX rings, every node is scanned.
 * Both give the same answer as scanning every node.
 */
export function chooseNode(
  table: NodeTable,
  request: PlacementRequest,
): WireResult<PlacementChoice> {
  const query = prepare(request);
  const { grid, index } = table;
  state[BEST] = -1;
  state[SCORE] = Number.POSITIVE_INFINITY;
  state[RTT_MS] = -1;
  state[CANDIDATES] = 0;
  const measured = request.measured ?? [];
  setMeasured(index, measured);
  // Probed nodes first, with their measured RTT: the searches below bound other nodes by their
  // predicted RTT, and a probed node they prune has already been weighed here.
  scanMeasured(index, query, measured);
  if (
    query.clientDimensions === 0 ||
    query.clientDimensions !== grid.dimensions ||
    !searchNear(table, query)
  ) {
    state[BEST] = -1;
    state[SCORE] = Number.POSITIVE_INFINITY;
    state[CANDIDATES] = 0;
    scanSlots(index, query, allSlots(index), index.slotCount);
  }
  clearMeasured(measured);
  const best = state[BEST]!;
  if (best >= 0) {
    const rttMs = state[RTT_MS]!;
    return {
      ok: true,
      value: { slot: best, predictedRttMs: rttMs < 0 ? undefined : rttMs, score: state[SCORE]! },
    };
  }
  if (state[CANDIDATES]! > 0) {
    return wireFail(
      'route_pushback',
      `every node that can serve this session has no free ${request.latencyClass} slot`,
    );
  }
  return wireFail(
    'route_no_candidates',
    `no alive node offers this agent within the ${request.latencyClass} budget and attestation`,
  );
}

/**
 * The `count` best candidates for a session, best first: what chooseNode would pick, then what
 * it would pick without that node, and so on (each one excluded by giving it an RTT beyond every
 * budget). A client that pings these and asks again with the RTTs it measured lets placement
 * correct what coordinates got wrong near the top (bench/placement-quality.ts). Nothing is
 * reserved. Fewer than `count` when fewer nodes qualify; empty when none does.
 */
export function topCandidates(
  table: NodeTable,
  request: PlacementRequest,
  count: number,
): PlacementChoice[] {
  const chosen: PlacementChoice[] = [];
  const excluded: MeasuredRtt[] = [...(request.measured ?? [])];
  while (chosen.length < count) {
    const choice = chooseNode(table, { ...request, measured: excluded });
    if (!choice.ok) break;
    chosen.push(choice.value);
    excluded.push({ slot: choice.value.slot, rttMs: Number.POSITIVE_INFINITY });
  }
  return chosen;
}

/**
 * Visits the loose nodes, then the grid's cells ring by ring around the client's cell. Returns
 * false when it gave up after PLACEMENT_RINGS_MAX rings (the caller scans every node).
 */
function searchNear(table: NodeTable, query: Query): boolean {
  const { grid, index } = table;
  scanSlots(index, query, grid.loose.slots, grid.loose.count);
  const column = cellIndex(clientVector[0]!);
  const row = query.clientDimensions > 1 ? cellIndex(clientVector[1]!) : 0;
  const rings = Math.max(
    column - grid.minColumn,
    grid.maxColumn - column,
    row - grid.minRow,
    grid.maxRow - row,
  );
  for (let ring = 0; ring <= rings; ring++) {
    // No node r rings out is closer than (r − 1) cells; scores only add to RTT but the warm bonus.
    const nearestMs = Math.max(0, ring - 1) * COORDINATE_CELL_MS + query.clientHeight;
    if (nearestMs > query.budgetMs) return true;
    if (nearestMs - PLACEMENT_WARM_BONUS_MS - BOUND_SLACK_MS > state[SCORE]!) return true;
    if (ring >= PLACEMENT_RINGS_MAX) return false;
    scanRing(table, query, column, row, ring);
  }
  return true;
}

function scanRing(table: NodeTable, query: Query, column: number, row: number, ring: number): void {
  if (ring === 0) {
    scanCell(table, query, column, row);
    return;
  }
  for (let c = column - ring; c <= column + ring; c++) {
    scanCell(table, query, c, row - ring);
    scanCell(table, query, c, row + ring);
  }
  for (let r = row - ring + 1; r <= row + ring - 1; r++) {
    scanCell(table, query, column - ring, r);
    scanCell(table, query, column + ring, r);
  }
}

/** Scans one cell, unless it is empty or even its nearest edge cannot beat the best so far. */
function scanCell(table: NodeTable, query: Query, column: number, row: number): void {
  const list = table.grid.cells.get(cellKeyOf(column, row));
  if (list === undefined) return;
  if (state[BEST]! >= 0) {
    const y = query.clientDimensions > 1 ? clientVector[1]! : 0;
    // Nearest edge, plus the least own terms (height, load, price, penalty) of its nodes.
    const nearestMs =
      cellDistanceMs(column, row, clientVector[0]!, y) + query.clientHeight + list.ownFloorMs;
    if (nearestMs - PLACEMENT_WARM_BONUS_MS - BOUND_SLACK_MS > state[SCORE]!) return;
  }
  scanPacked(table.index, query, list);
}
