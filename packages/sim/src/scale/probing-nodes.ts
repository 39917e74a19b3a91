/**
 * Nodes computing their network coordinates as a real node does (grid's CoordinateProber): every
 * probe interval each node pings the next peer of the list the coordinator gave it (landmarks.ts
 * choosePeers: half spread landmarks, half a stride through the table), round robin, and moves
 * its Vivaldi coordinate by that sample and the coordinate the peer answered with. Heartbeats
 * carry the coordinate to the coordinator's node table, whose landmarks and peer lists follow.
 *
 * Here the pings are samples of a CityWorld and time is a round counter: one round is one probe
 * interval. The coordinate update is a parameter so the benchmark can run whichever client mesh
 * offers (plain Vivaldi today).
 */
import { type CoordinatorCore, chooseLandmarks, choosePeers, gridLimits } from '@mycel/grid';
import { initialCoordinate, updateCoordinate, type VivaldiCoordinate } from '@mycel/mesh';
import { type HeartbeatFrame, LATENCY_CLASSES, type Peer, wireLimits } from '@mycel/wire';
import type { Prng } from '../prng.js';
import type { CityWorld, Placed } from './city-world.js';
import { simulatedHeartbeat } from './simulated-heartbeat.js';

/** One probe's effect on the prober's coordinate: the plain Vivaldi step unless replaced. */
export type CoordinateStep = (
  local: VivaldiCoordinate,
  remote: VivaldiCoordinate,
  rttMs: number,
  peer: string,
  self: string,
) => VivaldiCoordinate;

export const vivaldiStep: CoordinateStep = (local, remote, rttMs) => {
  const moved = updateCoordinate(local, remote, rttMs);
  return moved.ok ? moved.value : local;
};

export interface ProbingNode {
  readonly did: string;
  readonly place: Placed;
  coordinate: VivaldiCoordinate;
  peers: readonly Peer[];
  next: number;
  heartbeats: number;
}

export interface ProbingOptions {
  readonly world: CityWorld;
  readonly core: CoordinatorCore;
  readonly random: Prng;
  readonly step?: CoordinateStep;
  /** Rounds between refreshes of the landmarks and peer lists (the coordinator's peer updates). */
  readonly refreshRounds?: number;
  /** The coordinate a node reports (a liar reports another); defaults to its own. */
  readonly reported?: (node: ProbingNode) => VivaldiCoordinate;
  /**
   * Where the coordinator sits: when given, it pings every node on its control link each round
   * (as node-links does each heartbeat) and the node table records the RTT (observeRtt).
   */
  readonly coordinator?: Placed;
  /** Draws for the coordinator's pings, apart, so observing leaves the nodes' probes as they were. */
  readonly coordinatorRandom?: Prng;
}

export class ProbingNodes {
  readonly byDid = new Map<string, ProbingNode>();
  private round = 0;

  constructor(
    readonly nodes: readonly ProbingNode[],
    private readonly options: ProbingOptions,
  ) {
    for (const node of nodes) this.byDid.set(node.did, node);
  }

  /** A node as it registers: at the origin with the largest error. */
  static fresh(did: string, place: Placed): ProbingNode {
    return {
      did,
      place,
      coordinate: initialCoordinate(gridLimits.NODE_COORDINATE_DIMENSIONS),
      peers: [],
      next: 0,
      heartbeats: 0,
    };
  }

  /** Runs `rounds` probe intervals; heartbeats carry coordinates to the coordinator each round. */
  run(rounds: number, nowMs: number): void {
    const refresh = this.options.refreshRounds ?? 30;
    for (let at = 0; at < rounds; at++, this.round++) {
      if (this.round % refresh === 0) this.refreshPeers();
      for (const node of this.nodes) this.probe(node);
      for (const node of this.nodes) this.heartbeat(node, nowMs);
      const coordinator = this.options.coordinator;
      if (coordinator === undefined) continue;
      const { world, core } = this.options;
      const random = this.options.coordinatorRandom ?? this.options.random;
      for (const node of this.nodes) {
        core.nodes.observeRtt(node.did, world.sampleRttMs(coordinator, node.place, random));
      }
    }
  }

  private refreshPeers(): void {
    const { core } = this.options;
    const landmarks = chooseLandmarks(core.nodes, wireLimits.LANDMARKS_MAX);
    for (const node of this.nodes) {
      const peers = choosePeers(core.nodes, node.did, landmarks, wireLimits.PROBE_PEERS_MAX);
      // As node-links does: an unchanged list is not sent again, so the round robin goes on.
      const key = peers.map((peer) => peer.did).join(' ');
      if (key === node.peers.map((peer) => peer.did).join(' ')) continue;
      node.peers = peers;
      node.next = 0;
    }
  }

  private probe(node: ProbingNode): void {
    if (node.peers.length === 0) return;
    const peer = node.peers[node.next % node.peers.length]!;
    node.next += 1;
    const remote = this.byDid.get(peer.did);
    if (remote === undefined) return;
    const { world, random } = this.options;
    const rttMs = Math.max(0.01, world.sampleRttMs(node.place, remote.place, random));
    const step = this.options.step ?? vivaldiStep;
    // The peer answers its ping with the coordinate it currently holds (a liar with its claim).
    const answered = this.options.reported?.(remote) ?? remote.coordinate;
    node.coordinate = step(node.coordinate, answered, rttMs, remote.did, node.did);
  }

  private heartbeat(node: ProbingNode, nowMs: number): void {
    node.heartbeats += 1;
    const capacity = this.options.core.nodes.get(node.did)?.capacity;
    const free = Object.fromEntries(LATENCY_CLASSES.map((name) => [name, capacity?.[name] ?? 0]));
    const coordinate = this.options.reported?.(node) ?? node.coordinate;
    const frame = simulatedHeartbeat(node.heartbeats, free as HeartbeatFrame['free'], coordinate);
    this.options.core.heartbeat(node.did, frame, nowMs);
  }
}
