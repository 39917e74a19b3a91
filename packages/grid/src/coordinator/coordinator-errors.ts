/**
 * Coordinator HTTP errors: every error is `{ error: { code, message, retryAfterMs? } }` with a
 * wire error code (wire-error-codes.ts) and the HTTP status below; pushback also carries
 * `Retry-After` in whole seconds.
 */
import type { WireErrorCode } from '@mycel/wire';
import type { FastifyReply } from 'fastify';

const STATUS_BY_CODE: Partial<Record<WireErrorCode, number>> = {
  request_malformed: 400,
  request_too_large: 413,
  agent_unknown: 404,
  session_not_found: 404,
  route_not_found: 404,
  asset_not_found: 404,
  route_no_candidates: 422,
  asset_hash_mismatch: 422,
  route_pushback: 503,
  node_table_full: 503,
  resume_pending: 503,
  resume_proof_invalid: 403,
  resume_seq_ahead: 409,
  session_epoch_conflict: 409,
  session_closed: 410,
  migration_timeout: 410,
  internal_error: 500,
};

export function httpStatusOf(code: WireErrorCode): number {
  return STATUS_BY_CODE[code] ?? 422;
}

export interface CoordinatorError {
  readonly code: WireErrorCode;
  readonly message: string;
  readonly retryAfterMs?: number;
}

export function sendError(reply: FastifyReply, error: CoordinatorError, status?: number) {
  if (error.retryAfterMs !== undefined) {
    reply.header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))));
  }
  const body =
    error.retryAfterMs === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, retryAfterMs: error.retryAfterMs };
  return reply.code(status ?? httpStatusOf(error.code)).send({ error: body });
}
