/**
 * The checks every ledger call runs before it touches the database: the same in both drivers, so
 * a request either driver refuses, the other refuses with the same code. Transfers go through the
 * kernel's K7 checkBalanced (positive bounded bigint amounts, two different accounts, a kernel
 * currency); receipts through checkReceipt. Arguments are attacker-controlled until checked here.
 */
import {
  checkBalanced,
  checkReceipt,
  type JsonValue,
  type Receipt,
  type Transfer,
} from '@mycel/kernel';
import {
  LEDGER_DEPOSIT_TRANSFERS_MAX,
  LEDGER_ID_CHARS_MAX,
  LEDGER_MINT_BATCH_RECEIPTS_MAX,
  LEDGER_MINT_TRANSFERS_MAX,
  LEDGER_READ_ROWS_MAX,
  LEDGER_REASON_CHARS_MAX,
} from '../limits.js';
import { StoreError } from '../store-error.js';
import type {
  LedgerAccount,
  MintItem,
  PayoutWindow,
  ReadPage,
  ReceiptFilter,
} from './ledger-store.js';

/** Batch ids of these kinds are derived from a receipt or payout id; deposits may not take them. */
export const REVERSAL_BATCH_PREFIX = 'reversal:';
export const PAYOUT_BATCH_PREFIX = 'payout:';

export const RECEIPT_STATUSES_STORED = ['minted', 'paid', 'reversed'] as const;

/** A mint that passed checkMint. */
export interface CheckedMint {
  readonly receipt: Receipt;
  readonly transfers: readonly Transfer[];
  readonly currency: string;
  readonly atMs: number;
  readonly subject: string | null;
}

/** `${party}#${currency}` with a kernel currency and a non-empty party. */
export function checkAccount(account: LedgerAccount): void {
  if (typeof account !== 'object' || account === null) {
    throw new StoreError('ledger_account_invalid', 'an account is an object');
  }
  const { id, currency, allowCredit } = account;
  requireText('ledger_account_invalid', 'account id', id, LEDGER_ID_CHARS_MAX);
  if (typeof currency !== 'string' || !isKernelCurrency(currency)) {
    throw new StoreError('ledger_account_invalid', `${String(currency)} is not a kernel currency`);
  }
  if (!id.endsWith(`#${currency}`) || id.length === currency.length + 1) {
    throw new StoreError('ledger_account_invalid', `account ${id} is not <party>#${currency}`);
  }
  if (typeof allowCredit !== 'boolean') {
    throw new StoreError('ledger_account_invalid', 'allowCredit is true or false');
  }
}

/** The party an account belongs to: everything before the last `#`. */
export function partyOf(accountId: string): string {
  return accountId.slice(0, accountId.lastIndexOf('#'));
}

/** The kernel's own currency rule, asked through checkBalanced so it is never restated here. */
export function isKernelCurrency(currency: string): boolean {
  const probe = checkBalanced([{ debit: 'a', credit: 'b', amount: 1n, currency }]);
  return probe.ok;
}

/** Receipt, transfer amounts and accounts, currency, payer debits and sum, in that order. */
export function checkMint(item: MintItem): CheckedMint {
  if (typeof item !== 'object' || item === null) {
    throw new StoreError('ledger_request_invalid', 'a mint names a receipt and its transfers');
  }
  const checked = checkReceipt(item.receipt as unknown as JsonValue);
  if (!checked.ok) {
    throw new StoreError(
      'ledger_receipt_invalid',
      `the receipt fails the kernel check: ${checked.error.code} ${checked.error.message}`,
    );
  }
  const receipt = checked.value;
  if (receipt.status !== 'minted') {
    throw new StoreError(
      'ledger_receipt_invalid',
      `a receipt is minted in status minted, not ${receipt.status}`,
    );
  }
  const atMs = checkTime('atMs', item.atMs);
  const subject = item.subject ?? null;
  if (subject !== null)
    requireText('ledger_request_invalid', 'subject', subject, LEDGER_ID_CHARS_MAX);
  const transfers = checkTransfers(item.transfers, LEDGER_MINT_TRANSFERS_MAX, true);
  const currency = receipt.amount.currency;
  const payerAccount = `${receipt.payer}#${currency}`;
  let sum = 0n;
  for (const transfer of transfers) {
    if (transfer.currency !== currency) {
      throw new StoreError(
        'ledger_currency_mismatch',
        `receipt ${receipt.id} is in ${currency}; a transfer is in ${transfer.currency}`,
      );
    }
    if (transfer.debit !== payerAccount) {
      throw new StoreError(
        'ledger_batch_unbalanced',
        `every transfer of receipt ${receipt.id} debits ${payerAccount}, not ${transfer.debit}`,
      );
    }
    sum += transfer.amount;
  }
  if (sum !== BigInt(receipt.amount.minor)) {
    throw new StoreError(
      'ledger_batch_unbalanced',
      `the transfers of receipt ${receipt.id} sum to ${sum}, not ${receipt.amount.minor}`,
    );
  }
  return { receipt, transfers, currency, atMs, subject };
}

export function checkMintBatch(items: readonly MintItem[]): CheckedMint[] {
  if (!Array.isArray(items) || items.length > LEDGER_MINT_BATCH_RECEIPTS_MAX) {
    throw new StoreError(
      'ledger_request_invalid',
      `mintMany takes an array of at most ${LEDGER_MINT_BATCH_RECEIPTS_MAX} items`,
    );
  }
  return items.map(checkMint);
}

/** A deposit: a valid id of its own, 1..max transfers, one currency. */
export function checkDeposit(id: string, transfers: readonly Transfer[], atMs: number): Transfer[] {
  requireText('ledger_request_invalid', 'deposit id', id, LEDGER_ID_CHARS_MAX);
  if (id.startsWith(REVERSAL_BATCH_PREFIX) || id.startsWith(PAYOUT_BATCH_PREFIX)) {
    throw new StoreError(
      'ledger_request_invalid',
      `deposit ids may not start with ${REVERSAL_BATCH_PREFIX} or ${PAYOUT_BATCH_PREFIX}`,
    );
  }
  checkTime('atMs', atMs);
  const checked = checkTransfers(transfers, LEDGER_DEPOSIT_TRANSFERS_MAX, false);
  const currency = checked[0]!.currency;
  for (const transfer of checked) {
    if (transfer.currency !== currency) {
      throw new StoreError(
        'ledger_currency_mismatch',
        `deposit ${id} is in ${currency}; a transfer is in ${transfer.currency}`,
      );
    }
  }
  return checked;
}

/**
 * Copies of the transfers (so a caller mutating its array later changes nothing) after the
 * kernel's per-transfer rules; its codes become the ledger's.
 */
function checkTransfers(
  transfers: readonly Transfer[],
  max: number,
  mayBeEmpty: boolean,
): Transfer[] {
  if (
    !Array.isArray(transfers) ||
    transfers.length > max ||
    (!mayBeEmpty && transfers.length === 0)
  ) {
    throw new StoreError(
      'ledger_request_invalid',
      `a batch has ${mayBeEmpty ? 0 : 1} to ${max} transfers`,
    );
  }
  const copies: Transfer[] = [];
  for (const transfer of transfers) {
    if (typeof transfer !== 'object' || transfer === null) {
      throw new StoreError('ledger_transfer_invalid', 'a transfer is an object');
    }
    const { debit, credit, amount, currency } = transfer;
    requireText('ledger_transfer_invalid', 'debit', debit, LEDGER_ID_CHARS_MAX);
    requireText('ledger_transfer_invalid', 'credit', credit, LEDGER_ID_CHARS_MAX);
    copies.push({ debit, credit, amount, currency });
  }
  const balanced = checkBalanced(copies);
  if (!balanced.ok) {
    const code =
      balanced.error.code === 'transfer_amount_out_of_range'
        ? 'ledger_amount_invalid'
        : balanced.error.code === 'transfer_currency_invalid'
          ? 'ledger_currency_mismatch'
          : 'ledger_transfer_invalid';
    throw new StoreError(code, `transfer ${balanced.error.path ?? ''}: ${balanced.error.message}`);
  }
  return copies;
}

export function checkReversal(receiptId: string, options: { atMs: number; reason: string }): void {
  requireText('ledger_request_invalid', 'receipt id', receiptId, LEDGER_ID_CHARS_MAX);
  if (typeof options !== 'object' || options === null) {
    throw new StoreError('ledger_request_invalid', 'a reversal names its time and reason');
  }
  checkTime('atMs', options.atMs);
  requireText('ledger_request_invalid', 'reason', options.reason, LEDGER_REASON_CHARS_MAX);
}

export function checkWindow(window: PayoutWindow): void {
  if (typeof window !== 'object' || window === null || !isKernelCurrency(String(window.currency))) {
    throw new StoreError('ledger_request_invalid', 'a payout window names a kernel currency');
  }
  checkTime('fromMs', window.fromMs);
  checkTime('toMs', window.toMs);
  if (window.fromMs >= window.toMs) {
    throw new StoreError(
      'ledger_request_invalid',
      `the window [${window.fromMs}, ${window.toMs}) is empty`,
    );
  }
}

export function checkPayoutId(id: string): void {
  requireText('ledger_request_invalid', 'payout id', id, LEDGER_ID_CHARS_MAX);
}

/** The page a read asks for, with defaults filled in. */
export function checkPage(page: ReadPage | undefined): { afterSeq: number; limit: number } {
  const afterSeq = page?.afterSeq ?? 0;
  const limit = page?.limit ?? LEDGER_READ_ROWS_MAX;
  checkTime('afterSeq', afterSeq);
  checkLimit(limit);
  return { afterSeq, limit };
}

export function checkReceiptFilter(filter: ReceiptFilter | undefined): {
  status: string | null;
  subject: string | null;
  limit: number;
} {
  const status = filter?.status ?? null;
  if (status !== null && !(RECEIPT_STATUSES_STORED as readonly string[]).includes(status)) {
    throw new StoreError(
      'ledger_request_invalid',
      `a receipt status is minted, paid or reversed, not ${status}`,
    );
  }
  const subject = filter?.subject ?? null;
  if (subject !== null)
    requireText('ledger_request_invalid', 'subject', subject, LEDGER_ID_CHARS_MAX);
  const limit = filter?.limit ?? LEDGER_READ_ROWS_MAX;
  checkLimit(limit);
  return { status, subject, limit };
}

/** A time or sequence number: a non-negative safe integer, which both databases hold exactly. */
export function checkTime(field: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new StoreError(
      'ledger_request_invalid',
      `${field} is a non-negative safe integer, not ${String(value)}`,
    );
  }
  return value;
}

function checkLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > LEDGER_READ_ROWS_MAX) {
    throw new StoreError(
      'ledger_request_invalid',
      `a limit is 1 to ${LEDGER_READ_ROWS_MAX}, not ${String(limit)}`,
    );
  }
}

function requireText(
  code: 'ledger_request_invalid' | 'ledger_transfer_invalid' | 'ledger_account_invalid',
  field: string,
  value: unknown,
  max: number,
): asserts value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw new StoreError(code, `${field} is a string of 1 to ${max} characters`);
  }
}
