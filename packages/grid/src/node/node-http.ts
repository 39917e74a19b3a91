/**
 * The node's HTTP endpoints (NODE_PATHS): health, admission and ping, answered from memory on the
 * main event loop, never through a worker, so they stay fast while every inference worker is
 * saturated (BENCHMARKS `planes`); and drain, for the operator holding the control token.
 */
import type { VivaldiCoordinate } from '@mycel/mesh';
import {
  cityHeaders,
  cityOf,
  inboundDelayMs,
  isLatencyClass,
  type LatencyClass,
  type LatencyEmulation,
  NODE_PATHS,
  sleepMs,
  type WireErrorCode,
} from '@mycel/wire';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { WorkerHealth } from '../inference/turn-request.js';
import { AGENT_QUERY_CHARS_MAX } from '../limits.js';
import { carriesToken } from './node-control.js';
import type { AdmissionAnswer } from './session-slots.js';

export interface NodeHealth {
  readonly status: 'ok' | 'degraded';
  readonly did: string;
  readonly sessions: number;
  readonly workers: WorkerHealth[];
  readonly eventLoopLagMs: number;
}

export interface NodeHttpOptions {
  health(): NodeHealth;
  /** Admission for one agent reference (attacker-controlled) and latency class. */
  admission(agent: string, latencyClass: LatencyClass): AdmissionAnswer;
  coordinate(): VivaldiCoordinate;
  /** The operator's token (node-control.ts) and what a drain does. */
  readonly control?: {
    token(): string | undefined;
    drain(timeoutMs: number | undefined): Promise<unknown>;
  };
  readonly emulation?: LatencyEmulation;
}

/** Longest query string part accepted for `agent`. */

function sendError(reply: FastifyReply, status: number, code: WireErrorCode, message: string) {
  return reply.code(status).send({ error: { code, message } });
}

export function buildNodeHttp(options: NodeHttpOptions): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 1024 });
  const emulation = options.emulation;
  if (emulation !== undefined) {
    const own = cityHeaders(emulation);
    app.addHook('onRequest', async (request) => {
      await sleepMs(inboundDelayMs(emulation, cityOf(request.headers)));
    });
    app.addHook('onSend', async (_request, reply, payload) => {
      for (const [name, value] of Object.entries(own)) reply.header(name, value);
      return payload;
    });
  }

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, 'route_not_found', `${request.method} ${request.url} is not a node API`),
  );

  app.get(NODE_PATHS.health, async () => options.health());

  app.get<{ Querystring: { agent?: string; class?: string } }>(
    NODE_PATHS.admission,
    async (request, reply) => {
      const { agent, class: latencyClass } = request.query;
      if (typeof agent !== 'string' || agent.length === 0 || agent.length > AGENT_QUERY_CHARS_MAX) {
        return sendError(
          reply,
          400,
          'request_malformed',
          'name the agent: ?agent=tutor&class=voice',
        );
      }
      if (!isLatencyClass(latencyClass)) {
        return sendError(
          reply,
          400,
          'request_malformed',
          'class is one of robot, voice, interactive, batch',
        );
      }
      return options.admission(agent, latencyClass);
    },
  );

  app.get(NODE_PATHS.ping, async () => ({ coordinate: options.coordinate() }));

  app.post<{ Querystring: { timeoutMs?: string } }>(NODE_PATHS.drain, async (request, reply) => {
    const token = options.control?.token();
    if (token === undefined || !carriesToken(request.headers.authorization, token)) {
      return sendError(reply, 403, 'control_token_invalid', 'send the token from control.json');
    }
    const raw = request.query.timeoutMs;
    const timeoutMs = raw === undefined ? undefined : Number(raw);
    if (timeoutMs !== undefined && (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1)) {
      return sendError(reply, 400, 'request_malformed', 'timeoutMs is a whole number of ms');
    }
    return options.control!.drain(timeoutMs);
  });

  return app;
}
