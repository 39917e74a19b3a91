/**
 * What the coordinator keeps of one registered node (NodeRecord) and what it shows of it
 * (NodeSummary), with the node states and attestation ranks placement compares.
 */
import {
  type ClassCapacity,
  LATENCY_CLASSES,
  type LatencyClass,
  type NodeRegistration,
  type Price,
} from '@mycel/wire';
import type { NetworkCoordinate } from './network-coordinate.js';
import type { PlacementDiscount } from './placement-observed.js';

export const NODE_STATES = ['alive', 'suspected', 'failed'] as const;
export type NodeState = (typeof NODE_STATES)[number];
export type Attestation = NodeRegistration['attestation'];

export const ATTESTATION_RANK: Readonly<Record<Attestation, number>> = {
  software: 0,
  tpm: 1,
  'secure-enclave': 2,
};

export interface NodeRecord {
  readonly did: string;
  readonly slot: number;
  endpoint: string;
  label: string;
  attestation: Attestation;
  /** Built-ins and cached bundles from the registration. */
  agents: readonly string[];
  capacity: ClassCapacity;
  load: number;
  sessions: number;
  warm: readonly string[];
  price: Price | undefined;
  coordinate: NetworkCoordinate | undefined;
  registeredAtMs: number;
  lastHeartbeatMs: number;
  /** Heartbeats received since the node was first registered. */
  heartbeats: number;
  state: NodeState;
  /** A control link of the node is open. */
  linked: boolean;
  /** The node is draining (opengrid node drain): nothing new is placed on it. */
  draining: boolean;
  stateSinceMs: number;
  /** The coordinator's latest control-link RTT samples to the node, oldest first. */
  observedRtts: number[];
}

export interface NodeSummary {
  readonly did: string;
  readonly endpoint: string;
  readonly label: string;
  readonly attestation: Attestation;
  readonly state: NodeState;
  readonly linked: boolean;
  /** The node drains (`opengrid node drain`): nothing new is placed on it. */
  readonly draining: boolean;
  readonly capacity: ClassCapacity;
  readonly free: ClassCapacity;
  readonly load: number;
  readonly sessions: number;
  readonly warm: readonly string[];
  readonly price?: Price;
  readonly coordinate?: NetworkCoordinate;
  readonly lastHeartbeatMs: number;
  readonly reputationPenaltyMs: number;
  /** The least of the coordinator's recent control-link RTTs to the node. */
  readonly observedRttMs?: number;
  /** Claims of the node placement discounts (placement-observed.ts); empty when none. */
  readonly discounts: readonly PlacementDiscount[];
}

export function classIndexOf(latencyClass: LatencyClass): number {
  return LATENCY_CLASSES.indexOf(latencyClass);
}
