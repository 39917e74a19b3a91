/**
 * The canopy's HTTP routes on a coordinator (CANOPY_PATHS): peers post their summaries, a
 * neighbour forwards a session it could not place, and anyone may read what this coordinator
 * knows of its canopy. Errors are the coordinator's `{ error: { code, message } }`; summary
 * refusals carry MMP codes (summary_*), forward refusals wire codes.
 */
import type { Amount, JsonValue } from '@mycel/kernel';
import type { MeshErrorCode } from '@mycel/mesh';
import type { FastifyInstance } from 'fastify';
import { CANOPY_BODY_BYTES_MAX } from '../../limits.js';
import { sendError } from '../coordinator-errors.js';
import type { OpenSession } from '../open-session.js';
import { CANOPY_PATHS } from './canopy-paths.js';
import type { Canopy, CanopyPlaced } from './canopy-service.js';

export interface CanopyRouteContext {
  readonly canopy: Canopy;
  readonly openSession: OpenSession;
  readonly price: Amount;
}

/** HTTP status of each summary refusal; every one is the sender's fault but the full book. */
const SUMMARY_STATUS: Readonly<Partial<Record<MeshErrorCode, number>>> = {
  summary_schema_invalid: 400,
  summary_signature_invalid: 403,
  summary_colony_not_owned: 403,
  summary_replayed: 409,
  summary_stale: 422,
  summary_from_future: 422,
  summary_rate_exceeded: 429,
  summary_book_full: 503,
};

export function registerCanopyRoutes(app: FastifyInstance, context: CanopyRouteContext): void {
  const { canopy } = context;
  const limits = { bodyLimit: CANOPY_BODY_BYTES_MAX };

  app.get(CANOPY_PATHS.canopy, async () => canopy.view());

  app.post(CANOPY_PATHS.summaries, limits, async (request, reply) => {
    const taken = canopy.receive(request.body as JsonValue, Date.now());
    if (!taken.ok) {
      const { code, message } = taken.error;
      return reply.code(SUMMARY_STATUS[code] ?? 422).send({ error: { code, message } });
    }
    return reply.code(202).send({ coordinator: taken.value.coordinator, seq: taken.value.seq });
  });

  app.post(CANOPY_PATHS.place, limits, async (request, reply) => {
    const nowMs = Date.now();
    const placed = await canopy.place(request.body, nowMs, (open) =>
      context.openSession(open, nowMs, { overflow: false }),
    );
    if (!placed.ok) {
      const status = placed.error.code === 'canopy_forward_invalid' ? 403 : undefined;
      return sendError(reply, placed.error, status);
    }
    const { placedBy: _never, ...session } = placed.value;
    const answer: CanopyPlaced = {
      placed: { ...session, price: context.price },
      coordinator: { coordinator: canopy.did, url: canopy.view().url },
    };
    return reply.code(201).send(answer);
  });
}
