/**
 * The routing index: what placement reads about every registered node, as struct-of-arrays typed
 * columns indexed by the node's slot, so one placement is a single tight loop over numbers with no
 * allocation and no pointer chasing (BENCHMARKS `route`: 10,000 nodes, p99 < 100 µs). NodeTable
 * owns the index and keeps it in step with its records; nothing else writes it.
 */
import { LATENCY_CLASSES } from '@mycel/wire';
import { PLACEMENT_LOAD_WEIGHT_MS, PLACEMENT_PRICE_WEIGHT_MS } from '../limits.js';

/** Classes per node row in the per-class columns (robot, voice, interactive, batch). */
export const CLASS_COUNT = LATENCY_CLASSES.length;
/** Coordinate components stored per node (the wire allows at most 16). */
export const COORDINATE_STRIDE = 16;
/** Values per node in the `near` column (one cache line for placement's first bound). */
export const NEAR_STRIDE = 4;

const INITIAL_SLOTS = 64;

export class NodeIndex {
  /** Slots in use or once used: placement scans [0, slotCount). */
  slotCount = 0;
  /** 1 when the node may take new sessions: alive (not suspected or failed) and linked. */
  placeable = new Uint8Array(INITIAL_SLOTS);
  /** Attestation rank: 0 software, 1 tpm, 2 secure-enclave. */
  attestation = new Uint8Array(INITIAL_SLOTS);
  /** Free slots per class: the node's last report minus reservations it has not seen yet. */
  free = new Int32Array(INITIAL_SLOTS * CLASS_COUNT);
  /** Slots per class when idle (from the registration). */
  capacity = new Int32Array(INITIAL_SLOTS * CLASS_COUNT);
  /** Reservations (tickets issued, sessions not yet attached) per class. */
  pending = new Int32Array(INITIAL_SLOTS * CLASS_COUNT);
  /** Sessions the coordinator saw attach and not yet end, per class (placement-observed.ts). */
  held = new Int32Array(INITIAL_SLOTS * CLASS_COUNT);
  /**
   * Per class, the most slots placement believes the node has after it failed to admit a
   * reservation (capacity_unproven); -1 while its claimed capacity stands.
   */
  capped = new Int32Array(INITIAL_SLOTS * CLASS_COUNT).fill(-1);
  load = new Float64Array(INITIAL_SLOTS);
  /** Minor currency units per session-minute. */
  price = new Float64Array(INITIAL_SLOTS);
  /** Reputation penalty in ms of score. */
  penalty = new Float64Array(INITIAL_SLOTS);
  /** Components of the node's coordinate; 0 when it has none. */
  dimensions = new Uint8Array(INITIAL_SLOTS);
  vectors = new Float64Array(INITIAL_SLOTS * COORDINATE_STRIDE);
  /** The height placement uses: the claimed one plus the observed excess (coordinate_contradicted). */
  heights = new Float64Array(INITIAL_SLOTS);
  /** What the coordinator's observed RTT adds to the node's claimed height, in ms (0: none). */
  excess = new Float64Array(INITIAL_SLOTS);
  /**
   * Per node, what placement's cheap first bound reads, side by side: the first three coordinate
   * components (0 beyond the node's dimensions) and the node's own score terms, height + load +
   * price + penalty in ms (+∞ when the node is not placeable). Kept by refreshNear.
   */
  near = new Float64Array(INITIAL_SLOTS * NEAR_STRIDE);

  /** Recomputes a node's `near` values from its other columns; call after any change. */
  refreshNear(slot: number): void {
    const at = slot * NEAR_STRIDE;
    const dimensions = this.dimensions[slot]!;
    const base = slot * COORDINATE_STRIDE;
    for (let d = 0; d < 3; d++) this.near[at + d] = d < dimensions ? this.vectors[base + d]! : 0;
    this.near[at + 3] =
      this.placeable[slot] === 0
        ? Number.POSITIVE_INFINITY
        : this.heights[slot]! +
          PLACEMENT_LOAD_WEIGHT_MS * this.load[slot]! +
          PLACEMENT_PRICE_WEIGHT_MS * this.price[slot]! +
          this.penalty[slot]!;
  }

  /** Room for `slots` rows; existing rows keep their values. Returns true when columns moved. */
  ensureSlots(slots: number): boolean {
    if (slots <= this.placeable.length) return false;
    let size = this.placeable.length;
    while (size < slots) size *= 2;
    this.placeable = grown(this.placeable, size);
    this.attestation = grown(this.attestation, size);
    this.free = grown(this.free, size * CLASS_COUNT);
    this.capacity = grown(this.capacity, size * CLASS_COUNT);
    this.pending = grown(this.pending, size * CLASS_COUNT);
    this.held = grown(this.held, size * CLASS_COUNT);
    const capped = grown(this.capped, size * CLASS_COUNT);
    capped.fill(-1, this.capped.length);
    this.capped = capped;
    this.load = grown(this.load, size);
    this.price = grown(this.price, size);
    this.penalty = grown(this.penalty, size);
    this.dimensions = grown(this.dimensions, size);
    this.vectors = grown(this.vectors, size * COORDINATE_STRIDE);
    this.heights = grown(this.heights, size);
    this.excess = grown(this.excess, size);
    this.near = grown(this.near, size * NEAR_STRIDE);
    return true;
  }

  /** Rows allocated (for callers keeping their own per-slot columns in step). */
  get rows(): number {
    return this.placeable.length;
  }

  /** Zeroes a row, for a slot being forgotten or reused. */
  clearRow(slot: number): void {
    this.placeable[slot] = 0;
    this.attestation[slot] = 0;
    this.free.fill(0, slot * CLASS_COUNT, (slot + 1) * CLASS_COUNT);
    this.capacity.fill(0, slot * CLASS_COUNT, (slot + 1) * CLASS_COUNT);
    this.pending.fill(0, slot * CLASS_COUNT, (slot + 1) * CLASS_COUNT);
    this.held.fill(0, slot * CLASS_COUNT, (slot + 1) * CLASS_COUNT);
    this.capped.fill(-1, slot * CLASS_COUNT, (slot + 1) * CLASS_COUNT);
    this.load[slot] = 0;
    this.price[slot] = 0;
    this.penalty[slot] = 0;
    this.dimensions[slot] = 0;
    this.vectors.fill(0, slot * COORDINATE_STRIDE, (slot + 1) * COORDINATE_STRIDE);
    this.heights[slot] = 0;
    this.excess[slot] = 0;
    this.near.fill(0, slot * NEAR_STRIDE, (slot + 1) * NEAR_STRIDE);
  }
}

type Column = Uint8Array | Int32Array | Float64Array;

function grown<T extends Column>(column: T, length: number): T {
  const next = new (column.constructor as new (length: number) => T)(length);
  next.set(column);
  return next;
}
