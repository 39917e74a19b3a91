/**
 * Errors as an OpenAI client expects them: `{error: {message, type, code, param}}` with an HTTP
 * status it knows how to react to. `code` is always the wire code, so a caller can tell
 * route_pushback from agent_unknown through any OpenAI client library.
 */
import type { WireErrorCode } from '@mycel/wire';
import { GATEWAY_RETRY_AFTER_MS_DEFAULT } from '../limits.js';

const STATUS_BY_CODE: Partial<Record<WireErrorCode, number>> = {
  request_malformed: 400,
  frame_malformed: 400,
  request_too_large: 413,
  frame_too_large: 413,
  agent_unknown: 404,
  route_not_found: 404,
  turn_in_progress: 409,
  route_pushback: 503,
  node_at_capacity: 503,
  node_draining: 503,
  route_no_candidates: 503,
  coordinator_unavailable: 503,
  node_unavailable: 502,
  agent_load_failed: 502,
  backend_unavailable: 502,
  backend_error: 502,
  turn_timeout: 504,
};

/** Codes whose answer tells the client when to come back (Retry-After). */
const PUSHBACK_CODES: readonly WireErrorCode[] = ['route_pushback', 'node_at_capacity'];

export function gatewayStatusOf(code: WireErrorCode): number {
  return STATUS_BY_CODE[code] ?? 500;
}

export interface GatewayError {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: {
    readonly error: {
      readonly message: string;
      readonly type: string;
      readonly code: WireErrorCode;
      readonly param: string | null;
    };
  };
}

export function gatewayError(
  code: WireErrorCode,
  message: string,
  options: { readonly retryAfterMs?: number; readonly param?: string } = {},
): GatewayError {
  const status = gatewayStatusOf(code);
  const headers: Record<string, string> = {};
  if (PUSHBACK_CODES.includes(code)) {
    const retryAfterMs = options.retryAfterMs ?? GATEWAY_RETRY_AFTER_MS_DEFAULT;
    // RFC 9110 §10.2.3: whole seconds; OpenAI clients also read retry-after-ms.
    headers['retry-after'] = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
    headers['retry-after-ms'] = String(retryAfterMs);
  }
  const type = status < 500 ? 'invalid_request_error' : 'server_error';
  return {
    status,
    headers,
    body: { error: { message, type, code, param: options.param ?? null } },
  };
}
