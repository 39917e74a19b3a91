/**
 * The evidence vault over HTTP (docs/spec/evidence-vault.md), beside the proof log: store raw
 * evidence and get the entry a proof carries, read what the vault knows about a digest, open a
 * challenge, ask for a disclosure, read the disclosure log. A thin shell: every decision is the
 * EvidenceVault's. Raw bytes appear in exactly one answer, a granted disclosure; every other
 * answer is metadata or a coded error. Registered as its own fastify plugin, so its error
 * handler (body limits in the vault's words) covers these routes only.
 */
import {
  CONTENT_ID_PATTERN,
  formatTimestamp,
  type JsonValue,
  type PolicyPack,
  parseJsonBytes,
} from '@mycel/kernel';
import { type Disclosure, type EvidenceVault, StoreError } from '@mycel/store';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  HTTP_DISCLOSURES_PER_PAGE_MAX,
  HTTP_EVIDENCE_BYTES_MAX,
  HTTP_EVIDENCE_DOCUMENT_BYTES_MAX,
} from '../limits.js';
import { parseWholeNumber } from '../whole-number.js';
import { httpStatusFor } from './http-status.js';

export interface EvidenceRouteOptions {
  readonly vault: EvidenceVault;
  /** The federation's checked, signed policy pack: retention and disclosure rules. */
  readonly pack: PolicyPack;
  /** The clock the vault's rules are decided at (Date.now in the service). */
  readonly now: () => number;
}

/** Header naming the disclosure of evidence being stored: private, on-request or public. */
export const DISCLOSURE_HEADER = 'mycel-disclosure';
/** Header naming who produced the evidence being stored (a did:key or device id). */
export const PRODUCER_HEADER = 'mycel-producer';
/** Header on a granted disclosure: its sequence number in the disclosure log. */
export const DISCLOSURE_SEQUENCE_HEADER = 'mycel-disclosure-sequence';

/** Statuses of the vault's codes; everything else is as the log service answers it. */
const STATUS_BY_CODE: Record<string, number> = {
  evidence_too_large: 413,
  evidence_unknown: 404,
  evidence_expired: 410,
  evidence_private: 403,
  evidence_not_challenged: 403,
  challenge_expired: 403,
  challenge_authority_unknown: 403,
  disclosure_signature_invalid: 403,
  challenge_signature_invalid: 403,
  evidence_conflict: 409,
};

function sendError(reply: FastifyReply, code: string, message: string) {
  const status = STATUS_BY_CODE[code] ?? httpStatusFor(code);
  return reply.code(status).send({ error: { code, message } });
}

const DIGEST = new RegExp(CONTENT_ID_PATTERN);

function bytesOf(body: unknown): Uint8Array | undefined {
  if (!(body instanceof Buffer)) return undefined;
  return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
}

/** A vault refusal thrown as StoreError becomes its coded answer; anything else is a bug. */
async function answering(reply: FastifyReply, work: () => Promise<unknown>) {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StoreError && error.code !== 'store_unavailable') {
      return sendError(reply, error.code, error.message);
    }
    throw error;
  }
}

/** The body as strict JSON (duplicate keys refused), or an error answer already sent. */
function jsonBody(request: FastifyRequest, reply: FastifyReply): JsonValue | undefined {
  const bytes = bytesOf(request.body);
  if (bytes === undefined) {
    sendError(reply, 'json_malformed', 'send the signed document as the request body');
    return undefined;
  }
  const parsed = parseJsonBytes(bytes);
  if (!parsed.ok) {
    sendError(reply, parsed.error.code, parsed.error.message);
    return undefined;
  }
  return parsed.value;
}

export function evidenceRoutes(options: EvidenceRouteOptions) {
  const { vault, pack, now } = options;
  return async function registerEvidenceRoutes(app: FastifyInstance): Promise<void> {
    app.setErrorHandler(
      (error: { code?: string; statusCode?: number; message: string }, request, reply) => {
        if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
          const evidence = request.url === '/v1/evidence';
          const most = evidence ? HTTP_EVIDENCE_BYTES_MAX : HTTP_EVIDENCE_DOCUMENT_BYTES_MAX;
          const code = evidence ? 'evidence_too_large' : 'argument_invalid';
          return sendError(reply, code, `the body is at most ${most} bytes`);
        }
        // fastify refuses a content type it cannot parse as a media type before the route runs.
        if (error.statusCode === 415 && request.url === '/v1/evidence') {
          return sendError(reply, 'evidence_media_type_invalid', error.message);
        }
        if (error.statusCode !== undefined && error.statusCode < 500)
          return sendError(reply, 'argument_invalid', error.message);
        reply.log.error(error);
        return reply.code(500).send({
          error: { code: 'internal_error', message: 'the evidence vault failed; see its log' },
        });
      },
    );

    app.post('/v1/evidence', { bodyLimit: HTTP_EVIDENCE_BYTES_MAX }, async (request, reply) => {
      const bytes = bytesOf(request.body);
      if (bytes === undefined) {
        return sendError(reply, 'evidence_record_invalid', 'send the evidence as the body');
      }
      const contentType = request.headers['content-type'] ?? '';
      const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
      const disclosure = request.headers[DISCLOSURE_HEADER];
      const producer = request.headers[PRODUCER_HEADER];
      return answering(reply, async () => {
        const input = {
          bytes,
          mediaType,
          // Checked by the vault (evidence_disclosure_invalid); the cast only names the field's type.
          disclosure: String(disclosure ?? '') as Disclosure,
          producer: typeof producer === 'string' ? producer : '',
          nowMs: now(),
        };
        const { entry, duplicate } = await vault.put(input, pack);
        return reply.code(duplicate ? 200 : 201).send(entry);
      });
    });

    app.post(
      '/v1/evidence/challenges',
      { bodyLimit: HTTP_EVIDENCE_DOCUMENT_BYTES_MAX },
      async (request, reply) => {
        const challenge = jsonBody(request, reply);
        if (challenge === undefined) return reply;
        return answering(reply, async () => {
          const opened = await vault.openChallenge(challenge, pack, now());
          return reply.code(opened.duplicate ? 200 : 201).send({
            id: opened.id,
            digests: opened.digests,
            verifiers: opened.verifiers,
            expiresAt: formatTimestamp(opened.expiresAtMs),
          });
        });
      },
    );

    app.get<{ Params: { digest: string } }>('/v1/evidence/:digest', async (request, reply) => {
      const { digest } = request.params;
      if (!DIGEST.test(digest)) return sendError(reply, 'argument_invalid', 'not a digest');
      const description = await vault.describe(digest);
      if (description === undefined) {
        return sendError(reply, 'evidence_unknown', `this vault holds no evidence ${digest}`);
      }
      return reply.send(description);
    });

    app.post<{ Params: { digest: string } }>(
      '/v1/evidence/:digest/disclosures',
      { bodyLimit: HTTP_EVIDENCE_DOCUMENT_BYTES_MAX },
      async (request, reply) => {
        const { digest } = request.params;
        if (!DIGEST.test(digest)) return sendError(reply, 'argument_invalid', 'not a digest');
        const body = jsonBody(request, reply);
        if (body === undefined) return reply;
        const outcome = await vault.disclose({ digest, request: body, nowMs: now() }, pack);
        if (!outcome.granted) return sendError(reply, outcome.code, outcome.message);
        return reply
          .header(DISCLOSURE_SEQUENCE_HEADER, String(outcome.log.sequence))
          .type(outcome.mediaType)
          .send(Buffer.from(outcome.bytes));
      },
    );

    app.get<{ Params: { digest: string }; Querystring: { after?: string; limit?: string } }>(
      '/v1/evidence/:digest/disclosures',
      async (request, reply) => {
        const { digest } = request.params;
        const after = parseWholeNumber(request.query.after ?? '0');
        const limit = parseWholeNumber(
          request.query.limit ?? String(HTTP_DISCLOSURES_PER_PAGE_MAX),
        );
        if (!DIGEST.test(digest) || after === undefined || limit === undefined) {
          return sendError(reply, 'argument_invalid', 'a digest, and whole numbers after, limit');
        }
        return answering(reply, async () =>
          reply.send({ entries: await vault.disclosureLog(digest, after, limit) }),
        );
      },
    );
  };
}
