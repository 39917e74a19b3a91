/**
 * The OpenGrid node daemon (`opengrid node start --coordinator URL`). The control plane (control
 * link, admission, health, session sockets, ticket checks) runs on this process's main event
 * loop; agents run in the inference plane's worker processes. The data folder keeps the node's
 * key and settings, so a restart is the same node.
 */
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { VivaldiCoordinate } from '@mycel/mesh';
import { type ClassCapacity, NODE_PATHS, type SessionStateFrame } from '@mycel/wire';
import { type Logger, pino } from 'pino';
import { BundleCache } from '../assets/bundle-cache.js';
import type { WorkerHealth } from '../inference/turn-request.js';
import { WorkerPool } from '../inference/worker-pool.js';
import {
  DRAIN_POLL_MS,
  FENCE_SWEEP_INTERVAL_MS,
  NODE_DRAIN_TIMEOUT_MS,
  NODE_EVENT_LOOP_LAG_MS_MAX,
  NODE_TURN_TIMEOUT_MS,
  USAGE_COUNTERSIGN_TIMEOUT_MS,
  USAGE_INTERVAL_MS,
} from '../limits.js';
import { type NodeMembershipOptions, withMembership } from '../membership/node-membership.js';
import { AgentResolver } from './agent-resolver.js';
import { CoordinateProber } from './coordinate-prober.js';
import { coordinatorChoice, emulationOf, moveTo, newLink } from './coordinator-attachment.js';
import type { CoordinatorLink, LinkStatus } from './coordinator-link.js';
import { CoordinatorTrust } from './coordinator-trust.js';
import { EpochFence } from './epoch-fence.js';
import { EventLoopLag } from './event-loop-lag.js';
import { type NodeControl, writeNodeControl } from './node-control.js';
import { NODE_BUNDLES_FOLDER, openNodeData } from './node-data.js';
import { buildNodeHttp, type NodeHealth } from './node-http.js';
import { checkOptions, type NodeOptions } from './node-options.js';
import type { NodeParts } from './node-parts.js';
import type { SessionSnapshot } from './session-host.js';
import { SessionServer } from './session-server.js';
import { SessionSlots } from './session-slots.js';
import { UsageKeeper } from './usage-keeper.js';

export interface NodeStatus {
  readonly did: string;
  readonly url: string;
  readonly label: string;
  /** The coordinator key this node trusts and the grid it joined, once known. */
  readonly coordinator: string | undefined;
  readonly grid: string | undefined;
  readonly draining: boolean;
  readonly sessions: number;
  readonly capacity: ClassCapacity;
  readonly free: ClassCapacity;
  readonly link: LinkStatus;
  readonly coordinate: VivaldiCoordinate;
  readonly eventLoopLagMs: number;
  readonly workers: WorkerHealth[];
  /** Countersigned usage proofs the coordinator has not acknowledged yet. */
  readonly unackedUsage: number;
  /** The coordinator URL the node is attached to (or trying to attach to) now. */
  readonly coordinatorUrl: string;
  /** Moves to another coordinator since the node started (switches and re-attaches). */
  readonly coordinatorMoves: number;
  /** The last move: to which coordinator, why ('closer' or 'lost') and when. */
  readonly lastCoordinatorMove?: {
    readonly to: string;
    readonly reason: string;
    readonly atMs: number;
  };
}

export interface RunningNode {
  readonly url: string;
  readonly did: string;
  status(): NodeStatus;
  /** A session's last good state (after its last successful turn), if it is attached here. */
  sessionSnapshot(sid: string): SessionSnapshot | undefined;
  /**
   * Planned move (`opengrid node drain`): takes no new sessions and hands every session back at
   * its next turn boundary; the coordinator moves each one when its client resumes. Resolves
   * when no session is left or `timeoutMs` passed.
   */
  drain(timeoutMs?: number): Promise<DrainResult>;
  /** Stops: hands sessions back like drain (briefly), then closes the link and the workers. */
  close(): Promise<void>;
}

export interface DrainResult {
  /** Sessions the node held when the drain began. */
  readonly sessions: number;
  /** Sessions still here when it ended (0 unless the timeout ran out). */
  readonly remaining: number;
  readonly elapsedMs: number;
}

/**
 * `membership` (docs/spec/mmp-membership.md): the node also runs a SWIM member over UDP, with its
 * node key as member id; the returned node then has `membership`.
 */
export async function startNode(
  options: NodeOptions & { readonly membership?: NodeMembershipOptions },
): Promise<RunningNode> {
  checkOptions(options);
  const data = openNodeData(options);
  const logger = loggerOf(options.logger).child({ node: data.signer.key.did.slice(-8) });
  // Agent bundles come from the coordinator the node is attached to now (it may move).
  const attachedTo = { url: options.coordinatorUrl };
  const agents = new AgentResolver({
    get coordinatorUrl() {
      return attachedTo.url;
    },
    bundles: await BundleCache.open(join(options.dataDir, NODE_BUNDLES_FOLDER)),
    logger,
    ...emulationOf(options),
  });
  const pool = await WorkerPool.start({
    size: options.workers ?? availableParallelism(),
    logger,
    ...(options.backend === undefined ? {} : { backend: options.backend }),
    ...(options.workerStallMs === undefined ? {} : { stallMs: options.workerStallMs }),
  });
  const lag = new EventLoopLag();
  try {
    const trust = new CoordinatorTrust(
      data.settings,
      options.dataDir,
      logger,
      options.trustedCoordinators,
    );
    const base = { options, signer: data.signer, logger, trust, agents, pool, lag, attachedTo };
    const node = await serve(withControlPlane(base));
    if (options.membership === undefined) return node;
    const context = { signer: data.signer, logger, host: options.host ?? '127.0.0.1' };
    return await withMembership(node, options.membership, context);
  } catch (error) {
    lag.stop();
    await pool.close();
    throw error;
  }
}

function withControlPlane(
  base: Pick<
    NodeParts,
    'options' | 'signer' | 'logger' | 'trust' | 'agents' | 'pool' | 'lag' | 'attachedTo'
  >,
): NodeParts {
  const { options, logger } = base;
  const slots = new SessionSlots(base.trust.settings.capacity);
  const fence = new EpochFence();
  const prober = new CoordinateProber({
    self: base.signer.key.did,
    logger,
    ...(options.probeIntervalMs === undefined ? {} : { intervalMs: options.probeIntervalMs }),
    ...emulationOf(options),
  });
  const reports: NodeParts['reports'] = { link: undefined, pending: undefined };
  const usage: UsageKeeper = new UsageKeeper({
    signer: base.signer,
    grid: () => base.trust.settings.grid,
    sendUsage: (proof) => reports.link?.sendUsage(proof),
    intervalMs: options.usageIntervalMs ?? USAGE_INTERVAL_MS,
    countersignTimeoutMs: USAGE_COUNTERSIGN_TIMEOUT_MS,
    liveSessions: () => sessions.liveSessions(),
    logger,
    nowMs: () => Date.now(),
  });
  const sessions: SessionServer = new SessionServer({
    nodeDid: base.signer.key.did,
    trust: () => base.trust.tickets(),
    slots,
    fence,
    agents: base.agents,
    inference: base.pool,
    turnTimeoutMs: options.turnTimeoutMs ?? NODE_TURN_TIMEOUT_MS,
    report: (frame: SessionStateFrame) => reports.link?.report(frame),
    sendCheckpoint: (checkpoint) => reports.link?.sendCheckpoint(checkpoint),
    ...(options.checkpointAckTimeoutMs === undefined
      ? {}
      : { checkpointAckTimeoutMs: options.checkpointAckTimeoutMs }),
    ...(options.detachedGraceMs === undefined ? {} : { detachedGraceMs: options.detachedGraceMs }),
    usage,
    logger,
    nowMs: () => Date.now(),
    ...emulationOf(options),
  });
  return { ...base, slots, fence, prober, sessions, usage, reports };
}

/** Listens, opens the control link and starts the timers. */
async function serve(parts: NodeParts): Promise<RunningNode> {
  const { options, sessions } = parts;
  let control: NodeControl | undefined;
  const app = buildNodeHttp({
    health: () => nodeHealth(parts),
    control: {
      token: () => control?.token,
      drain: (timeoutMs) => drainSessions(parts, parts.reports.link, timeoutMs),
    },
    admission: (agent, latencyClass) =>
      parts.agents.isKnown(agent)
        ? parts.slots.ask(latencyClass)
        : { admit: false, free: parts.slots.free(latencyClass), reason: 'agent_unknown' },
    coordinate: () => parts.prober.coordinate,
    ...emulationOf(options),
  });
  app.server.on('upgrade', (request, socket, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://node').pathname;
    if (path === NODE_PATHS.session) return sessions.handleUpgrade(request, socket, head);
    socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n');
  });
  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const url = options.endpoint ?? listeningUrl(app.server.address());
  // The local address, even behind an --endpoint: the operator drives the node from its machine.
  control = writeNodeControl(options.dataDir, listeningUrl(app.server.address()));
  const choice = coordinatorChoice(parts, (to) => moveTo(parts, url, to));
  const first = await choice.initial();
  parts.attachedTo.url = first;
  const link = newLink(parts, url, first);
  parts.reports.link = link;
  link.start();
  choice.start();
  parts.usage.start();
  parts.prober.start();
  const sweeper = setInterval(() => parts.fence.sweep(Date.now()), FENCE_SWEEP_INTERVAL_MS);
  sweeper.unref();
  const did = parts.signer.key.did;
  parts.logger.info({ url, did, coordinator: first }, 'node started');
  const current = () => parts.reports.link ?? link;

  let closing: Promise<void> | undefined;
  const close = async () => {
    parts.slots.drain();
    choice.stop();
    current().drain();
    clearInterval(sweeper);
    parts.prober.stop();
    // Sessions hand back first: their last usage goes out on the link before it closes.
    await sessions.close();
    parts.usage.close();
    await parts.reports.pending?.close();
    await current().close();
    await app.close();
    await parts.pool.close();
    parts.lag.stop();
    parts.logger.info('node stopped');
  };
  return {
    url,
    did,
    status: () => ({
      ...nodeStatus(parts, current(), url),
      coordinatorUrl: current().coordinatorUrl,
      coordinatorMoves: choice.moveCount,
      ...(choice.lastMoveMade === undefined ? {} : { lastCoordinatorMove: choice.lastMoveMade }),
    }),
    sessionSnapshot: (sid) => sessions.sessionSnapshot(sid),
    drain: (timeoutMs) => drainSessions(parts, current(), timeoutMs),
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}

/**
 * Planned move: no new sessions, the coordinator told, every session handed back at its next
 * turn boundary; resolves when none is left or `timeoutMs` passed.
 */
async function drainSessions(
  parts: NodeParts,
  link: CoordinatorLink | undefined,
  timeoutMs = NODE_DRAIN_TIMEOUT_MS,
): Promise<DrainResult> {
  const { sessions } = parts;
  const startedMs = Date.now();
  const held = sessions.sessionCount;
  parts.slots.drain();
  link?.drain();
  sessions.handBackAll();
  while (sessions.sessionCount > 0 && Date.now() - startedMs < timeoutMs) {
    await new Promise((done) => setTimeout(done, DRAIN_POLL_MS));
  }
  const elapsedMs = Date.now() - startedMs;
  const remaining = sessions.sessionCount;
  parts.logger.info({ sessions: held, remaining, elapsedMs }, 'drained');
  return { sessions: held, remaining, elapsedMs };
}

/** GET /v1/health: from memory, on the main loop; `degraded` names no cause, the fields do. */
function nodeHealth(parts: NodeParts): NodeHealth {
  const workers = parts.pool.health();
  const eventLoopLagMs = parts.lag.lagMs;
  const degraded =
    parts.slots.isDraining ||
    parts.reports.link?.status().state !== 'registered' ||
    workers.some((worker) => !worker.alive) ||
    eventLoopLagMs > NODE_EVENT_LOOP_LAG_MS_MAX;
  return {
    status: degraded ? 'degraded' : 'ok',
    did: parts.signer.key.did,
    sessions: parts.sessions.sessionCount,
    workers,
    eventLoopLagMs,
  };
}

function nodeStatus(
  parts: NodeParts,
  link: CoordinatorLink,
  url: string,
): Omit<NodeStatus, 'coordinatorUrl' | 'coordinatorMoves' | 'lastCoordinatorMove'> {
  const settings = parts.trust.settings;
  return {
    did: parts.signer.key.did,
    url,
    label: settings.label,
    coordinator: settings.coordinatorDid,
    grid: settings.grid,
    draining: parts.slots.isDraining,
    sessions: parts.sessions.sessionCount,
    capacity: settings.capacity,
    free: parts.slots.freeByClass(),
    link: link.status(),
    coordinate: parts.prober.coordinate,
    eventLoopLagMs: parts.lag.lagMs,
    workers: parts.pool.health(),
    unackedUsage: parts.usage.outbox.size,
  };
}

function loggerOf(option: Logger | false | undefined): Logger {
  if (option === false) return pino({ level: 'silent' });
  return option ?? pino({ name: 'opengrid-node' });
}

function listeningUrl(address: AddressInfo | string | null): string {
  if (address === null || typeof address === 'string') {
    throw new Error('assertion failed: the node listens on a TCP port');
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
