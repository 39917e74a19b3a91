/**
 * K7 conservation of value: value is minted only against verified proofs; each receipt at most
 * once; splits sum exactly to the total in integer minor units; every transfer is double-entry and
 * balanced (ARCHITECTURE §4.1). Each rule is one named predicate the ledger runs before it posts.
 */
import { AMOUNT_MINOR_DIGITS_MAX } from '../limits.js';
import { assert, fail, ok, type Result } from '../result.js';
import { CURRENCY_PATTERN, type Receipt } from './k7-receipt-schema.js';
import type { SplitPart } from './k7-split-amount.js';

const CURRENCY_REGEX = new RegExp(CURRENCY_PATTERN);
const AMOUNT_MINOR_MAX = 10n ** BigInt(AMOUNT_MINOR_DIGITS_MAX) - 1n;

/**
 * One double-entry transfer (after TigerBeetle's transfer): `amount` minor units of `currency`
 * leave the `debit` account and reach the `credit` account.
 */
export interface Transfer {
  readonly debit: string;
  readonly credit: string;
  readonly amount: bigint;
  readonly currency: string;
}

/** Net position per currency, then per account: credits minus debits. */
export type NetBalances = ReadonlyMap<string, ReadonlyMap<string, bigint>>;

/** The parts are non-negative and add up to exactly the total: nothing created, nothing lost. */
export function checkSplitsExact(total: bigint, parts: readonly SplitPart[]): Result<true> {
  let sum = 0n;
  for (const [index, part] of parts.entries()) {
    if (part.amount < 0n) {
      return fail('split_part_negative', `${part.party} gets ${part.amount}`, `/${index}/amount`);
    }
    sum += part.amount;
  }
  if (sum !== total) return fail('split_sum_inexact', `parts sum to ${sum}, not ${total}`);
  return ok(true);
}

/**
 * Every transfer is positive, bounded, in a known currency and between two different accounts;
 * returns each account's net position. One amount per transfer makes debits equal credits in each
 * currency by construction; the net positions are summed again as a slow twin of that rule.
 */
export function checkBalanced(transfers: readonly Transfer[]): Result<NetBalances> {
  const balances = new Map<string, Map<string, bigint>>();
  for (const [index, transfer] of transfers.entries()) {
    const valid = checkTransfer(transfer, `/${index}`);
    if (!valid.ok) return valid;
    const accounts = balances.get(transfer.currency) ?? new Map<string, bigint>();
    balances.set(transfer.currency, accounts);
    accounts.set(transfer.debit, (accounts.get(transfer.debit) ?? 0n) - transfer.amount);
    accounts.set(transfer.credit, (accounts.get(transfer.credit) ?? 0n) + transfer.amount);
  }
  for (const [currency, accounts] of balances) {
    const net = [...accounts.values()].reduce((sum, balance) => sum + balance, 0n);
    assert(net === 0n, `debits equal credits in ${currency}`);
  }
  return ok(balances);
}

function checkTransfer(transfer: Transfer, path: string): Result<true> {
  const { amount } = transfer;
  if (typeof amount !== 'bigint' || amount < 1n || amount > AMOUNT_MINOR_MAX) {
    return fail(
      'transfer_amount_out_of_range',
      `an amount is 1..10^${AMOUNT_MINOR_DIGITS_MAX} - 1 minor units`,
      `${path}/amount`,
    );
  }
  if (transfer.debit === transfer.credit) {
    return fail(
      'transfer_accounts_must_differ',
      `${transfer.debit} on both sides`,
      `${path}/credit`,
    );
  }
  if (!CURRENCY_REGEX.test(transfer.currency)) {
    return fail(
      'transfer_currency_invalid',
      'ISO 4217 code or token:<federation>/<name>',
      `${path}/currency`,
    );
  }
  return ok(true);
}

/** Each receipt id is minted at most once; the first repeat is the error (its index is the path). */
export function checkMintedOnce(receiptIds: Iterable<string>): Result<true> {
  const seen = new Set<string>();
  let index = 0;
  for (const receiptId of receiptIds) {
    if (seen.has(receiptId)) {
      return fail('receipt_minted_twice', `${receiptId} was already minted`, `/${index}`);
    }
    seen.add(receiptId);
    index += 1;
  }
  return ok(true);
}

/** Value is minted only against proofs this verifier has accepted (integrity and reality planes). */
export function checkMintedAgainstProofs(
  receipt: Pick<Receipt, 'proofs'>,
  verifiedProofIds: ReadonlySet<string>,
): Result<true> {
  if (receipt.proofs.length === 0) {
    return fail(
      'receipt_proof_unverified',
      'a receipt mints against at least one verified proof',
      '/proofs',
    );
  }
  for (const [index, proof] of receipt.proofs.entries()) {
    if (!verifiedProofIds.has(proof)) {
      return fail(
        'receipt_proof_unverified',
        `${proof} is not a verified proof`,
        `/proofs/${index}`,
      );
    }
  }
  return ok(true);
}
