/**
 * The inference plane has codes of its own (inference-error-codes.ts); a client hears the wire
 * code that names the same rule, so the SDK needs to know only @mycel/wire.
 */
import { type WireErrorCode, wireLimits } from '@mycel/wire';
import type { InferenceErrorCode } from '../inference/inference-error-codes.js';

const WIRE_CODE_OF: { readonly [code in InferenceErrorCode]: WireErrorCode } = {
  agent_unknown: 'agent_unknown',
  agent_load_failed: 'agent_load_failed',
  agent_init_failed: 'agent_load_failed',
  agent_init_timeout: 'agent_load_failed',
  agent_state_invalid: 'turn_failed',
  turn_input_invalid: 'frame_malformed',
  turn_failed: 'turn_failed',
  turn_timeout: 'turn_timeout',
  turn_cancelled: 'turn_cancelled',
  turn_output_invalid: 'turn_failed',
  worker_lost: 'worker_lost',
  worker_busy: 'node_at_capacity',
  worker_unavailable: 'worker_lost',
  worker_pool_closed: 'node_draining',
  backend_unavailable: 'backend_unavailable',
  backend_error: 'backend_error',
};

export function wireCodeOf(code: InferenceErrorCode): WireErrorCode {
  return WIRE_CODE_OF[code] ?? 'internal_error';
}

/** A message as a frame may carry it; an inference code that was renamed stays visible. */
export function frameMessage(code: string, wireCode: WireErrorCode, message: string): string {
  const text = code === wireCode ? message : `${code}: ${message}`;
  return text.slice(0, wireLimits.ERROR_MESSAGE_LENGTH_MAX);
}
