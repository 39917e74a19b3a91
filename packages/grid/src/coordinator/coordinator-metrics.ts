/**
 * Prometheus metrics of one coordinator (GET /metrics). Each coordinator has its own registry, so
 * two coordinators in one process (tests, the devnet) never mix their counts.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CoordinatorCore } from './coordinator-core.js';
import { NODE_STATES } from './node-table.js';
import { SESSION_STATES } from './session-registry.js';

export class CoordinatorMetrics {
  readonly registry = new Registry();
  readonly placements: Counter<'result'>;
  readonly placementSeconds: Histogram;
  readonly linkFrames: Counter<'type'>;
  readonly linkErrors: Counter<'code'>;
  readonly checkpoints: Counter<'result'>;
  readonly checkpointSeconds: Histogram;
  readonly moves: Counter<'reason'>;
  readonly resumes: Counter<'result'>;

  constructor(core: CoordinatorCore) {
    const registers = [this.registry];
    new Gauge({
      name: 'opengrid_nodes',
      help: 'Registered nodes by state',
      labelNames: ['state'],
      registers,
      collect() {
        const counts = new Map<string, number>(NODE_STATES.map((state) => [state, 0]));
        for (const record of core.nodes.records()) {
          counts.set(record.state, (counts.get(record.state) ?? 0) + 1);
        }
        for (const [state, count] of counts) this.set({ state }, count);
      },
    });
    new Gauge({
      name: 'opengrid_sessions',
      help: 'Sessions in the registry by state',
      labelNames: ['state'],
      registers,
      collect() {
        for (const state of SESSION_STATES) this.set({ state }, core.sessions.countIn(state));
      },
    });
    this.placements = new Counter({
      name: 'opengrid_placements_total',
      help: 'Session placements by result (placed or the error code)',
      labelNames: ['result'],
      registers,
    });
    this.placementSeconds = new Histogram({
      name: 'opengrid_placement_seconds',
      help: 'Time to place a session and sign its ticket',
      buckets: [0.00001, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.01, 0.05],
      registers,
    });
    this.linkFrames = new Counter({
      name: 'opengrid_link_frames_total',
      help: 'Frames received on node control links, by type',
      labelNames: ['type'],
      registers,
    });
    this.linkErrors = new Counter({
      name: 'opengrid_link_errors_total',
      help: 'Refused or ignored control-link frames and failed registrations, by error code',
      labelNames: ['code'],
      registers,
    });
    this.checkpoints = new Counter({
      name: 'opengrid_checkpoints_total',
      help: 'Checkpoints offered by nodes, by result (stored, store_failed or the refusal code)',
      labelNames: ['result'],
      registers,
    });
    this.checkpointSeconds = new Histogram({
      name: 'opengrid_checkpoint_store_seconds',
      help: 'Time to make one checkpoint durable in the session store',
      buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25],
      registers,
    });
    this.moves = new Counter({
      name: 'opengrid_session_moves_total',
      help: 'Sessions moved to a new epoch, by reason (node_failed, node_unavailable, ...)',
      labelNames: ['reason'],
      registers,
    });
    this.resumes = new Counter({
      name: 'opengrid_resumes_total',
      help: 'Resume requests from clients, by result (placed or the error code)',
      labelNames: ['result'],
      registers,
    });
  }
}
