/**
 * `mycel log serve`: the proof log over HTTP. POST a proof and get its index and inclusion proof;
 * GET the checkpoint, entries and proofs. A thin shell: every decision is ProofLog's.
 */
import { toBase64 } from '@mycel/kernel';
import type { ProofLog } from '@mycel/store';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import {
  HTTP_BODY_BYTES_MAX,
  HTTP_ENTRIES_PER_PAGE_MAX,
  PUSHBACK_RETRY_AFTER_SECONDS,
} from '../limits.js';
import { loggedProofJson } from '../log-answers.js';
import { parseWholeNumber } from '../whole-number.js';
import { type ContractRouteOptions, contractRoutes } from './contract-routes.js';
import { type EvidenceRouteOptions, evidenceRoutes } from './evidence-routes.js';
import { httpStatusFor } from './http-status.js';
import { type RegistryRouteOptions, registryRoutes } from './registry-routes.js';

export interface LogServerOptions {
  readonly log: ProofLog;
  /** pino options for fastify's logger, or false for none. */
  readonly logger?: boolean | { level: string };
  /** The evidence vault routes (/v1/evidence...), when the service keeps evidence. */
  readonly evidence?: EvidenceRouteOptions;
  /** The capability registry routes (/v1/registry/...), when the service keeps a registry. */
  readonly registry?: RegistryRouteOptions;
  /** The coordination contract routes (/v1/contracts/...), when the service keeps contracts. */
  readonly contracts?: ContractRouteOptions;
}

function sendError(reply: FastifyReply, code: string, message: string, path?: string) {
  const status = httpStatusFor(code);
  if (status === 503) reply.header('retry-after', String(PUSHBACK_RETRY_AFTER_SECONDS));
  return reply
    .code(status)
    .send({ error: path === undefined ? { code, message } : { code, message, path } });
}

/** A whole number query parameter, or undefined when absent; NaN marks a malformed one. */
function sizeParameter(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return parseWholeNumber(value) ?? Number.NaN;
}

export function buildLogServer(options: LogServerOptions): FastifyInstance {
  const { log } = options;
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: HTTP_BODY_BYTES_MAX });
  app.removeContentTypeParser(['application/json', 'text/plain']);
  // Proofs are verified from their exact bytes (duplicate keys, canonical form): no JSON parsing here.
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: HTTP_BODY_BYTES_MAX },
    (_request, body, done) => done(null, body),
  );

  app.setErrorHandler(
    (error: { code?: string; statusCode?: number; message: string }, _request, reply) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        return sendError(
          reply,
          'proof_oversize',
          `a proof is at most ${HTTP_BODY_BYTES_MAX} bytes`,
        );
      }
      if (error.statusCode !== undefined && error.statusCode < 500)
        return sendError(reply, 'argument_invalid', error.message);
      reply.log.error(error);
      return reply.code(500).send({
        error: { code: 'internal_error', message: 'the log service failed; see its log' },
      });
    },
  );

  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      'route_not_found',
      `${request.method} ${request.url} is not part of the log's API`,
    ),
  );

  app.post('/v1/proofs', async (request, reply) => {
    const body = request.body;
    if (!(body instanceof Buffer))
      return sendError(reply, 'json_malformed', 'send the proof as the request body');
    const result = await log.submit(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
    if (!result.ok)
      return sendError(reply, result.error.code, result.error.message, result.error.path);
    return reply.code(result.value.duplicate ? 200 : 201).send(loggedProofJson(result.value));
  });

  app.get('/v1/checkpoint', async (_request, reply) => {
    const head = await log.head();
    if (head.checkpoint === undefined)
      return sendError(reply, 'log_empty', 'nothing has been logged yet');
    return reply.type('text/plain; charset=utf-8').send(head.checkpoint);
  });

  app.get('/v1/log-key', async (_request, reply) =>
    reply.type('text/plain; charset=utf-8').send(`${log.verifierKey()}\n`),
  );

  app.get<{ Querystring: { start?: string; end?: string } }>(
    '/v1/entries',
    async (request, reply) => {
      const start = sizeParameter(request.query.start) ?? 0;
      const end = sizeParameter(request.query.end) ?? start + HTTP_ENTRIES_PER_PAGE_MAX;
      if (Number.isNaN(start) || Number.isNaN(end) || end < start) {
        return sendError(
          reply,
          'argument_invalid',
          'start and end are whole numbers, start <= end',
        );
      }
      const entries = await log.readEntries(
        start,
        Math.min(end, start + HTTP_ENTRIES_PER_PAGE_MAX),
      );
      return reply.send({
        entries: entries.map((entry) => ({
          index: entry.index,
          id: entry.id,
          // The log wrote these bytes itself (canonical JSON of a verified proof).
          proof: JSON.parse(new TextDecoder().decode(entry.bytes)),
        })),
      });
    },
  );

  app.get<{ Params: { id: string } }>('/v1/proofs/:id', async (request, reply) => {
    const index = await log.findIndex(request.params.id);
    if (index === undefined)
      return sendError(reply, 'entry_not_found', `${request.params.id} is not in the log`);
    return inclusionAnswer(reply, index, undefined);
  });

  app.get<{ Querystring: { index?: string; size?: string } }>(
    '/v1/inclusion',
    async (request, reply) => {
      const index = sizeParameter(request.query.index);
      const size = sizeParameter(request.query.size);
      if (index === undefined || Number.isNaN(index) || Number.isNaN(size)) {
        return sendError(
          reply,
          'argument_invalid',
          'index (and optionally size) are whole numbers',
        );
      }
      return inclusionAnswer(reply, index, size);
    },
  );

  async function inclusionAnswer(
    reply: FastifyReply,
    index: number,
    requestedSize: number | undefined,
  ) {
    const treeSize = requestedSize ?? (await log.head()).size;
    const inclusion = await log.proveInclusion(index, treeSize);
    if (!inclusion.ok) return sendError(reply, inclusion.error.code, inclusion.error.message);
    const [entry] = await log.readEntries(index, index + 1);
    const checkpoint = await log.checkpointAt(treeSize);
    return reply.send({
      id: entry?.id,
      index,
      treeSize,
      checkpoint,
      inclusion: inclusion.value.map(toBase64),
    });
  }

  app.get<{ Querystring: { old?: string; new?: string } }>(
    '/v1/consistency',
    async (request, reply) => {
      const oldSize = sizeParameter(request.query.old);
      const newSize = sizeParameter(request.query.new) ?? (await log.head()).size;
      if (oldSize === undefined || Number.isNaN(oldSize) || Number.isNaN(newSize)) {
        return sendError(reply, 'argument_invalid', 'old (and optionally new) are whole numbers');
      }
      const consistency = await log.proveConsistency(oldSize, newSize);
      if (!consistency.ok)
        return sendError(reply, consistency.error.code, consistency.error.message);
      return reply.send({ oldSize, newSize, consistency: consistency.value.map(toBase64) });
    },
  );

  app.get('/healthz', async () => ({ ok: true, size: (await log.head()).size }));
  if (options.evidence !== undefined) app.register(evidenceRoutes(options.evidence));
  if (options.registry !== undefined) app.register(registryRoutes(options.registry));
  if (options.contracts !== undefined) app.register(contractRoutes(options.contracts));

  return app;
}
