/**
 * Fault injection: at random moments (FAULT_GAP_MS_MIN..MAX apart), at most FAULTS_MAX times a
 * run, one of: a node crash (restarted later with the same key), a node partition (healed
 * later), a broken connection (any live one: control link, session socket, HTTP), a delay spike
 * on one actor, a coordinator restart (at most COORDINATOR_RESTARTS_MAX). At most
 * NODES_IMPAIRED_PERCENT_MAX of the nodes are crashed or partitioned at once, so the grid always
 * has somewhere to move sessions.
 */
import type { CoordinatorActor } from './coordinator-actor.js';
import {
  COORDINATOR_DOWN_MS_MAX,
  COORDINATOR_DOWN_MS_MIN,
  COORDINATOR_RESTARTS_MAX,
  FAULT_GAP_MS_MAX,
  FAULT_GAP_MS_MIN,
  FAULTS_MAX,
  NODE_DOWN_MS_MAX,
  NODE_DOWN_MS_MIN,
  NODES_IMPAIRED_PERCENT_MAX,
  PARTITION_MS_MAX,
  PARTITION_MS_MIN,
  SPIKE_EXTRA_MS_MAX,
  SPIKE_EXTRA_MS_MIN,
  SPIKE_MS_MAX,
  SPIKE_MS_MIN,
} from './limits.js';
import type { NodeActor } from './node-actor.js';
import { COORDINATOR_ID, type FaultKind, type SimContext } from './sim-context.js';

/** How often each kind is drawn, relative to the others. */
const WEIGHTS: Readonly<Record<FaultKind, number>> = {
  'node-crash': 25,
  'node-partition': 20,
  'connection-break': 35,
  'delay-spike': 15,
  'coordinator-restart': 5,
};

export class FaultInjector {
  private injected = 0;

  constructor(
    private readonly context: SimContext,
    private readonly coordinator: CoordinatorActor,
    private readonly nodes: readonly NodeActor[],
    private readonly faultsMax: number = FAULTS_MAX,
  ) {}

  start(firstAfterMs: number): void {
    this.schedule(firstAfterMs);
  }

  private schedule(afterMs: number): void {
    if (this.injected >= this.faultsMax) return;
    this.context.scheduler.after(afterMs, 'fault', () => {
      this.inject();
      const { scheduler } = this.context;
      this.schedule(scheduler.delay(FAULT_GAP_MS_MIN, FAULT_GAP_MS_MAX));
    });
  }

  private inject(): void {
    const { prng } = this.context.scheduler;
    const possible = (Object.keys(WEIGHTS) as FaultKind[]).filter((kind) => this.possible(kind));
    if (possible.length === 0) return;
    const total = possible.reduce((sum, kind) => sum + WEIGHTS[kind], 0);
    let draw = prng.below(total);
    let kind = possible[0]!;
    for (const candidate of possible) {
      draw -= WEIGHTS[candidate];
      if (draw < 0) {
        kind = candidate;
        break;
      }
    }
    this.injected += 1;
    this.context.counts.faults[kind] += 1;
    this.apply(kind);
  }

  private possible(kind: FaultKind): boolean {
    switch (kind) {
      case 'node-crash':
      case 'node-partition':
        return this.healthyNodes().length > 0 && this.mayImpair();
      case 'connection-break':
        return this.context.network.liveConnections().length > 0;
      case 'delay-spike':
        return true;
      case 'coordinator-restart':
        return (
          this.coordinator.isUp &&
          this.context.counts.faults['coordinator-restart'] < COORDINATOR_RESTARTS_MAX
        );
    }
  }

  private apply(kind: FaultKind): void {
    const { scheduler, network } = this.context;
    const { prng } = scheduler;
    switch (kind) {
      case 'node-crash': {
        const node = prng.pick(this.healthyNodes());
        node.crash();
        const downMs = scheduler.delay(NODE_DOWN_MS_MIN, NODE_DOWN_MS_MAX);
        scheduler.after(downMs, `restart ${node.id}`, () => node.start());
        return;
      }
      case 'node-partition': {
        const node = prng.pick(this.healthyNodes());
        network.partition(node.id, scheduler.delay(PARTITION_MS_MIN, PARTITION_MS_MAX));
        return;
      }
      case 'connection-break':
        network.breakConnection(prng.pick(network.liveConnections()));
        return;
      case 'delay-spike': {
        const target = prng.below(this.nodes.length + 1);
        const id = target === this.nodes.length ? COORDINATOR_ID : this.nodes[target]!.id;
        const durationMs = scheduler.delay(SPIKE_MS_MIN, SPIKE_MS_MAX);
        network.spike(id, durationMs, scheduler.delay(SPIKE_EXTRA_MS_MIN, SPIKE_EXTRA_MS_MAX));
        return;
      }
      case 'coordinator-restart': {
        this.coordinator.crash();
        const downMs = scheduler.delay(COORDINATOR_DOWN_MS_MIN, COORDINATOR_DOWN_MS_MAX);
        scheduler.after(downMs, 'restart co', () => this.coordinator.start());
        return;
      }
    }
  }

  /** Nodes running and reachable. */
  private healthyNodes(): NodeActor[] {
    const { network } = this.context;
    return this.nodes.filter((node) => node.isUp && !network.isPartitioned(node.id));
  }

  private mayImpair(): boolean {
    const impaired = this.nodes.length - this.healthyNodes().length;
    return (impaired + 1) * 100 <= this.nodes.length * NODES_IMPAIRED_PERCENT_MAX;
  }
}
