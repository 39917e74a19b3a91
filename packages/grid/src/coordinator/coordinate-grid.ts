/**
 * A grid over network coordinates, so placement can visit nodes near the client first and stop
 * early. Cells are squares of COORDINATE_CELL_MS over the first two components of the vector
 * (the first one only, for 1-D coordinates). The Euclidean distance in all components is at least
 * the distance in those two, so a node in a cell r rings away from the client's cell is at least
 * (r − 1) · COORDINATE_CELL_MS away: a lower bound placement prunes with (placement.ts).
 *
 * Only nodes whose coordinate has the grid's dimensions are in cells; the others (no coordinate,
 * or other dimensions) are "loose" and visited on every placement. The grid's dimensions are the
 * first seen, and change (with a rebuild) when loose coordinates come to outnumber gridded ones.
 * Cell indices are clamped to ±CELL_INDEX_LIMIT; clamping never makes two cells look further
 * apart than they are, so the bound holds for outliers too.
 */
import { COORDINATE_CELL_MS } from '../limits.js';
import { COORDINATE_STRIDE as COORDINATE_DIMENSIONS_MAX, NEAR_STRIDE } from './node-index.js';

const CELL_INDEX_LIMIT = 1024;
const CELL_ROW = 2 * CELL_INDEX_LIMIT;
const NOT_LISTED = -1;
const LOOSE = -2;

/**
 * The slots filed in one cell, with a packed copy of each one's `near` values (NodeIndex) side by
 * side, so placement reads a cell front to back instead of jumping around the index.
 */
export class SlotList {
  slots = new Int32Array(8);
  near = new Float64Array(8 * NEAR_STRIDE);
  count = 0;
  /**
   * A lower bound of the entries' own score terms (near[3]): lowered on every write, made exact
   * again after as many writes as entries (amortised O(1)); a stale bound is only lower.
   */
  ownFloorMs = Number.POSITIVE_INFINITY;
  private writes = 0;

  add(slot: number, near: Float64Array): number {
    if (this.count === this.slots.length) {
      const slots = new Int32Array(this.slots.length * 2);
      slots.set(this.slots);
      const packed = new Float64Array(this.near.length * 2);
      packed.set(this.near);
      this.slots = slots;
      this.near = packed;
    }
    const position = this.count++;
    this.slots[position] = slot;
    this.copyNear(position, near, slot);
    return position;
  }

  /** Removes the entry at `position` by moving the last one there; returns the moved slot. */
  removeAt(position: number): number {
    const last = --this.count;
    const moved = this.slots[last]!;
    this.slots[position] = moved;
    this.near.copyWithin(position * NEAR_STRIDE, last * NEAR_STRIDE, (last + 1) * NEAR_STRIDE);
    return moved;
  }

  copyNear(position: number, near: Float64Array, slot: number): void {
    const from = slot * NEAR_STRIDE;
    this.near.set(near.subarray(from, from + NEAR_STRIDE), position * NEAR_STRIDE);
    this.ownFloorMs = Math.min(this.ownFloorMs, near[from + 3]!);
    if (++this.writes > this.count) this.recomputeFloor();
  }

  private recomputeFloor(): void {
    let floor = Number.POSITIVE_INFINITY;
    for (let at = 0; at < this.count; at++)
      floor = Math.min(floor, this.near[at * NEAR_STRIDE + 3]!);
    this.ownFloorMs = floor;
    this.writes = 0;
  }
}

export class CoordinateGrid {
  /** Components of the gridded coordinates; 0 until a node has a coordinate. */
  dimensions = 0;
  readonly cells = new Map<number, SlotList>();
  readonly loose = new SlotList();
  /** Extent of the cells ever used, in cell indices (it never shrinks). */
  minColumn = 0;
  maxColumn = 0;
  minRow = 0;
  maxRow = 0;
  /** Per slot: its cell key, LOOSE, or NOT_LISTED; and its position in that list. */
  private cellOf = new Int32Array(64).fill(NOT_LISTED);
  private positionOf = new Int32Array(64);
  /** Per slot: the dimensions of its coordinate (0: none); and slots per dimension count. */
  private dimensionOf = new Uint8Array(64);
  private readonly slotsByDimensions = new Int32Array(COORDINATE_DIMENSIONS_MAX + 1);

  ensureRows(rows: number): void {
    if (rows <= this.cellOf.length) return;
    const cellOf = new Int32Array(rows).fill(NOT_LISTED);
    cellOf.set(this.cellOf);
    const positionOf = new Int32Array(rows);
    positionOf.set(this.positionOf);
    const dimensionOf = new Uint8Array(rows);
    dimensionOf.set(this.dimensionOf);
    this.cellOf = cellOf;
    this.positionOf = positionOf;
    this.dimensionOf = dimensionOf;
  }

  /**
   * Files a slot under its coordinate (vector undefined: no coordinate), with a copy of its
   * current `near` values (NodeIndex.near).
   */
  place(slot: number, vector: readonly number[] | undefined, near: Float64Array): void {
    if (vector !== undefined && this.dimensions === 0) this.dimensions = vector.length;
    const key = vector !== undefined && vector.length === this.dimensions ? cellKey(vector) : LOOSE;
    if (this.cellOf[slot] === key) return;
    this.remove(slot);
    const list = key === LOOSE ? this.loose : this.cellList(key);
    this.positionOf[slot] = list.add(slot, near);
    this.cellOf[slot] = key;
    const dimensions = vector?.length ?? 0;
    this.dimensionOf[slot] = dimensions;
    this.slotsByDimensions[dimensions]! += 1;
  }

  remove(slot: number): void {
    const key = this.cellOf[slot]!;
    if (key === NOT_LISTED) return;
    const list = key === LOOSE ? this.loose : this.cells.get(key)!;
    const position = this.positionOf[slot]!;
    this.positionOf[list.removeAt(position)] = position;
    this.cellOf[slot] = NOT_LISTED;
    this.slotsByDimensions[this.dimensionOf[slot]!]! -= 1;
    if (key !== LOOSE && list.count === 0) this.cells.delete(key);
  }

  /** Copies a slot's changed `near` values into its cell. */
  refreshNear(slot: number, near: Float64Array): void {
    const key = this.cellOf[slot]!;
    if (key === NOT_LISTED) return;
    const list = key === LOOSE ? this.loose : this.cells.get(key)!;
    list.copyNear(this.positionOf[slot]!, near, slot);
  }

  /**
   * The dimensions most coordinates have, when they are not the grid's any more (nodes moved to
   * other dimensions): the owner then rebuilds with `reset` and `place`. Otherwise undefined.
   */
  get commonDimensions(): number | undefined {
    let common = this.dimensions;
    for (let dimensions = 1; dimensions <= COORDINATE_DIMENSIONS_MAX; dimensions++) {
      if (this.slotsByDimensions[dimensions]! > this.slotsByDimensions[common]!)
        common = dimensions;
    }
    return common === this.dimensions ? undefined : common;
  }

  /** Empties the grid for a rebuild with new dimensions. */
  reset(dimensions: number): void {
    this.dimensions = dimensions;
    this.cells.clear();
    this.loose.count = 0;
    this.slotsByDimensions.fill(0);
    this.cellOf.fill(NOT_LISTED);
    this.dimensionOf.fill(0);
    this.minColumn = this.maxColumn = this.minRow = this.maxRow = 0;
  }

  private cellList(key: number): SlotList {
    let list = this.cells.get(key);
    if (list === undefined) {
      list = new SlotList();
      this.cells.set(key, list);
      const column = Math.floor(key / CELL_ROW) - CELL_INDEX_LIMIT;
      const row = (key % CELL_ROW) - CELL_INDEX_LIMIT;
      if (this.cells.size === 1) {
        this.minColumn = this.maxColumn = column;
        this.minRow = this.maxRow = row;
      } else {
        this.minColumn = Math.min(this.minColumn, column);
        this.maxColumn = Math.max(this.maxColumn, column);
        this.minRow = Math.min(this.minRow, row);
        this.maxRow = Math.max(this.maxRow, row);
      }
    }
    return list;
  }
}

/** The cell index of one component, clamped. */
export function cellIndex(componentMs: number): number {
  const index = Math.floor(componentMs / COORDINATE_CELL_MS);
  return Math.max(-CELL_INDEX_LIMIT, Math.min(CELL_INDEX_LIMIT - 1, index));
}

/**
 * The least distance, in the first two components, from a point to anything filed in a cell.
 * Edge cells hold every clamped outlier, so they reach to infinity on their outer side.
 */
export function cellDistanceMs(column: number, row: number, x: number, y: number): number {
  const dx = gap(column, x);
  const dy = gap(row, y);
  return Math.sqrt(dx * dx + dy * dy);
}

function gap(index: number, value: number): number {
  const low = index === -CELL_INDEX_LIMIT ? Number.NEGATIVE_INFINITY : index * COORDINATE_CELL_MS;
  const high =
    index === CELL_INDEX_LIMIT - 1 ? Number.POSITIVE_INFINITY : (index + 1) * COORDINATE_CELL_MS;
  return value < low ? low - value : value > high ? value - high : 0;
}

/** One small integer per cell (a fast Map key). */
export function cellKeyOf(column: number, row: number): number {
  return (column + CELL_INDEX_LIMIT) * CELL_ROW + (row + CELL_INDEX_LIMIT);
}

function cellKey(vector: readonly number[]): number {
  return cellKeyOf(cellIndex(vector[0]!), vector.length > 1 ? cellIndex(vector[1]!) : 0);
}
