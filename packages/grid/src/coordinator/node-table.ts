/**
 * The registered nodes: one record per node key, and the routing index (node-index.ts) and agent
 * columns (agent-flags.ts) kept in step with the records on every registration and heartbeat.
 * Deterministic: time comes in as `nowMs`; there are no timers or sockets here.
 */

import { isRttSample } from '@mycel/mesh';
import {
  type ClassCapacity,
  type HeartbeatFrame,
  LATENCY_CLASSES,
  type LatencyClass,
  type NodeRegistration,
  type WireResult,
  wireFail,
} from '@mycel/wire';
import {
  CAPACITY_CAP_FLOOR,
  COORDINATOR_NODES_MAX,
  NODE_CLASS_SLOTS_MAX,
  OBSERVED_RTT_SAMPLES,
  OBSERVER_FIT_SAMPLES_MAX,
  OBSERVER_FIT_SAMPLES_MIN,
  OBSERVER_REFIT_OBSERVATIONS,
  OBSERVER_REFIT_ROUNDS,
  REPUTATION_FAILURE_PENALTY_MS,
  REPUTATION_PENALTY_MS_MAX,
  REPUTATION_RECOVERY_MS,
} from '../limits.js';
import { AgentFlags } from './agent-flags.js';
import { CoordinateGrid } from './coordinate-grid.js';
import { type NetworkCoordinate, usableCoordinate } from './network-coordinate.js';
import { CLASS_COUNT, COORDINATE_STRIDE, NodeIndex } from './node-index.js';
import type { NodeRecord, NodeState, NodeSummary } from './node-record.js';
import { ATTESTATION_RANK } from './node-record.js';
import {
  coordinateExcessMs,
  fitObserver,
  type Observation,
  observedRttMs,
  type PlacementDiscount,
} from './placement-observed.js';

export type { Attestation, NodeRecord, NodeState, NodeSummary } from './node-record.js';
export { ATTESTATION_RANK, classIndexOf, NODE_STATES } from './node-record.js';

export class NodeTable {
  readonly index = new NodeIndex();
  readonly agents = new AgentFlags(this.index.rows);
  readonly grid = new CoordinateGrid();
  private readonly byDid = new Map<string, NodeRecord>();
  private readonly bySlot: (NodeRecord | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  /** The coordinator's own coordinate, to check nodes' claims against (placement-observed.ts). */
  private observerCoordinate: NetworkCoordinate | undefined;
  private observerFixed = false;
  private observationsSinceFit = 0;

  /** The coordinate nodes' claims are checked against: set, or fitted to the observations. */
  get observer(): NetworkCoordinate | undefined {
    return this.observerCoordinate;
  }

  get size(): number {
    return this.byDid.size;
  }

  get(did: string): NodeRecord | undefined {
    return this.byDid.get(did);
  }

  atSlot(slot: number): NodeRecord | undefined {
    return this.bySlot[slot];
  }

  records(): IterableIterator<NodeRecord> {
    return this.byDid.values();
  }

  /**
   * A verified registration: a new node, or a known node again (a restart or a new link), which
   * keeps its slot, its reservations and its reputation.
   */
  register(registration: NodeRegistration, nowMs: number): WireResult<NodeRecord> {
    const known = this.byDid.get(registration.node);
    if (known === undefined && this.byDid.size >= COORDINATOR_NODES_MAX) {
      return wireFail('node_table_full', `this coordinator tracks ${COORDINATOR_NODES_MAX} nodes`);
    }
    const record = known ?? this.allocate(registration.node, nowMs);
    record.endpoint = registration.endpoint;
    record.label = registration.label;
    record.attestation = registration.attestation;
    record.agents = registration.agents;
    record.capacity = clampCapacity(registration.capacity);
    record.registeredAtMs = nowMs;
    record.state = 'alive';
    record.stateSinceMs = nowMs;
    record.linked = true;
    // A draining node says so again on its new link.
    record.draining = false;
    if (registration.coordinate !== undefined)
      record.coordinate = usableCoordinate(registration.coordinate);
    const { index } = this;
    const row = record.slot * CLASS_COUNT;
    for (let classIndex = 0; classIndex < CLASS_COUNT; classIndex++) {
      const capacity = record.capacity[LATENCY_CLASSES[classIndex]!];
      const unseen = capacity - index.pending[row + classIndex]!;
      index.capacity[row + classIndex] = capacity;
      // A new node is idle; a known one keeps its last report until the next heartbeat.
      const previous = known === undefined ? capacity : index.free[row + classIndex]!;
      index.free[row + classIndex] = Math.max(
        0,
        Math.min(previous, unseen, this.capRoom(row + classIndex)),
      );
    }
    index.attestation[record.slot] = ATTESTATION_RANK[record.attestation];
    this.writeCoordinate(record);
    this.agents.update(record.slot, record.agents, record.warm);
    this.refreshPlaceable(record);
    return { ok: true, value: record };
  }

  /** A heartbeat from a registered node: free slots, load, warm agents, price, coordinate. */
  heartbeat(did: string, frame: HeartbeatFrame, nowMs: number): NodeRecord | undefined {
    const record = this.byDid.get(did);
    if (record === undefined) return undefined;
    const { index } = this;
    const row = record.slot * CLASS_COUNT;
    for (let classIndex = 0; classIndex < CLASS_COUNT; classIndex++) {
      const reported = Math.min(
        frame.free[LATENCY_CLASSES[classIndex]!],
        index.capacity[row + classIndex]!,
        this.capRoom(row + classIndex),
      );
      // The node has not seen reservations whose sessions are not attached yet.
      index.free[row + classIndex] = Math.max(0, reported - index.pending[row + classIndex]!);
    }
    record.load = frame.load;
    record.sessions = frame.sessions;
    record.warm = frame.warm;
    record.price = frame.price;
    if (frame.coordinate !== undefined) record.coordinate = usableCoordinate(frame.coordinate);
    record.lastHeartbeatMs = nowMs;
    record.heartbeats += 1;
    index.load[record.slot] = frame.load;
    index.price[record.slot] = frame.price.minorPerMinute;
    this.writeCoordinate(record);
    this.agents.update(record.slot, record.agents, record.warm);
    this.refreshNear(record.slot);
    return record;
  }

  setState(record: NodeRecord, state: NodeState, nowMs: number): void {
    if (record.state !== state) record.stateSinceMs = nowMs;
    record.state = state;
    this.refreshPlaceable(record);
  }

  setLinked(record: NodeRecord, linked: boolean): void {
    record.linked = linked;
    this.refreshPlaceable(record);
  }

  setDraining(record: NodeRecord, draining: boolean): void {
    record.draining = draining;
    this.refreshPlaceable(record);
  }

  /** Takes one free slot of a class for a ticket about to be issued (placement calls it). */
  reserve(slot: number, classIndex: number): void {
    const at = slot * CLASS_COUNT + classIndex;
    if (this.index.free[at]! <= 0) throw new Error('assertion failed: reserving a full class');
    this.index.free[at]! -= 1;
    this.index.pending[at]! += 1;
  }

  /**
   * The reserved session attached: the node counts it from now on. A node that fills a capped
   * class proves one more slot (the cap rises by one; it lifts at the claimed capacity).
   */
  attached(slot: number, classIndex: number): void {
    const at = slot * CLASS_COUNT + classIndex;
    const { index } = this;
    index.pending[at] = Math.max(0, index.pending[at]! - 1);
    index.held[at]! += 1;
    const cap = index.capped[at]!;
    if (cap >= 0 && index.held[at]! >= cap) {
      index.capped[at] = cap + 1 >= index.capacity[at]! ? -1 : cap + 1;
    }
  }

  /**
   * A reservation whose session never attached is given back. `refused`: the node did not admit
   * it (it refused the client, or the ticket went unused); the class is then capped at the
   * sessions the node holds (capacity_unproven, placement-observed.ts). Without it (a
   * reservation the coordinator itself gives back) nothing is learnt about the node.
   */
  releaseReservation(slot: number, classIndex: number, refused = false): void {
    const at = slot * CLASS_COUNT + classIndex;
    const { index } = this;
    index.pending[at] = Math.max(0, index.pending[at]! - 1);
    if (refused) {
      const cap = Math.min(
        Math.max(CAPACITY_CAP_FLOOR, index.held[at]!),
        index.capped[at]! < 0 ? Number.POSITIVE_INFINITY : index.capped[at]!,
      );
      // A cap at or above the claimed capacity discounts nothing.
      index.capped[at] = cap >= index.capacity[at]! ? -1 : cap;
    }
    index.free[at] = Math.min(index.capacity[at]!, index.free[at]! + 1, this.capRoom(at));
  }

  /** Free slots a capped class may still show: its cap less held and pending (∞ uncapped). */
  private capRoom(at: number): number {
    const { index } = this;
    const cap = index.capped[at]!;
    return cap < 0
      ? Number.POSITIVE_INFINITY
      : Math.max(0, cap - index.held[at]! - index.pending[at]!);
  }

  /**
   * One RTT the coordinator measured to the node on its control link (a ping answered). Placement
   * compares the node's claimed coordinate with the least of its recent samples
   * (coordinate_contradicted); the coordinator's own coordinate is refitted to the observations
   * every OBSERVER_REFIT_OBSERVATIONS samples, or OBSERVER_REFIT_ROUNDS per node in a large
   * table, unless it was set. Returns false for an unknown node
   * or a sample that is not an RTT (mesh isRttSample).
   */
  observeRtt(did: string, rttMs: number): boolean {
    const record = this.byDid.get(did);
    if (record === undefined || !isRttSample(rttMs)) return false;
    record.observedRtts.push(rttMs);
    if (record.observedRtts.length > OBSERVED_RTT_SAMPLES) record.observedRtts.shift();
    this.observationsSinceFit += 1;
    const due =
      this.observerCoordinate === undefined ||
      this.observationsSinceFit >=
        Math.max(OBSERVER_REFIT_OBSERVATIONS, OBSERVER_REFIT_ROUNDS * this.byDid.size);
    if (!this.observerFixed && due) this.refitObserver();
    else this.rewriteExcess(record);
    return true;
  }

  /**
   * The coordinator's own coordinate (it takes part in Vivaldi, say); undefined goes back to
   * fitting it from the observations. Every node's excess is recomputed.
   */
  setObserver(coordinate: NetworkCoordinate | undefined): void {
    this.observerFixed = coordinate !== undefined;
    this.observerCoordinate = usableCoordinate(coordinate);
    if (coordinate === undefined) this.refitObserver();
    else for (const record of this.byDid.values()) this.rewriteExcess(record);
  }

  private refitObserver(): void {
    this.observationsSinceFit = 0;
    const observations: Observation[] = [];
    for (const record of this.bySlot) {
      if (observations.length >= OBSERVER_FIT_SAMPLES_MAX) break;
      const rttMs = record === undefined ? undefined : observedRttMs(record.observedRtts);
      if (record?.coordinate === undefined || rttMs === undefined) continue;
      observations.push({ claimed: record.coordinate, rttMs });
    }
    // With too few observations the last fit stands; with enough, an untrusted fit (most
    // claims contradicted) clears it, and nobody is discounted until the claims settle.
    if (observations.length >= OBSERVER_FIT_SAMPLES_MIN) {
      this.observerCoordinate = fitObserver(observations);
    }
    for (const record of this.byDid.values()) this.rewriteExcess(record);
  }

  /** Recomputes what observation adds to the node's height, and the index if it changed. */
  private rewriteExcess(record: NodeRecord): void {
    if (this.excessOf(record) === this.index.excess[record.slot]) return;
    this.writeCoordinate(record);
    this.refreshNear(record.slot);
  }

  private excessOf(record: NodeRecord): number {
    if (record.coordinate === undefined) return 0;
    return coordinateExcessMs(
      record.coordinate,
      this.observerCoordinate,
      observedRttMs(record.observedRtts),
    );
  }

  /**
   * An attached session ended. When the node's last heartbeat already counted it as busy, its
   * slot is free again now; otherwise that heartbeat's figure already has it free.
   */
  releaseAttached(slot: number, classIndex: number, countedByLastHeartbeat: boolean): void {
    const at = slot * CLASS_COUNT + classIndex;
    this.index.held[at] = Math.max(0, this.index.held[at]! - 1);
    if (!countedByLastHeartbeat) return;
    this.index.free[at] = Math.min(
      this.index.capacity[at]!,
      this.index.free[at]! + 1,
      this.capRoom(at),
    );
  }

  /** Reputation: a session failed on this node. */
  penalize(slot: number): void {
    const { penalty } = this.index;
    penalty[slot] = Math.min(
      REPUTATION_PENALTY_MS_MAX,
      penalty[slot]! + REPUTATION_FAILURE_PENALTY_MS,
    );
    this.refreshNear(slot);
  }

  /** Reputation: a session closed cleanly on this node. */
  credit(slot: number): void {
    const { penalty } = this.index;
    penalty[slot] = Math.max(0, penalty[slot]! - REPUTATION_RECOVERY_MS);
    this.refreshNear(slot);
  }

  /** Forgets a node entirely (long after it failed); its slot is reused. */
  forget(did: string): void {
    const record = this.byDid.get(did);
    if (record === undefined) return;
    this.byDid.delete(did);
    this.bySlot[record.slot] = undefined;
    this.index.clearRow(record.slot);
    this.agents.clearSlot(record.slot);
    this.grid.remove(record.slot);
    this.freeSlots.push(record.slot);
  }

  summary(record: NodeRecord): NodeSummary {
    const row = record.slot * CLASS_COUNT;
    const free = Object.fromEntries(
      LATENCY_CLASSES.map((name, classIndex) => [name, this.index.free[row + classIndex]!]),
    ) as Record<LatencyClass, number>;
    return {
      did: record.did,
      endpoint: record.endpoint,
      label: record.label,
      attestation: record.attestation,
      state: record.state,
      linked: record.linked,
      draining: record.draining,
      capacity: record.capacity,
      free,
      load: record.load,
      // A failed node's last report is not sessions it holds: they moved.
      sessions: record.state === 'failed' ? 0 : record.sessions,
      warm: record.warm,
      ...(record.price === undefined ? {} : { price: record.price }),
      ...(record.coordinate === undefined ? {} : { coordinate: record.coordinate }),
      lastHeartbeatMs: record.lastHeartbeatMs,
      reputationPenaltyMs: this.index.penalty[record.slot]!,
      ...(record.observedRtts.length === 0
        ? {}
        : { observedRttMs: observedRttMs(record.observedRtts)! }),
      discounts: this.discountsOf(record),
    };
  }

  /** Whether placement discounts the node's claimed coordinate (it serves as no landmark). */
  contradicted(record: NodeRecord): boolean {
    return this.index.excess[record.slot]! > 0;
  }

  /** The claims of a node placement discounts, with their codes. */
  discountsOf(record: NodeRecord): PlacementDiscount[] {
    const discounts: PlacementDiscount[] = [];
    const excess = this.index.excess[record.slot]!;
    if (excess > 0) {
      discounts.push({
        code: 'coordinate_contradicted',
        message: `observed RTT ${observedRttMs(record.observedRtts)!.toFixed(1)} ms is ${excess.toFixed(1)} ms above what the claimed coordinate predicts`,
      });
    }
    const row = record.slot * CLASS_COUNT;
    for (let classIndex = 0; classIndex < CLASS_COUNT; classIndex++) {
      const cap = this.index.capped[row + classIndex]!;
      if (cap < 0) continue;
      const name = LATENCY_CLASSES[classIndex]!;
      discounts.push({
        code: 'capacity_unproven',
        message: `${name}: claimed ${record.capacity[name]} slots, placement counts ${cap}`,
      });
    }
    return discounts;
  }

  private allocate(did: string, nowMs: number): NodeRecord {
    const slot = this.freeSlots.pop() ?? this.index.slotCount++;
    if (this.index.ensureSlots(slot + 1)) {
      this.agents.ensureRows(this.index.rows);
      this.grid.ensureRows(this.index.rows);
    }
    const record: NodeRecord = {
      did,
      slot,
      endpoint: '',
      label: '',
      attestation: 'software',
      agents: [],
      capacity: clampCapacity({ robot: 0, voice: 0, interactive: 0, batch: 0 }),
      load: 0,
      sessions: 0,
      warm: [],
      price: undefined,
      coordinate: undefined,
      registeredAtMs: nowMs,
      lastHeartbeatMs: nowMs,
      heartbeats: 0,
      state: 'alive',
      linked: false,
      draining: false,
      stateSinceMs: nowMs,
      observedRtts: [],
    };
    this.byDid.set(did, record);
    this.bySlot[slot] = record;
    return record;
  }

  private refreshPlaceable(record: NodeRecord): void {
    const placeable = record.state === 'alive' && record.linked && !record.draining;
    this.index.placeable[record.slot] = placeable ? 1 : 0;
    this.refreshNear(record.slot);
  }

  /** After any change to what placement's first bound reads: the index and the grid's copy. */
  private refreshNear(slot: number): void {
    this.index.refreshNear(slot);
    this.grid.refreshNear(slot, this.index.near);
  }

  private writeCoordinate(record: NodeRecord): void {
    const { index } = this;
    const coordinate = record.coordinate;
    index.excess[record.slot] = this.excessOf(record);
    this.grid.place(record.slot, coordinate?.vector, index.near);
    const common = this.grid.commonDimensions;
    if (common !== undefined) this.rebuildGrid(common);
    if (coordinate === undefined) {
      index.dimensions[record.slot] = 0;
      return;
    }
    index.dimensions[record.slot] = coordinate.vector.length;
    index.vectors.set(coordinate.vector, record.slot * COORDINATE_STRIDE);
    index.heights[record.slot] = coordinate.height + index.excess[record.slot]!;
  }

  /** Nodes moved to coordinates of other dimensions: grid them by the most common ones. */
  private rebuildGrid(common: number): void {
    this.grid.reset(common);
    for (const record of this.byDid.values())
      this.grid.place(record.slot, record.coordinate?.vector, this.index.near);
  }
}

function clampCapacity(capacity: ClassCapacity): ClassCapacity {
  return Object.fromEntries(
    LATENCY_CLASSES.map((name) => [name, Math.min(capacity[name], NODE_CLASS_SLOTS_MAX)]),
  ) as Record<LatencyClass, number>;
}
