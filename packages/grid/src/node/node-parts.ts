/**
 * The parts of a running node, built once by startNode and shared by the files that wire them
 * together (start-node.ts, coordinator-attachment.ts).
 */
import type { Signer } from '@mycel/kernel';
import type { Logger } from 'pino';
import type { WorkerPool } from '../inference/worker-pool.js';
import type { AgentResolver } from './agent-resolver.js';
import type { CoordinateProber } from './coordinate-prober.js';
import type { CoordinatorLink } from './coordinator-link.js';
import type { CoordinatorTrust } from './coordinator-trust.js';
import type { EpochFence } from './epoch-fence.js';
import type { EventLoopLag } from './event-loop-lag.js';
import type { NodeOptions } from './node-options.js';
import type { SessionServer } from './session-server.js';
import type { SessionSlots } from './session-slots.js';
import type { UsageKeeper } from './usage-keeper.js';

/** The parts of a running node, built once by startNode. */
export interface NodeParts {
  readonly options: NodeOptions;
  readonly signer: Signer;
  readonly logger: Logger;
  readonly trust: CoordinatorTrust;
  readonly agents: AgentResolver;
  readonly pool: WorkerPool;
  readonly slots: SessionSlots;
  readonly fence: EpochFence;
  readonly lag: EventLoopLag;
  /** The URL of the coordinator the node is attached to (agent bundles are fetched there). */
  readonly attachedTo: { url: string };
  readonly prober: CoordinateProber;
  readonly sessions: SessionServer;
  readonly usage: UsageKeeper;
  /**
   * Where session reports go: the control link, once the node listens (it needs the URL).
   * `pending` is the link to a coordinator the node is moving to, until it registers.
   */
  readonly reports: { link: CoordinatorLink | undefined; pending: CoordinatorLink | undefined };
}
