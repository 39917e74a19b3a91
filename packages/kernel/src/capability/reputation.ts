/**
 * A producer's reputation, from its verified history only (docs/spec/registry.md). What an
 * advert claims never enters: a registry counts outcomes it recorded — proofs a verifier
 * accepted (weighted by the verifier's confidence p), proofs refused, disputes lost, proofs
 * overturned. The count of successes and failures updates a uniform Beta(1, 1) prior:
 *
 *   α = 1 + Σ p                      (over accepted proofs that still stand)
 *   β = 1 + Σ (1 − p) + refused + 10 · disputesLost + 10 · overturned
 *
 * and the reputation is the posterior's 5 % quantile, not its mean: a producer with 2 perfect
 * proofs (≈ 0.37) ranks below one with 200 (≈ 0.985), because 2 proofs say little.
 */
import { fail, ok, type Result } from '../result.js';
import { betaQuantile } from './beta-lower-quantile.js';
import {
  REPUTATION_DISPUTE_LOST_WEIGHT,
  REPUTATION_OVERTURNED_WEIGHT,
  REPUTATION_QUANTILE,
} from './capability-limits.js';

/** Counts of a producer's recorded outcomes; confidenceSum is Σ p over `accepted`. */
export interface TrackRecord {
  readonly accepted: number;
  readonly refused: number;
  readonly disputesLost: number;
  readonly overturned: number;
  readonly confidenceSum: number;
}

export const EMPTY_TRACK_RECORD: TrackRecord = {
  accepted: 0,
  refused: 0,
  disputesLost: 0,
  overturned: 0,
  confidenceSum: 0,
};

/** The record is counts (non-negative safe integers) and 0 ≤ confidenceSum ≤ accepted. */
export function checkTrackRecord(record: TrackRecord): Result<TrackRecord> {
  for (const field of ['accepted', 'refused', 'disputesLost', 'overturned'] as const) {
    const count = record[field];
    if (!Number.isSafeInteger(count) || count < 0) {
      return fail('track_record_invalid', `${field} is not a count`, `/${field}`);
    }
  }
  const sum = record.confidenceSum;
  if (!Number.isFinite(sum) || sum < 0 || sum > record.accepted) {
    return fail(
      'track_record_invalid',
      'confidenceSum is not within 0..accepted',
      '/confidenceSum',
    );
  }
  return ok(record);
}

/** The Beta posterior parameters (α, β) of a valid record. */
export function reputationPosterior(record: TrackRecord): { alpha: number; beta: number } {
  const alpha = 1 + record.confidenceSum;
  const beta =
    1 +
    (record.accepted - record.confidenceSum) +
    record.refused +
    REPUTATION_DISPUTE_LOST_WEIGHT * record.disputesLost +
    REPUTATION_OVERTURNED_WEIGHT * record.overturned;
  return { alpha, beta };
}

/**
 * The conservative reputation in [0, 1]: the REPUTATION_QUANTILE quantile of the posterior.
 * Throws a RangeError for a record checkTrackRecord refuses (a caller's bug, not input).
 */
export function reputation(record: TrackRecord): number {
  const checked = checkTrackRecord(record);
  if (!checked.ok) throw new RangeError(`${checked.error.code}: ${checked.error.message}`);
  const { alpha, beta } = reputationPosterior(record);
  return betaQuantile(REPUTATION_QUANTILE, alpha, beta);
}
