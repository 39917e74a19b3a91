/**
 * Codes a caller of the inference plane can get for an init or a turn. External backends
 * (OpenAI-compatible servers) are part of the inference plane (ARCHITECTURE §5.1), so their
 * failures are here too.
 */
export const INFERENCE_ERROR_CODES = [
  'agent_unknown',
  'agent_load_failed',
  'agent_init_failed',
  'agent_init_timeout',
  'agent_state_invalid',
  'turn_input_invalid',
  'turn_failed',
  'turn_timeout',
  'turn_cancelled',
  'turn_output_invalid',
  'worker_lost',
  'worker_busy',
  'worker_unavailable',
  'worker_pool_closed',
  'backend_unavailable',
  'backend_error',
] as const;

export type InferenceErrorCode = (typeof INFERENCE_ERROR_CODES)[number];

export const INFERENCE_ERROR_MEANINGS: { readonly [code in InferenceErrorCode]: string } = {
  agent_unknown: 'no built-in agent has this name',
  agent_load_failed: 'the agent bundle entry could not be imported or is not an agent',
  agent_init_failed: 'agent.init threw or returned state that is not plain JSON',
  agent_init_timeout: 'agent.init did not finish in time; its worker was replaced',
  agent_state_invalid: 'the state is not plain JSON or is larger than allowed',
  turn_input_invalid: 'the turn input or init config is not plain JSON or is too large',
  turn_failed: 'the agent threw during the turn; the session state is unchanged',
  turn_timeout: 'the turn did not finish within its timeout; its worker was replaced',
  turn_cancelled: 'the caller cancelled the turn',
  turn_output_invalid:
    'the turn emitted too many chunks, or one that is too large or not plain JSON',
  worker_lost: 'the worker running the turn crashed or hung and was replaced',
  worker_busy: 'every worker already runs as many requests as it may',
  worker_unavailable: 'no worker is running: all of them are being replaced',
  worker_pool_closed: 'the worker pool is closed',
  backend_unavailable: 'the model backend cannot be reached, is overloaded, or is not configured',
  backend_error: 'the model backend answered with an error or a malformed stream',
};
