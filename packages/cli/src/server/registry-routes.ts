/**
 * The capability registry over HTTP (docs/spec/registry.md, "HTTP API"), beside the proof log:
 * search adverts in force, publish a signed advert, read a producer's track record. A thin shell:
 * the kernel checks an advert (as `mycel registry publish` does) and the registry decides the
 * rest. Query parameters go to the registry as they are: it checks each against its pattern and
 * binds it as a parameter, never as SQL. Registered as its own fastify plugin, so its error
 * handler (the body limit in the registry's words) covers these routes only.
 */
import {
  type CapabilityAdvert,
  checkCapabilityAdvert,
  checkCapabilityCurrent,
  checkCapabilitySigned,
  parseDidKey,
  parseJsonBytes,
  type Result,
  reputation,
} from '@mycel/kernel';
import {
  type CapabilityRegistry,
  RegistryError,
  type RegistryHit,
  type RegistryQuery,
  StoreError,
} from '@mycel/store';
import type { FastifyInstance } from 'fastify';
import { HTTP_ADVERT_BYTES_MAX } from '../limits.js';
import { parseWholeNumber } from '../whole-number.js';
import { codedAnswers } from './coded-answers.js';

export interface RegistryRouteOptions {
  readonly registry: CapabilityRegistry;
  /** The clock adverts are checked and searched at (Date.now in the service). */
  readonly now: () => number;
}

/**
 * Statuses of the registry's and the advert check's codes; everything else is as the log service
 * answers it (json_* 400, store_* 503, any other rule 422).
 */
export const REGISTRY_STATUS_BY_CODE: Record<string, number> = {
  registry_query_invalid: 400,
  body_too_large: 413,
  capability_signature_invalid: 403,
  registry_advert_unsigned: 403,
  registry_advert_stale: 409,
};

const {
  send: sendError,
  answering,
  errorHandler,
} = codedAnswers(
  REGISTRY_STATUS_BY_CODE,
  (error: unknown): error is RegistryError | StoreError =>
    error instanceof RegistryError || error instanceof StoreError,
);

/** The query parameters search takes; any other is registry_query_invalid. */
const SEARCH_PARAMETERS = new Set([
  'mip',
  'near',
  'radiusKm',
  'minConfidence',
  'currency',
  'unit',
  'maxPrice',
  'label',
  'federation',
  'limit',
]);

class QueryRefusal extends Error {}

function refuse(message: string): never {
  throw new QueryRefusal(message);
}

/** A finite decimal number, or a refusal naming the parameter. */
function numberParameter(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) refuse(`${name} takes a number`);
  return value;
}

/** The search query from the query string, every present text field handed on unchanged. */
export function searchQueryOf(parameters: Record<string, unknown>): RegistryQuery {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(parameters)) {
    if (!SEARCH_PARAMETERS.has(name)) refuse(`${name} is not a search parameter`);
    if (typeof value !== 'string') refuse(`${name} is given once`);
    text[name] = value;
  }
  const query: Record<string, unknown> = {};
  for (const name of ['mip', 'currency', 'unit', 'label', 'federation'] as const) {
    if (text[name] !== undefined) query[name] = text[name];
  }
  if (text.maxPrice !== undefined) query.maxPriceMinor = text.maxPrice;
  if (text.minConfidence !== undefined) {
    query.minConfidence = numberParameter('minConfidence', text.minConfidence);
  }
  if (text.limit !== undefined) {
    query.limit = parseWholeNumber(text.limit) ?? refuse('limit takes a whole number');
  }
  if (text.near !== undefined || text.radiusKm !== undefined) {
    if (text.near === undefined || text.radiusKm === undefined) {
      refuse('near=LAT,LON and radiusKm go together');
    }
    const parts = text.near.split(',');
    if (parts.length !== 2) refuse('near takes LAT,LON');
    query.near = {
      lat: numberParameter('near latitude', parts[0]!),
      lon: numberParameter('near longitude', parts[1]!),
      radiusKm: numberParameter('radiusKm', text.radiusKm),
    };
  }
  return query as RegistryQuery;
}

/** A hit as JSON: meanConfidence is null (not absent) for a producer without accepted proofs. */
function hitJson(hit: RegistryHit) {
  return { ...hit, meanConfidence: hit.meanConfidence ?? null };
}

/** The advert the body holds, checked by the kernel as `mycel registry publish` checks it. */
function checkedAdvert(bytes: Uint8Array, nowMs: number): Result<CapabilityAdvert> {
  const parsed = parseJsonBytes(bytes);
  if (!parsed.ok) return parsed;
  const advert = checkCapabilityAdvert(parsed.value);
  if (!advert.ok) return advert;
  const signed = checkCapabilitySigned(advert.value, nowMs);
  if (!signed.ok) return signed;
  const current = checkCapabilityCurrent(advert.value, nowMs);
  if (!current.ok) return current;
  return advert;
}

export function registryRoutes(options: RegistryRouteOptions) {
  const { registry, now } = options;
  return async function registerRegistryRoutes(app: FastifyInstance): Promise<void> {
    app.setErrorHandler(
      errorHandler(
        {
          code: 'body_too_large',
          message: `an advert is at most ${HTTP_ADVERT_BYTES_MAX} bytes`,
        },
        'the registry',
      ),
    );

    app.get<{ Querystring: Record<string, unknown> }>(
      '/v1/registry/search',
      async (request, reply) => {
        let query: RegistryQuery;
        try {
          query = searchQueryOf(request.query);
        } catch (error) {
          if (error instanceof QueryRefusal) {
            return sendError(reply, 'registry_query_invalid', error.message);
          }
          throw error;
        }
        return answering(reply, async () => {
          const hits = await registry.search(query, now());
          return reply.send({ hits: hits.map(hitJson) });
        });
      },
    );

    app.post(
      '/v1/registry/adverts',
      { bodyLimit: HTTP_ADVERT_BYTES_MAX },
      async (request, reply) => {
        const body = request.body;
        if (!(body instanceof Buffer)) {
          return sendError(reply, 'json_malformed', 'send the signed advert as the request body');
        }
        const nowMs = now();
        const bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
        const advert = checkedAdvert(bytes, nowMs);
        if (!advert.ok) {
          return sendError(reply, advert.error.code, advert.error.message, advert.error.path);
        }
        return answering(reply, async () => {
          const outcome = await registry.publish(advert.value, nowMs);
          return reply.code(outcome === 'published' ? 201 : 200).send({
            outcome,
            id: advert.value.id,
            producer: advert.value.producer,
            federation: advert.value.federation,
            expiresAt: advert.value.expiresAt,
          });
        });
      },
    );

    app.get<{ Params: { did: string } }>(
      '/v1/registry/producers/:did/track-record',
      async (request, reply) => {
        const { did } = request.params;
        if (!parseDidKey(did).ok) {
          return sendError(reply, 'argument_invalid', 'the producer is a did:key');
        }
        return answering(reply, async () => {
          const trackRecord = await registry.trackRecord(did);
          return reply.send({
            producer: did,
            trackRecord,
            reputation: reputation(trackRecord),
            meanConfidence:
              trackRecord.accepted > 0 ? trackRecord.confidenceSum / trackRecord.accepted : null,
          });
        });
      },
    );
  };
}
