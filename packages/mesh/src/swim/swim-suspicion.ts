/**
 * How long a member stays suspected before it is declared dead.
 *
 * Plain SWIM (§4.2) waits a fixed time: the minimum below. Lifeguard's dynamic suspicion
 * (Dadgar, Phillips, Currey 2018, §IV-B) starts at β × minimum and falls towards the minimum
 * as independent suspicions (confirmations) arrive, logarithmically, reaching it after the K
 * confirmations it expects; a false suspicion raised by one slow member then has time to be
 * refuted, while a real failure, which many members notice, is still declared quickly.
 *
 *   minimum = α · max(1, log10 n) · probe interval
 *   timeout(C) = max(minimum, β·minimum − (β·minimum − minimum) · log(C + 1) / log(K + 1))
 *   K = α − 2 (or 0 when fewer than K other members could confirm)
 */
export interface SuspicionParameters {
  readonly members: number;
  readonly probeIntervalMs: number;
  readonly multiplier: number;
  readonly maxMultiplier: number;
  readonly lifeguard: boolean;
}

export function suspicionMinimumMs(parameters: SuspicionParameters): number {
  const scale = Math.max(1, Math.log10(Math.max(1, parameters.members)));
  return parameters.multiplier * scale * parameters.probeIntervalMs;
}

/** Confirmations Lifeguard waits for before the timeout reaches its minimum. */
export function expectedConfirmations(parameters: SuspicionParameters): number {
  const wanted = Math.max(0, parameters.multiplier - 2);
  return parameters.members - 2 < wanted ? 0 : wanted;
}

/** The suspicion timeout after `confirmations` independent suspicions beyond the first. */
export function suspicionTimeoutMs(parameters: SuspicionParameters, confirmations: number): number {
  const minimum = suspicionMinimumMs(parameters);
  if (!parameters.lifeguard) return minimum;
  const expected = expectedConfirmations(parameters);
  if (expected === 0) return minimum;
  const maximum = parameters.maxMultiplier * minimum;
  const fraction = Math.log(confirmations + 1) / Math.log(expected + 1);
  return Math.max(minimum, Math.floor(maximum - (maximum - minimum) * fraction));
}
