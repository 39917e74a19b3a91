/**
 * The coordinator's HTTP API (COORDINATOR_PATHS): open and look up sessions, list nodes,
 * landmarks and agents, health and metrics. Thin: every decision is the core's.
 */
import type { Amount } from '@mycel/kernel';
import {
  COORDINATOR_PATHS,
  type CoordinatorInfo,
  type Landmark,
  type LandmarksResponse,
  type SessionRecord,
} from '@mycel/wire';
import type { FastifyInstance } from 'fastify';
import { PLACED_BY_HEADER } from './canopy/canopy-paths.js';
import type { CoordinatorCore } from './coordinator-core.js';
import { sendError } from './coordinator-errors.js';
import type { CoordinatorMetrics } from './coordinator-metrics.js';
import type { OpenSession } from './open-session.js';
import type { ResumeSession } from './resume-session.js';
import type { SessionEntry } from './session-registry.js';

export interface RouteContext {
  readonly core: CoordinatorCore;
  readonly metrics: CoordinatorMetrics;
  readonly openSession: OpenSession;
  readonly resumeSession: ResumeSession;
  readonly label: string;
  readonly landmarks: () => readonly Landmark[];
  /** Quoted with every placement: what the client will be asked to countersign per second. */
  readonly price: Amount;
}

/** What GET /v1/sessions/:sid answers: the wire's SessionRecord. */
export type SessionView = SessionRecord;

export function sessionView(entry: SessionEntry): SessionView {
  return {
    sid: entry.sid,
    epoch: entry.epoch,
    state: entry.state,
    node: entry.node,
    agent: entry.agent,
    class: entry.class,
    client: entry.client,
    turns: entry.turns,
    createdAtMs: entry.createdAtMs,
    updatedAtMs: entry.updatedAtMs,
    ...(entry.reason === undefined ? {} : { reason: entry.reason }),
  };
}

export function registerCoordinatorRoutes(app: FastifyInstance, context: RouteContext): void {
  const { core, metrics, openSession } = context;

  app.get(
    COORDINATOR_PATHS.info,
    async (): Promise<CoordinatorInfo> => ({
      grid: core.grid,
      coordinator: core.did,
      label: context.label,
    }),
  );

  app.post(COORDINATOR_PATHS.sessions, async (request, reply) => {
    // The body is JSON of any shape here; openSession checks it against the wire schema.
    const opened = await openSession(request.body as never);
    if (!opened.ok) return sendError(reply, opened.error);
    // Placed by a canopy neighbour: its answer (and its price) unchanged, and who placed it.
    const { placedBy, ...placed } = opened.value;
    if (placedBy !== undefined) {
      reply.header(PLACED_BY_HEADER, `${placedBy.coordinator} ${placedBy.url}`);
    }
    return reply
      .code(201)
      .send(placed.price === undefined ? { ...placed, price: context.price } : placed);
  });

  app.post<{ Params: { sid: string } }>(COORDINATOR_PATHS.sessionResume, async (request, reply) => {
    const resumed = await context.resumeSession(request.params.sid, request.body);
    if (!resumed.ok) return sendError(reply, resumed.error);
    return reply.code(200).send({ ...resumed.value, price: context.price });
  });

  app.get<{ Params: { sid: string } }>(COORDINATOR_PATHS.session, async (request, reply) => {
    const entry = core.sessions.get(request.params.sid);
    // A session still being placed for the first time is not visible yet.
    if (entry === undefined || entry.state === 'requested' || entry.state === 'placing') {
      return sendError(reply, { code: 'session_not_found', message: 'no session with this id' });
    }
    return sessionView(entry);
  });

  app.get(COORDINATOR_PATHS.nodes, async () => ({
    nodes: [...core.nodes.records()].map((record) => core.nodes.summary(record)),
  }));

  app.get(
    COORDINATOR_PATHS.landmarks,
    async (): Promise<LandmarksResponse> => ({
      landmarks: [...context.landmarks()],
    }),
  );

  app.get(COORDINATOR_PATHS.agents, async () => ({
    agents: core.catalog.list().map(({ name, version, publisher, assetId }) => ({
      name,
      version,
      publisher,
      assetId,
    })),
    builtIns: core.nodes.agents
      .references()
      .filter((name) => !name.startsWith('sha256:'))
      .sort(),
  }));

  app.get(COORDINATOR_PATHS.health, async () => ({
    status: 'ok',
    nodes: core.nodes.size,
    sessions: core.sessions.openCount,
  }));

  app.get(COORDINATOR_PATHS.metrics, async (_request, reply) => {
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });
}
