/** Probabilities in log-odds, where independent evidence adds. */
import { LOG_ODDS_ABS_MAX } from '../limits.js';

export function logit(p: number): number {
  return clampLogOdds(Math.log(p / (1 - p)));
}

export function sigmoid(logOdds: number): number {
  return 1 / (1 + Math.exp(-logOdds));
}

/** Log-odds are kept within ±LOG_ODDS_ABS_MAX so that p stays strictly inside (0, 1). */
export function clampLogOdds(value: number): number {
  if (Number.isNaN(value)) throw new Error('assertion failed: log-odds is NaN');
  return Math.max(-LOG_ODDS_ABS_MAX, Math.min(LOG_ODDS_ABS_MAX, value));
}
