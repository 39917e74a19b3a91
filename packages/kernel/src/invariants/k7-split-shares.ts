/**
 * K7 conservation of value: a split divides a total among parties in whole basis points that sum
 * to exactly BPS_TOTAL, so a split can neither create nor lose value before any arithmetic runs
 * (ARCHITECTURE §4.2, VCR).
 */
import { BPS_TOTAL, SPLIT_PARTIES_MAX } from '../limits.js';
import { fail, ok, type Result } from '../result.js';

export interface SplitShare {
  readonly party: string;
  readonly bps: number;
}

/** Non-empty, bounded, and no party twice: a party named twice would be paid by two rules. */
export function checkSplitParties(
  entries: readonly { readonly party: string }[],
  path = '',
): Result<true> {
  if (entries.length === 0) {
    return fail('split_empty', 'a split needs at least one party', path || undefined);
  }
  if (entries.length > SPLIT_PARTIES_MAX) {
    return fail(
      'split_parties_too_many',
      `a split names at most ${SPLIT_PARTIES_MAX} parties`,
      path || undefined,
    );
  }
  const seen = new Set<string>();
  for (const [index, entry] of entries.entries()) {
    if (seen.has(entry.party)) {
      return fail(
        'split_party_duplicate',
        `${entry.party} appears twice`,
        `${path}/${index}/party`,
      );
    }
    seen.add(entry.party);
  }
  return ok(true);
}

/** Every share is 1..BPS_TOTAL whole basis points and the shares sum to exactly BPS_TOTAL. */
export function checkSplitShares(shares: readonly SplitShare[], path = ''): Result<true> {
  const parties = checkSplitParties(shares, path);
  if (!parties.ok) return parties;
  let totalBps = 0;
  for (const [index, share] of shares.entries()) {
    if (!Number.isInteger(share.bps) || share.bps < 1 || share.bps > BPS_TOTAL) {
      return fail(
        'split_share_invalid',
        `bps must be an integer in 1..${BPS_TOTAL}`,
        `${path}/${index}/bps`,
      );
    }
    totalBps += share.bps;
  }
  if (totalBps !== BPS_TOTAL) {
    return fail(
      'split_bps_total_invalid',
      `shares sum to ${totalBps} bps, not ${BPS_TOTAL}`,
      path || undefined,
    );
  }
  return ok(true);
}
