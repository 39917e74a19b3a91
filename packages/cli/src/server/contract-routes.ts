/**
 * Coordination contracts over HTTP (docs/spec/contracts.md, "HTTP API"), beside the proof log:
 * append one signed contract event, read a contract replayed at a time, read its signed events.
 * A thin shell: the contract store replays the contract with the event and appends it only if
 * that succeeds (kernel rules, signatures, chain); a refused event stores nothing and answers
 * with its code. Registered as its own fastify plugin, so its error handler (the body limit in
 * the store's words) covers these routes only.
 */
import {
  CONTENT_ID_PATTERN,
  type ContractState,
  formatTimestamp,
  parseJsonBytes,
  parseTimestamp,
} from '@mycel/kernel';
import { type ContractStore, StoreError } from '@mycel/store';
import type { FastifyInstance } from 'fastify';
import { HTTP_CONTRACT_EVENT_BYTES_MAX } from '../limits.js';
import { codedAnswers } from './coded-answers.js';

export interface ContractRouteOptions {
  readonly store: ContractStore;
  /** The clock events are replayed at and `at` defaults to (Date.now in the service). */
  readonly now: () => number;
}

/**
 * Statuses of the contract codes: a chain conflict 409, who signed 403, an unknown contract 404,
 * an oversize event 413; every other contract_* rule (and the other kernel checks) 422, as the
 * log service answers any broken protocol rule; json_* 400.
 */
export const CONTRACT_STATUS_BY_CODE: Record<string, number> = {
  contract_unknown: 404,
  contract_event_too_large: 413,
  contract_event_prev_mismatch: 409,
  contract_event_out_of_order: 409,
  contract_event_signer_not_party: 403,
  contract_event_signer_mismatch: 403,
  contract_event_role_forbidden: 403,
  signature_invalid: 403,
  signature_missing: 403,
};

const {
  send: sendError,
  answering,
  errorHandler,
} = codedAnswers(
  CONTRACT_STATUS_BY_CODE,
  (error: unknown): error is StoreError => error instanceof StoreError,
);

const CONTRACT_ID = new RegExp(CONTENT_ID_PATTERN);

/** The replayed state as JSON: its time as `at` (RFC 3339) instead of milliseconds. */
function stateJson(contract: string, state: ContractState) {
  const { nowMs, ...rest } = state;
  return { ...rest, contract, at: formatTimestamp(nowMs) };
}

export function contractRoutes(options: ContractRouteOptions) {
  const { store, now } = options;
  return async function registerContractRoutes(app: FastifyInstance): Promise<void> {
    app.setErrorHandler(
      errorHandler(
        {
          code: 'contract_event_too_large',
          message: `a contract event is at most ${HTTP_CONTRACT_EVENT_BYTES_MAX} bytes`,
        },
        'the contract store',
      ),
    );

    app.post(
      '/v1/contracts/events',
      { bodyLimit: HTTP_CONTRACT_EVENT_BYTES_MAX },
      async (request, reply) => {
        const body = request.body;
        if (!(body instanceof Buffer)) {
          return sendError(reply, 'json_malformed', 'send the signed event as the request body');
        }
        const parsed = parseJsonBytes(
          new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
        );
        if (!parsed.ok) {
          return sendError(reply, parsed.error.code, parsed.error.message, parsed.error.path);
        }
        return answering(reply, async () => {
          const appended = await store.appendEvent(parsed.value, now());
          if (!appended.ok) {
            const { code, message, path } = appended.error;
            return sendError(reply, code, message, path);
          }
          const { outcome, contract, position, state } = appended.value;
          return reply.code(outcome === 'appended' ? 201 : 200).send({
            outcome,
            contract,
            position,
            state: stateJson(contract, state),
          });
        });
      },
    );

    app.get<{ Params: { id: string }; Querystring: { at?: unknown } }>(
      '/v1/contracts/:id',
      async (request, reply) => {
        const { id } = request.params;
        if (!CONTRACT_ID.test(id)) {
          return sendError(reply, 'argument_invalid', 'a contract id is sha256:<64 hex>');
        }
        const { at } = request.query;
        let atMs = now();
        if (at !== undefined) {
          const parsed = typeof at === 'string' ? parseTimestamp(at) : undefined;
          if (parsed === undefined) {
            return sendError(
              reply,
              'argument_invalid',
              'at is an RFC 3339 UTC time such as 2026-11-28T10:00:00Z',
            );
          }
          atMs = parsed;
        }
        return answering(reply, async () => {
          const state = await store.state(id, atMs);
          if (!state.ok) {
            return sendError(reply, state.error.code, state.error.message, state.error.path);
          }
          return reply.send(stateJson(id, state.value));
        });
      },
    );

    app.get<{ Params: { id: string } }>('/v1/contracts/:id/events', async (request, reply) => {
      const { id } = request.params;
      if (!CONTRACT_ID.test(id)) {
        return sendError(reply, 'argument_invalid', 'a contract id is sha256:<64 hex>');
      }
      return answering(reply, async () => {
        const events = await store.events(id);
        if (events.length === 0) {
          return sendError(reply, 'contract_unknown', `this service holds no contract ${id}`);
        }
        return reply.send({
          contract: id,
          events: events.map((stored) => ({
            position: stored.position,
            id: stored.id,
            type: stored.type,
            storedAt: formatTimestamp(stored.storedAtMs),
            event: stored.event,
          })),
        });
      });
    });
  };
}
