/**
 * Reconnect delays of the control link: exponential backoff with full jitter (AWS Architecture
 * Blog, "Exponential Backoff And Jitter", 2015): a uniform draw in [0, min(max, base · 2^attempt)],
 * so a fleet of nodes that lost one coordinator does not reconnect in lockstep.
 */
import { LINK_RETRY_BASE_MS, LINK_RETRY_MAX_MS } from '../limits.js';

/** `attempt` counts failures since the last registration (0 for the first retry); `draw` ∈ [0, 1). */
export function linkRetryDelayMs(
  attempt: number,
  draw: number,
  baseMs = LINK_RETRY_BASE_MS,
  maxMs = LINK_RETRY_MAX_MS,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(draw * ceiling);
}
