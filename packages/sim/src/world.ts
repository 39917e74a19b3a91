/**
 * One simulated world, built from a seed and the run's options: the coordinator (the real
 * CoordinatorCore in its simulated shell, with the durable store that outlives it), the nodes,
 * the clients, the network between them and the fault injector. Keys, latencies, capacities and
 * start times are drawn from the run's PRNG in a fixed order, so a seed builds the same world.
 */
import type { SessionState } from '@mycel/grid';
import { ed25519SignerFromSeed, parseDidKey } from '@mycel/kernel';
import type { ClassCapacity } from '@mycel/wire';
import { ClientActor } from './client-actor.js';
import { CoordinatorActor } from './coordinator-actor.js';
import { DurableStore } from './durable-store.js';
import { EventQueue } from './event-queue.js';
import { FaultInjector } from './faults.js';
import type { WorldView } from './invariants.js';
import {
  CLIENT_START_AFTER_MS,
  CLIENT_START_SPREAD_MS,
  CLOCK_START_MS,
  FAULTS_MAX,
  GRID_NAME,
  NODE_SLOTS_MIN,
  NODE_SLOTS_PER_CLIENT,
  NODE_SLOTS_SPREAD_PERCENT,
  NODE_START_SPREAD_MS,
  ONE_WAY_MS_MAX,
  ONE_WAY_MS_MIN,
} from './limits.js';
import { Network } from './network.js';
import { NodeActor } from './node-actor.js';
import { Oracle } from './oracle.js';
import { Prng } from './prng.js';
import { Scheduler } from './scheduler.js';
import { COORDINATOR_ID, type Counts, emptyCounts, type SimContext } from './sim-context.js';

export interface WorldOptions {
  readonly seed: number;
  readonly nodes: number;
  /** Concurrent clients, each running one session after another. */
  readonly sessions: number;
  /** Most faults injected (FAULTS_MAX unless a test asks for another bound). */
  readonly faults?: number;
}

export class World {
  readonly queue = new EventQueue();
  readonly scheduler: Scheduler;
  readonly network: Network;
  readonly oracle = new Oracle();
  readonly counts: Counts = emptyCounts();
  readonly store = new DurableStore();
  readonly coordinator: CoordinatorActor;
  readonly nodes: NodeActor[] = [];
  readonly clients: ClientActor[] = [];
  readonly view: WorldView;
  private readonly faults: FaultInjector;

  constructor(readonly options: WorldOptions) {
    const prng = new Prng(options.seed);
    this.scheduler = new Scheduler(CLOCK_START_MS, prng, this.queue);
    this.network = new Network(this.scheduler);
    const context: SimContext = {
      scheduler: this.scheduler,
      network: this.network,
      oracle: this.oracle,
      counts: this.counts,
    };
    this.store.onSaved = (checkpoint) => this.oracle.checkpoints.set(checkpoint.digest, checkpoint);
    const oneWay = () => prng.between(ONE_WAY_MS_MIN, ONE_WAY_MS_MAX);

    this.network.addHost(COORDINATOR_ID, oneWay());
    const coordinatorKey = ed25519SignerFromSeed(prng.bytes(32));
    this.coordinator = new CoordinatorActor(context, coordinatorKey, this.store);
    const pinned = parseDidKey(coordinatorKey.key.did);
    if (!pinned.ok) throw new Error('assertion failed: the coordinator key has no did');
    const trust = { coordinator: pinned.value, grid: GRID_NAME };

    const slotsEach = Math.max(
      NODE_SLOTS_MIN,
      Math.ceil((options.sessions * NODE_SLOTS_PER_CLIENT) / options.nodes),
    );
    for (let n = 0; n < options.nodes; n++) {
      const id = `n${n}`;
      this.network.addHost(id, oneWay());
      const key = ed25519SignerFromSeed(prng.bytes(32));
      const spread = Math.floor((slotsEach * NODE_SLOTS_SPREAD_PERCENT) / 100);
      const interactive = prng.between(slotsEach - spread, slotsEach + spread);
      const capacity: ClassCapacity = { robot: 0, voice: 0, interactive, batch: 0 };
      this.nodes.push(new NodeActor(context, id, key, capacity, trust));
    }
    for (let n = 0; n < options.sessions; n++) {
      const id = `c${n}`;
      this.network.addHost(id, oneWay());
      this.network.start(id);
      this.clients.push(new ClientActor(context, id, ed25519SignerFromSeed(prng.bytes(32))));
    }
    this.faults = new FaultInjector(
      context,
      this.coordinator,
      this.nodes,
      options.faults ?? FAULTS_MAX,
    );

    const { coordinator, store, oracle, scheduler } = this;
    this.view = {
      get nowMs() {
        return scheduler.nowMs;
      },
      get sessions() {
        return coordinator.core?.sessions;
      },
      get coordinatorUpSinceMs() {
        return coordinator.upSinceMs;
      },
      tickMs: coordinator.tickMs,
      latestCheckpoint: (sid) => store.latestCheckpoint(sid),
      journaledState: (sid) => store.session(sid)?.state as SessionState | undefined,
      checkpoints: oracle.checkpoints,
      servers: (sid) => oracle.serving.servers(sid),
      ledgers: oracle.ledgers,
    };
  }

  /** Puts the first events on the agenda: the coordinator, the nodes, the clients, the faults. */
  begin(): void {
    const { scheduler } = this;
    scheduler.after(0, 'start co', () => this.coordinator.start());
    for (const node of this.nodes) {
      scheduler.after(scheduler.delay(1, NODE_START_SPREAD_MS), `start ${node.id}`, () =>
        node.start(),
      );
    }
    for (const client of this.clients) {
      client.start(CLIENT_START_AFTER_MS + scheduler.delay(0, CLIENT_START_SPREAD_MS));
    }
    // Faults begin as the first clients open: opening sessions must survive them too.
    this.faults.start(CLIENT_START_AFTER_MS);
  }

  /** Every session anyone knows of: clients, the coordinator, the nodes. */
  allSessions(): Set<string> {
    const sids = new Set<string>(this.oracle.ledgers.keys());
    for (const sid of this.oracle.serving.sids()) sids.add(sid);
    const sessions = this.coordinator.core?.sessions;
    if (sessions !== undefined) for (const entry of sessions.all()) sids.add(entry.sid);
    return sids;
  }
}
