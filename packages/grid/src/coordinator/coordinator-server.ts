/**
 * `opengrid coordinator start`: the routing coordinator of a region, as a thin shell around
 * CoordinatorCore: fastify for HTTP, `ws` for node control links on the same port, timers for
 * heartbeat checks and link pings, fetch for health probes, pino for structured logs and a
 * prom-client registry for /metrics.
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Amount } from '@mycel/kernel';
import { openSessionStore, type SessionStore } from '@mycel/store';
import {
  CITY_HEADER,
  COORDINATOR_PATHS,
  type Landmark,
  type LatencyEmulation,
  wireLimits,
} from '@mycel/wire';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { type Logger, pino } from 'pino';
import { registerGateway } from '../gateway/register-gateway.js';
import { HEALTH_PROBE_TIMEOUT_MS, HEARTBEAT_INTERVAL_MS, LANDMARKS_CACHE_MS } from '../limits.js';
import { openAssets, registerAssetRoutes } from './asset-routes.js';
import type { CanopyOptions } from './canopy/canopy-options.js';
import { registerCanopyRoutes } from './canopy/canopy-routes.js';
import { Canopy } from './canopy/canopy-service.js';
import { CheckpointIntake } from './checkpoint-intake.js';
import { CoordinatorCore } from './coordinator-core.js';
import { type ApplyEffects, effectApplier } from './coordinator-effects.js';
import { sendError } from './coordinator-errors.js';
import { loadCoordinatorKey } from './coordinator-key.js';
import { CoordinatorMetrics } from './coordinator-metrics.js';
import { registerCoordinatorRoutes, type SessionView, sessionView } from './coordinator-routes.js';
import { chooseLandmarks } from './landmarks.js';
import { NodeLinks } from './node-links.js';
import type { NodeSummary } from './node-table.js';
import { type OpenSession, sessionOpener } from './open-session.js';
import { sessionResumer } from './resume-session.js';
import { adoptReportedSession, releaseMovedNode } from './session-adoption.js';
import { SessionJournal } from './session-journal.js';
import { DEFAULT_PRICE } from './settlement/default-price.js';
import { openSettlement } from './settlement/open-settlement.js';

export interface CoordinatorOptions {
  /** Holds the coordinator key (coordinator-key.pkcs8) and the asset store. */
  readonly dataDir: string;
  /** The grid name, every ticket's audience (default `devnet`). */
  readonly grid?: string;
  readonly label?: string;
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Where structured logs go; false or absent: nowhere. */
  readonly logger?: Logger | false;
  /** Heartbeat interval nodes are told to keep (default HEARTBEAT_INTERVAL_MS). */
  readonly heartbeatMs?: number;
  /** Silence after suspicion that confirms a failure without a probe answer (FAILURE_CONFIRM_MS). */
  readonly failureConfirmMs?: number;
  /** How long a health probe may take (HEALTH_PROBE_TIMEOUT_MS). */
  readonly probeTimeoutMs?: number;
  /** Ticket lifetime, and so how long an unattached reservation is held (wire TICKET_TTL_MS). */
  readonly ticketTtlMs?: number;
  /** Devnet only: play a city of a latency matrix (latency-emulation.ts in @mycel/wire). */
  readonly emulation?: LatencyEmulation;
  /**
   * Where checkpoints and the session journal live: a PostgreSQL URL, or by default SQLite at
   * `<dataDir>/sessions.sqlite`.
   */
  readonly postgresUrl?: string;
  /**
   * A SQLite session store at this path instead of `<dataDir>/sessions.sqlite`: coordinators on
   * one machine may share it (WAL; the devnet's switching story, docs/spec/mmp-switching.md).
   */
  readonly sessionStorePath?: string;
  /**
   * What a second of a session costs (integer minor units), quoted to clients and metered by
   * nodes; default DEFAULT_PRICE.
   */
  readonly price?: Amount;
  /** The party the protocol's share of every fee goes to; default the coordinator's own DID. */
  readonly protocol?: string;
  /** Join a canopy of coordinators: summaries, overflow, treaties (docs/spec/mmp-canopy.md). */
  readonly canopy?: CanopyOptions;
}

export interface CoordinatorSnapshot {
  readonly nodes: NodeSummary[];
  readonly sessions: SessionView[];
}

export interface RunningCoordinator {
  readonly url: string;
  readonly did: string;
  readonly grid: string;
  /** The function POST /v1/sessions runs; the gateway calls it in process. */
  readonly openSession: OpenSession;
  snapshot(): CoordinatorSnapshot;
  readonly app: FastifyInstance;
  readonly core: CoordinatorCore;
  close(): Promise<void>;
}

export async function startCoordinator(options: CoordinatorOptions): Promise<RunningCoordinator> {
  const logger =
    options.logger === undefined || options.logger === false
      ? pino({ enabled: false })
      : options.logger;
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_INTERVAL_MS;
  if (!Number.isInteger(heartbeatMs) || heartbeatMs < 1) {
    throw new RangeError(`heartbeatMs must be a whole number of ms ≥ 1, not ${heartbeatMs}`);
  }
  const signer = await loadCoordinatorKey(options.dataDir);
  const core = new CoordinatorCore({
    grid: options.grid ?? 'devnet',
    signer,
    heartbeatMs,
    ...(options.failureConfirmMs === undefined
      ? {}
      : { failureConfirmMs: options.failureConfirmMs }),
    ...(options.ticketTtlMs === undefined ? {} : { ticketTtlMs: options.ticketTtlMs }),
  });
  // The canopy (issue 6, H3): checked before anything opens; a bad configuration throws.
  const canopy =
    options.canopy === undefined
      ? undefined
      : new Canopy(
          { core, signer, options: options.canopy, price: options.price ?? DEFAULT_PRICE, logger },
          Date.now(),
        );
  const store = await openAssets(options.dataDir, core.catalog, Date.now());
  const sessionStore: SessionStore = await openSessionStore(
    options.postgresUrl === undefined
      ? { sqlitePath: options.sessionStorePath ?? join(options.dataDir, SESSION_STORE_FILE) }
      : { postgresUrl: options.postgresUrl },
  );
  const price = options.price ?? DEFAULT_PRICE;
  const settlement = await openSettlement({
    dataDir: options.dataDir,
    postgresUrl: options.postgresUrl,
    federation: core.grid,
    protocol: options.protocol ?? core.did,
    price,
    signer,
    sessions: sessionStore,
    logger,
    session: (sid) => core.sessions.get(sid),
    send: (node, ack) => links.sendTo(node, ack),
  }).catch(async (error) => {
    await sessionStore.close();
    throw error;
  });
  const journal = new SessionJournal(sessionStore, core);
  const restored = await journal.load();
  core.restoreSessions(restored, Date.now());
  if (restored.length > 0) logger.info({ sessions: restored.length }, 'sessions restored');
  const metrics = new CoordinatorMetrics(core);
  const stopping = new AbortController();
  const landmarks = cachedLandmarks(core);
  const applyEffects: ApplyEffects = effectApplier({
    core,
    logger,
    probeTimeoutMs: options.probeTimeoutMs ?? HEALTH_PROBE_TIMEOUT_MS,
    emulation: options.emulation,
    stopping: stopping.signal,
    closeLink: (node, reason) => links.closeNode(node, reason),
    membershipChanged: () => {
      landmarks.invalidate();
      links.membershipChanged();
    },
    store: sessionStore,
    metrics,
    flushJournal: () => journal.flush(),
    sendTo: (node, frame) => links.sendTo(node, frame),
  });
  const intake = new CheckpointIntake({
    core,
    store: sessionStore,
    metrics,
    logger,
    send: (node, frame) => links.sendTo(node, frame),
    nowMs: () => Date.now(),
  });
  const links = new NodeLinks({
    core,
    metrics,
    logger,
    heartbeatMs,
    emulation: options.emulation,
    landmarks: landmarks.get,
    onRegistered: landmarks.invalidate,
    applyEffects,
    offerCheckpoint: (node, checkpoint) => void intake.offer(node, checkpoint),
    offerUsage: (node, proof) => void settlement.intake.offer(node, proof),
    price,
    refuseSession: (node, sid, epoch, code, message) =>
      intake.refuse(node, sid, epoch, code, message),
    // Switching coordinators (issue 6, H4): sessions a moving node brings, and those it takes away.
    adoptSession: (node, frame) =>
      adoptReportedSession(core, sessionStore, node, frame, () => Date.now()),
    nodeMoved: (node) => {
      const released = releaseMovedNode(core, node);
      if (released.length > 0) logger.info({ node, sessions: released.length }, 'node moved away');
    },
    nowMs: () => Date.now(),
  });

  const openSession = sessionOpener(
    core,
    metrics,
    logger,
    journal,
    canopy === undefined
      ? undefined
      : (request, code, nowMs) => canopy.overflow(request, code, nowMs),
  );
  const resumeSession = sessionResumer({ core, journal, applyEffects, metrics, logger });
  const app = buildApp(logger, options.emulation);
  const label = options.label ?? 'coordinator';
  registerCoordinatorRoutes(app, {
    core,
    metrics,
    openSession,
    resumeSession,
    label,
    landmarks: landmarks.get,
    price,
  });
  settlement.registerRoutes(app);
  if (canopy !== undefined) registerCanopyRoutes(app, { canopy, openSession, price });
  registerAssetRoutes(app, store, core.catalog, logger);
  // The OpenAI-compatible gateway (packages/grid/src/gateway) opens sessions through the same
  // function, in process.
  registerGateway(app, {
    openSession,
    logger,
    ...(options.emulation === undefined ? {} : { emulation: options.emulation }),
  });
  app.server.on('upgrade', (request, socket, head) => {
    const path = (request.url ?? '').split('?')[0];
    if (path === COORDINATOR_PATHS.nodeLink) return links.handleUpgrade(request, socket, head);
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });

  try {
    await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  } catch (error) {
    // A port in use, say: nothing of this coordinator may stay behind.
    await links.close();
    await app.close();
    await settlement.close();
    await sessionStore.close();
    throw error;
  }
  const timers = [
    setInterval(
      () => {
        applyEffects(core.tick(Date.now()));
        links.sendPeersIfDue();
        // Reports and checkpoints change sessions too; their rows follow within a tick.
        journal.flush().catch((error) => logger.error({ err: error }, 'journal write failed'));
      },
      Math.max(5, Math.floor(heartbeatMs / 2)),
    ),
    setInterval(() => links.pingAll(), heartbeatMs),
  ];
  for (const timer of timers) timer.unref();

  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url, did: core.did, grid: core.grid, heartbeatMs }, 'coordinator listening');
  canopy?.start(url);

  let closed: Promise<void> | undefined;
  const close = async () => {
    for (const timer of timers) clearInterval(timer);
    stopping.abort();
    await canopy?.close();
    await links.close();
    await app.close();
    await journal.flush().catch(() => undefined);
    await settlement.close();
    await sessionStore.close();
    logger.info({ did: core.did }, 'coordinator stopped');
  };
  return {
    url,
    did: core.did,
    grid: core.grid,
    openSession,
    app,
    core,
    snapshot: () => snapshotOf(core),
    close: () => {
      closed ??= close();
      return closed;
    },
  };
}

/** The session store's file in the data directory (SQLite, the default driver). */
const SESSION_STORE_FILE = 'sessions.sqlite';

function snapshotOf(core: CoordinatorCore): CoordinatorSnapshot {
  return {
    nodes: [...core.nodes.records()].map((record) => core.nodes.summary(record)),
    sessions: [...core.sessions.all()]
      .filter((entry) => entry.state !== 'requested' && entry.state !== 'placing')
      .map(sessionView),
  };
}

function buildApp(logger: Logger, emulation: LatencyEmulation | undefined): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: wireLimits.OPEN_SESSION_BODY_BYTES_MAX,
    // Requests are not logged one by one; the coordinator logs what it decides.
    logController: new LogController({ disableRequestLogging: true }),
  }) as unknown as FastifyInstance;
  // Bodies are JSON (sessions) or raw bytes (assets, asset-routes.ts); nothing else is parsed.
  app.removeContentTypeParser('text/plain');

  if (emulation !== undefined) {
    // A request from another emulated city arrives one one-way delay late; answers say where from.
    app.addHook('onRequest', async (request, reply) => {
      const city = request.headers[CITY_HEADER];
      if (typeof city !== 'string') return;
      let delayMs: number;
      try {
        delayMs = emulation.oneWayMs(city, emulation.city);
      } catch {
        return sendError(reply, {
          code: 'request_malformed',
          message: `unknown emulated city ${city}`,
        });
      }
      if (delayMs > 0) await new Promise((done) => setTimeout(done, delayMs));
    });
    app.addHook('onSend', async (_request, reply) => {
      reply.header(CITY_HEADER, emulation.city);
    });
  }

  app.setErrorHandler(
    (error: { code?: string; statusCode?: number; message: string }, request, reply) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        return sendError(reply, {
          code: 'request_too_large',
          message: 'the request body is over the size limit',
        });
      }
      if (error.statusCode !== undefined && error.statusCode < 500) {
        return sendError(
          reply,
          { code: 'request_malformed', message: error.message },
          error.statusCode === 415 ? 415 : 400,
        );
      }
      request.log.error({ err: error }, 'request failed');
      return sendError(reply, {
        code: 'internal_error',
        message: 'the coordinator failed; see its log',
      });
    },
  );

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, {
      code: 'route_not_found',
      message: `${request.method} ${request.url.split('?')[0]} is not part of the coordinator's API`,
    }),
  );
  return app;
}

/**
 * Landmarks change slowly: they are recomputed at most every LANDMARKS_CACHE_MS, and after
 * membership changed.
 */
function cachedLandmarks(core: CoordinatorCore) {
  let landmarks: readonly Landmark[] = [];
  let computedAtMs = Number.NEGATIVE_INFINITY;
  return {
    get: (): readonly Landmark[] => {
      const nowMs = Date.now();
      if (nowMs - computedAtMs >= LANDMARKS_CACHE_MS) {
        landmarks = chooseLandmarks(core.nodes, wireLimits.LANDMARKS_MAX);
        computedAtMs = nowMs;
      }
      return landmarks;
    },
    invalidate: (): void => {
      computedAtMs = Number.NEGATIVE_INFINITY;
    },
  };
}
