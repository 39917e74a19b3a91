/**
 * K7 split arithmetic (ARCHITECTURE §4.2, VCR): floor every share, then hand out the remainder one
 * minor unit at a time by largest remainder (Hamilton's method), ties broken by party id in plain
 * string order. Integer minor units throughout (bigint, never floating point), so the parts always
 * sum exactly to the total and every verifier computes the same parts.
 */
import { BPS_TOTAL } from '../limits.js';
import { assert, fail, ok, type Result } from '../result.js';
import { checkSplitParties, checkSplitShares, type SplitShare } from './k7-split-shares.js';

export interface SplitPart {
  readonly party: string;
  readonly amount: bigint;
}

/** A holding in a pro-rata split, e.g. one NodeCo owner and the number of shares it holds. */
export interface Holding {
  readonly party: string;
  readonly shares: bigint;
}

interface Weighted {
  readonly party: string;
  readonly weight: bigint;
}

/** Splits `total` minor units by basis points; parts are returned in ascending party order. */
export function splitAmount(total: bigint, splits: readonly SplitShare[]): Result<SplitPart[]> {
  if (total < 0n) return fail('split_total_negative', 'the total to split must not be negative');
  const shares = checkSplitShares(splits);
  if (!shares.ok) return shares;
  const weights = splits.map(({ party, bps }) => ({ party, weight: BigInt(bps) }));
  return ok(largestRemainder(total, weights, BigInt(BPS_TOTAL)));
}

/**
 * Splits `total` pro rata to holdings of any positive size. ARCHITECTURE §5.5: a NodeCo's 70 %
 * goes to its owners pro rata by shares, which basis points cannot express exactly (three equal
 * owners hold 2333⅓ bps each), so the owners' part is split a second time by this.
 */
export function splitProRata(total: bigint, holdings: readonly Holding[]): Result<SplitPart[]> {
  if (total < 0n) return fail('split_total_negative', 'the total to split must not be negative');
  const parties = checkSplitParties(holdings);
  if (!parties.ok) return parties;
  let sharesTotal = 0n;
  for (const [index, holding] of holdings.entries()) {
    if (typeof holding.shares !== 'bigint' || holding.shares < 1n) {
      return fail(
        'split_share_invalid',
        'a holding is a positive whole number of shares',
        `/${index}/shares`,
      );
    }
    sharesTotal += holding.shares;
  }
  const weights = holdings.map(({ party, shares }) => ({ party, weight: shares }));
  return ok(largestRemainder(total, weights, sharesTotal));
}

/** Checked input only: non-negative total, distinct parties, positive weights summing to weightTotal. */
function largestRemainder(
  total: bigint,
  weights: readonly Weighted[],
  weightTotal: bigint,
): SplitPart[] {
  const shares = weights.map(({ party, weight }) => ({
    party,
    floor: (total * weight) / weightTotal,
    remainder: (total * weight) % weightTotal,
  }));
  // Each remainder is below weightTotal, so fewer units are left over than there are parties,
  // and only parties with a non-zero remainder receive one.
  let leftover = total - shares.reduce((sum, share) => sum + share.floor, 0n);
  const amounts = new Map(shares.map((share) => [share.party, share.floor]));
  for (const share of [...shares].sort(byRemainderThenParty)) {
    if (leftover === 0n) break;
    amounts.set(share.party, share.floor + 1n);
    leftover -= 1n;
  }
  assert(leftover === 0n, 'largest remainder hands out every leftover unit');
  return [...amounts]
    .map(([party, amount]) => ({ party, amount }))
    .sort((left, right) => compareText(left.party, right.party));
}

function byRemainderThenParty(
  left: { readonly party: string; readonly remainder: bigint },
  right: { readonly party: string; readonly remainder: bigint },
): number {
  if (left.remainder !== right.remainder) return left.remainder > right.remainder ? -1 : 1;
  return compareText(left.party, right.party);
}

/** Plain UTF-16 code unit order: locale-independent, so every verifier breaks ties alike. */
function compareText(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}
