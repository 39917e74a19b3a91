/**
 * The double-entry transfers that settle one receipt (ARCHITECTURE §4.2, §5.5). The total splits
 * by the receipt's basis points (largest remainder); the owners' pool part, the one split with
 * role `owner`, splits again pro rata to the owners' holdings. Each non-zero part is one transfer
 * from the payer's account to the party's, never merged with another part of the same party (an
 * owner who also operates gets two), so every transfer traces to one rule. The amounts sum to
 * exactly the receipt's total (K7).
 */
import type { Transfer } from '../invariants/k7-conservation.js';
import { checkReceipt } from '../invariants/k7-receipt.js';
import type { Receipt } from '../invariants/k7-receipt-schema.js';
import {
  type Holding,
  type SplitPart,
  splitAmount,
  splitProRata,
} from '../invariants/k7-split-amount.js';
import type { JsonValue } from '../json/strict-json.js';
import { DID_CHARS_MAX, SPLIT_PARTIES_MAX } from '../limits.js';
import { assert, fail, ok, type Result } from '../result.js';
import { DidSchema } from '../schema/common-schemas.js';
import { accountOf } from './accounts.js';

const DID_REGEX = new RegExp(DidSchema.pattern!);

/**
 * `holdings`: the owners of the pool when the fee was earned (nodeFeeSplits, ownershipAt). They
 * are checked whenever the receipt has an owner split, even when its part is zero, so whether a
 * call fails never depends on the amount; without an owner split they are not used.
 */
export function settlementTransfers(
  receipt: Receipt,
  holdings: readonly Holding[],
): Result<Transfer[]> {
  const checked = checkReceipt(receipt as unknown as JsonValue);
  if (!checked.ok) return checked;
  const ownerSplits = receipt.splits.filter((split) => split.role === 'owner');
  if (ownerSplits.length > 1) {
    return fail('settlement_owner_split_ambiguous', 'a receipt has one owners’ pool', '/splits');
  }
  const pool = ownerSplits[0]?.party;
  if (pool !== undefined) {
    const valid = checkHoldings(holdings);
    if (!valid.ok) return valid;
  }
  const payees = [
    ...receipt.splits.map((split) => split.party).filter((party) => party !== pool),
    ...(pool === undefined ? [] : holdings.map((holding) => holding.party)),
  ];
  if (payees.includes(receipt.payer) || receipt.payer === pool) {
    return fail('settlement_payer_is_payee', `${receipt.payer} would pay itself`, '/payer');
  }
  const total = BigInt(receipt.amount.minor);
  const parts = payeeParts(total, receipt, pool, holdings);
  const { currency } = receipt.amount;
  const debit = accountOf(receipt.payer, currency);
  const transfers = parts
    .filter((part) => part.amount > 0n)
    .map((part) => ({
      debit,
      credit: accountOf(part.party, currency),
      amount: part.amount,
      currency,
    }));
  const sum = transfers.reduce((running, transfer) => running + transfer.amount, 0n);
  assert(sum === total, 'settlement transfers sum to the receipt total (K7)');
  return ok(transfers);
}

/** The receipt's parts in party order, the pool's part replaced by the owners' parts. */
function payeeParts(
  total: bigint,
  receipt: Receipt,
  pool: string | undefined,
  holdings: readonly Holding[],
): SplitPart[] {
  const parts = splitAmount(total, receipt.splits);
  assert(parts.ok, 'checkReceipt checked the splits');
  const payees: SplitPart[] = [];
  for (const part of parts.value) {
    if (part.party !== pool) {
      payees.push(part);
      continue;
    }
    const owners = splitProRata(part.amount, holdings);
    assert(owners.ok, 'checkHoldings checked the holdings');
    payees.push(...owners.value);
  }
  return payees;
}

/** 1..SPLIT_PARTIES_MAX distinct did:key owners, each with a positive whole number of shares. */
function checkHoldings(holdings: readonly Holding[]): Result<true> {
  if (holdings.length === 0 || holdings.length > SPLIT_PARTIES_MAX) {
    return fail(
      'settlement_holdings_invalid',
      `the owners' pool divides among 1..${SPLIT_PARTIES_MAX} owners`,
    );
  }
  const seen = new Set<string>();
  for (const [index, holding] of holdings.entries()) {
    const { party, shares } = holding;
    if (typeof party !== 'string' || party.length > DID_CHARS_MAX || !DID_REGEX.test(party)) {
      return fail('settlement_holdings_invalid', 'an owner is a did:key', `/${index}/party`);
    }
    if (seen.has(party)) {
      return fail('settlement_holdings_invalid', `${party} holds twice`, `/${index}/party`);
    }
    seen.add(party);
    if (typeof shares !== 'bigint' || shares < 1n) {
      return fail(
        'settlement_holdings_invalid',
        'an owner holds a positive whole number of shares',
        `/${index}/shares`,
      );
    }
  }
  return ok(true);
}
