/**
 * One JSON request to the coordinator or a node, bounded by a deadline, with the devnet's
 * emulated latency applied to the answer. Every failure becomes an OpenGridError: no answer is
 * `unavailable` (coordinator_unavailable or node_unavailable), an error answer carries the code of
 * its `{error: {code}}` body, and anything else of the wrong shape is sdk_response_invalid.
 */

import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import {
  CITY_HEADER,
  checkErrorBody,
  cityHeaders,
  inboundDelayMs,
  type LatencyEmulation,
} from '@mycel/wire';
import { type Deadline, pause } from './deadline.js';
import { OpenGridError, remoteCode } from './errors.js';
import { HTTP_RESPONSE_BYTES_MAX } from './limits.js';

export interface HttpContext {
  readonly deadline: Deadline;
  readonly emulation: LatencyEmulation | undefined;
  /** The code for "no answer": who was being asked. */
  readonly unavailable: 'coordinator_unavailable' | 'node_unavailable';
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body; undefined for an empty or non-JSON body. */
  readonly body: unknown;
}

export async function requestJson(
  url: string,
  init: { readonly method: 'GET' | 'POST'; readonly body?: unknown },
  context: HttpContext,
): Promise<HttpAnswer> {
  const { deadline } = context;
  deadline.check();
  let answer: { status: number; headers: Headers; text: string };
  try {
    answer = await exchange(url, init, context);
  } catch (error) {
    if (error instanceof OpenGridError) throw error;
    if (deadline.aborted) throw deadline.error();
    throw new OpenGridError(context.unavailable, `${init.method} ${url} got no answer`, {
      cause: error,
    });
  }
  await pause(inboundDelayMs(context.emulation, answer.headers.get(CITY_HEADER)), deadline);
  return { status: answer.status, headers: answer.headers, body: parseOrUndefined(answer.text) };
}

// node:http with kept-alive connections: on loopback it answers in about two thirds of the time
// built-in fetch takes (docs/benchmarks.md, session-setup), and opening a session is two requests.
const keepAlive = {
  http: new HttpAgent({ keepAlive: true }),
  https: new HttpsAgent({ keepAlive: true }),
};

/** One request and its whole (bounded) answer. */
function exchange(
  url: string,
  init: { readonly method: 'GET' | 'POST'; readonly body?: unknown },
  context: HttpContext,
): Promise<{ status: number; headers: Headers; text: string }> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const body = init.body === undefined ? undefined : Buffer.from(JSON.stringify(init.body));
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...(body === undefined
      ? {}
      : { 'content-type': 'application/json', 'content-length': String(body.length) }),
    ...cityHeaders(context.emulation),
  };
  return new Promise((resolve, reject) => {
    const request = (secure ? httpsRequest : httpRequest)(
      target,
      {
        method: init.method,
        headers,
        agent: secure ? keepAlive.https : keepAlive.http,
        signal: context.deadline.signal,
      },
      (response) => {
        const parts: Buffer[] = [];
        let size = 0;
        response.on('data', (part: Buffer) => {
          size += part.length;
          if (size > HTTP_RESPONSE_BYTES_MAX) {
            response.destroy();
            reject(
              new OpenGridError(
                'sdk_response_invalid',
                `an answer is at most ${HTTP_RESPONSE_BYTES_MAX} bytes`,
              ),
            );
            return;
          }
          parts.push(part);
        });
        response.on('error', reject);
        response.on('end', () => {
          const answerHeaders = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (typeof value === 'string') answerHeaders.set(name, value);
            else if (Array.isArray(value)) answerHeaders.set(name, value.join(', '));
          }
          resolve({
            status: response.statusCode ?? 0,
            headers: answerHeaders,
            text: Buffer.concat(parts).toString('utf8'),
          });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** `path` under `base`, keeping a path prefix of base (`http://host/grid` + `/v1/x`). */
export function endpointUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

/** The OpenGridError an error answer stands for. */
export function errorOfAnswer(answer: HttpAnswer, what: string): OpenGridError {
  const retryAfterMs = retryAfterMsOf(answer);
  const details = {
    status: answer.status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
  if (checkErrorBody.Check(answer.body)) {
    const { code, message } = answer.body.error;
    const known = remoteCode(code);
    const text = known === code ? message : `${code}: ${message}`;
    return new OpenGridError(known, `${what}: ${text}`, details);
  }
  // No error body: a proxy or a server that is not a coordinator answered.
  const code = answer.status >= 502 && answer.status <= 504 ? 'coordinator_unavailable' : null;
  return new OpenGridError(
    code ?? 'sdk_response_invalid',
    `${what}: HTTP ${answer.status} without an error body`,
    details,
  );
}

/** retryAfterMs from the error body, else from a Retry-After header in seconds. */
function retryAfterMsOf(answer: HttpAnswer): number | undefined {
  if (checkErrorBody.Check(answer.body) && answer.body.error.retryAfterMs !== undefined) {
    return answer.body.error.retryAfterMs;
  }
  const header = answer.headers.get('retry-after');
  if (header === null || !/^\d{1,6}$/.test(header)) return undefined;
  return Number(header) * 1000;
}

function parseOrUndefined(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
