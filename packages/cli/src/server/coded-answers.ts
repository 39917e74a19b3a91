/**
 * How a route group of the log service answers a refusal: the error body every route uses
 * (`{error: {code, message, path?}}`), its status from the group's own table or the service's
 * (http-status.ts), `retry-after` on a 503, the group's coded exceptions turned into answers, and
 * fastify's own failures (an oversize body, a malformed request) into the group's codes. The
 * registry and contract routes share it.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PUSHBACK_RETRY_AFTER_SECONDS } from '../limits.js';
import { httpStatusFor } from './http-status.js';

interface Coded {
  readonly code: string;
  readonly message: string;
}

export interface CodedAnswers {
  send(reply: FastifyReply, code: string, message: string, path?: string): FastifyReply;
  /** Runs `work`; an error the group recognises becomes its coded answer, any other is rethrown. */
  answering(reply: FastifyReply, work: () => Promise<unknown>): Promise<unknown>;
  /** The group's fastify error handler: an oversize body is `tooLarge`, a 4xx argument_invalid. */
  errorHandler(
    tooLarge: Coded,
    what: string,
  ): (
    error: { code?: string; statusCode?: number; message: string },
    request: FastifyRequest,
    reply: FastifyReply,
  ) => FastifyReply;
}

export function codedAnswers(
  statusByCode: Readonly<Record<string, number>>,
  recognised: (error: unknown) => error is Coded,
): CodedAnswers {
  const send = (reply: FastifyReply, code: string, message: string, path?: string) => {
    const status = statusByCode[code] ?? httpStatusFor(code);
    if (status === 503) reply.header('retry-after', String(PUSHBACK_RETRY_AFTER_SECONDS));
    return reply
      .code(status)
      .send({ error: path === undefined ? { code, message } : { code, message, path } });
  };
  return {
    send,
    async answering(reply, work) {
      try {
        return await work();
      } catch (error) {
        if (recognised(error)) return send(reply, error.code, error.message);
        throw error;
      }
    },
    errorHandler(tooLarge, what) {
      return (error, _request, reply) => {
        if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
          return send(reply, tooLarge.code, tooLarge.message);
        }
        if (error.statusCode !== undefined && error.statusCode < 500) {
          return send(reply, 'argument_invalid', error.message);
        }
        reply.log.error(error);
        return reply.code(500).send({
          error: { code: 'internal_error', message: `${what} failed; see its log` },
        });
      };
    },
  };
}
