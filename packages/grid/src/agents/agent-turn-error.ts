/**
 * What an agent throws to fail a turn with a specific code instead of the generic `turn_failed`.
 * Only the codes an agent may choose are allowed; the inference worker passes them through.
 */
import type { InferenceErrorCode } from '../inference/inference-error-codes.js';

export type AgentTurnErrorCode = Extract<
  InferenceErrorCode,
  'backend_unavailable' | 'backend_error'
>;

export class AgentTurnError extends Error {
  constructor(
    readonly code: AgentTurnErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AgentTurnError';
  }
}
