/**
 * A simulated node: its key (the same across restarts), its declared capacity, and the process
 * that runs while it is up: the control link (node-link.ts), the session endpoint
 * (node-sessions.ts), the health endpoint the coordinator probes, and the fence sweep. A crash
 * throws the process away with everything in it (sessions, fence, restores, timers); a restart
 * starts a fresh one that registers again with the same key.
 */
import { gridLimits } from '@mycel/grid';
import type { DidKey, Signer } from '@mycel/kernel';
import type { ClassCapacity } from '@mycel/wire';
import type { Connection } from './network.js';
import { NodeLink } from './node-link.js';
import { NodeSessions } from './node-sessions.js';
import { NodeSlots } from './node-slots.js';
import { nodeEndpoint, type SimContext } from './sim-context.js';
import { SIM_AGENT } from './test-agent.js';

interface NodeProcess {
  /** Owns the process's timers: once it is dead they never fire. */
  readonly owner: { alive: boolean };
  readonly link: NodeLink;
  readonly sessions: NodeSessions;
}

export class NodeActor {
  private process: NodeProcess | undefined;

  constructor(
    private readonly context: SimContext,
    readonly id: string,
    readonly signer: Signer,
    readonly capacity: ClassCapacity,
    private readonly trust: { readonly coordinator: DidKey; readonly grid: string },
  ) {}

  get isUp(): boolean {
    return this.process !== undefined;
  }

  start(): void {
    if (this.process !== undefined) return;
    const { network, scheduler } = this.context;
    const owner = { alive: true };
    const slots = new NodeSlots(this.capacity);
    // The link and the sessions talk to each other; both exist before either is used.
    let link: NodeLink | undefined;
    const sessions = new NodeSessions(this.context, {
      node: this.id,
      did: this.signer.key.did,
      trust: this.trust,
      slots,
      owner,
      report: (frame) => link?.report(frame),
      sendCheckpoint: (checkpoint) => link?.sendCheckpoint(checkpoint),
    });
    link = new NodeLink(this.context, {
      node: this.id,
      signer: this.signer,
      owner,
      coordinatorDid: this.trust.coordinator.did,
      registration: () => ({
        endpoint: nodeEndpoint(this.id),
        label: this.id,
        attestation: 'software',
        agents: [SIM_AGENT],
        capacity: this.capacity,
      }),
      heartbeat: () => ({
        free: slots.freeByClass(),
        load: 0,
        sessions: slots.sessions,
        warm: [],
        price: { minorPerMinute: 1, currency: 'EUR' },
      }),
      onRegistered: () => {
        for (const report of sessions.activeReports()) link?.report(report);
        sessions.relinked();
      },
      onCheckpointAck: (frame) => sessions.checkpointAcked(frame),
      onSessionRefused: (frame) => sessions.sessionRefused(frame),
      onRestore: (frame) => sessions.restore(frame),
    });
    this.process = { owner, link, sessions };
    network.listen(this.id, 'session', (conn) => sessions.accept(conn));
    network.listen(this.id, 'http', (conn) => this.health(conn));
    const sweep = () => {
      scheduler.after(
        gridLimits.FENCE_SWEEP_INTERVAL_MS,
        `${this.id} fence-sweep`,
        () => {
          sessions.sweepFence();
          sweep();
        },
        owner,
      );
    };
    sweep();
    link.start();
  }

  /** The process dies at once: nothing it held survives, its connections break. */
  crash(): void {
    const process = this.process;
    if (process === undefined) return;
    process.owner.alive = false;
    process.sessions.crashed();
    this.process = undefined;
    this.context.network.crash(this.id);
  }

  /** GET /v1/health: the control plane answers whenever the process runs. */
  private health(conn: Connection) {
    return {
      receive: () => {
        this.context.network.send(conn, 'to', JSON.stringify({ status: 'ok' }), 'health');
      },
      closed: () => undefined,
    };
  }
}
