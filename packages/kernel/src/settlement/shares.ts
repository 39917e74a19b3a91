/**
 * Share counts and party order shared by NodeCo records, share transfers and ownership. Shares
 * travel as decimal strings (one spelling each: no sign, no leading zeros) and are counted as
 * bigint; parties are ordered by plain UTF-16 code units, so every verifier lists them alike.
 */
import { NODECO_SHARES_DIGITS_MAX } from '../limits.js';

const POSITIVE_INTEGER = /^[1-9][0-9]*$/;

/** Most shares a NodeCo has in all (and so most any one party can hold or give). */
export const SHARES_TOTAL_MAX = 10n ** BigInt(NODECO_SHARES_DIGITS_MAX) - 1n;

/** A positive whole number of shares, at most NODECO_SHARES_DIGITS_MAX decimal digits. */
export function isPositiveShares(text: string): boolean {
  return text.length <= NODECO_SHARES_DIGITS_MAX && POSITIVE_INTEGER.test(text);
}

/** Plain code unit order: locale-independent. */
export function compareText(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}
