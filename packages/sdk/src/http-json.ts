/**
 * One JSON request to the coordinator or a node, bounded by a deadline, with the devnet's
 * emulated latency applied to the answer. Every failure becomes an OpenGridError: no answer is
 * `unavailable` (coordinator_unavailable or node_unavailable), an error answer carries the code of
 * its `{error: {code}}` body, and anything else of the wrong shape is sdk_response_invalid.
 */
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
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: init.method,
      headers: {
        accept: 'application/json',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...cityHeaders(context.emulation),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      signal: deadline.signal,
    });
    text = await readBounded(response);
  } catch (error) {
    if (error instanceof OpenGridError) throw error;
    if (deadline.aborted) throw deadline.error();
    throw new OpenGridError(context.unavailable, `${init.method} ${url} got no answer`, {
      cause: error,
    });
  }
  await pause(inboundDelayMs(context.emulation, response.headers.get(CITY_HEADER)), deadline);
  return { status: response.status, headers: response.headers, body: parseOrUndefined(text) };
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

async function readBounded(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (reader === undefined) return '';
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > HTTP_RESPONSE_BYTES_MAX) {
      await reader.cancel();
      throw new OpenGridError(
        'sdk_response_invalid',
        `an answer is at most ${HTTP_RESPONSE_BYTES_MAX} bytes`,
      );
    }
    parts.push(value);
  }
  return Buffer.concat(parts).toString('utf8');
}

function parseOrUndefined(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
