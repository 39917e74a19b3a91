/**
 * The settlement ledger's port: double-entry accounts and transfers, receipts (VCRs) minted once,
 * payouts netted per window and currency, reversals of overturned proofs (ARCHITECTURE §4.2,
 * §5.5; K7). Two drivers implement it (SQLite, PostgreSQL) and one conformance suite checks both
 * (test/ledger-store-conformance.ts).
 *
 * Every call is one transaction: a call that fails changes nothing. Amounts are bigint minor
 * units, stored exactly (decimal text in SQLite, NUMERIC(38,0) in PostgreSQL), never floating
 * point. Batches of postings are idempotent by id: `mint` (id = receipt id), `reversal`
 * (`reversal:` + receipt id), `payout` (`payout:` + payout id) and `deposit` (the caller's id).
 */
import type { Receipt, Transfer } from '@mycel/kernel';

export interface LedgerAccount {
  /** `${party}#${currency}`: a DID or a reserved name such as `rail`, then the currency. */
  readonly id: string;
  readonly currency: string;
  /** Whether the balance may go below zero (postpaid payers, payees, the rail). */
  readonly allowCredit: boolean;
}

export type LedgerBatchKind = 'mint' | 'reversal' | 'payout' | 'deposit';

/** One row of history. */
export interface PostedTransfer {
  /** Global posting order, 1-based and without gaps; later commits have higher numbers. */
  readonly seq: number;
  readonly batch: string;
  readonly kind: LedgerBatchKind;
  /** The receipt a mint or reversal posting belongs to; null for payouts and deposits. */
  readonly receipt: string | null;
  readonly debit: string;
  readonly credit: string;
  readonly amount: bigint;
  readonly currency: string;
  readonly atMs: number;
}

export type StoredReceiptStatus = 'minted' | 'paid' | 'reversed';

export interface StoredReceipt {
  /** The receipt as minted, its `status` field set to the stored status. */
  readonly receipt: Receipt;
  readonly status: StoredReceiptStatus;
  readonly subject: string | null;
  /** The `atMs` of the mint call: payout windows select on it. */
  readonly mintedAtMs: number;
  /** The payout that paid it, once one did. */
  readonly paidBy: string | null;
  readonly reversedAtMs: number | null;
  /** Why it was reversed (an addition to the issue 5 contract: the reason given to reverse). */
  readonly reversalReason: string | null;
}

export interface PayoutInstruction {
  /** The party of the account: what precedes `#` in its id. */
  readonly payee: string;
  readonly account: string;
  readonly amount: bigint;
  /** Ids of the window's receipts in which this account has a part, sorted. */
  readonly receipts: readonly string[];
}

export interface PayoutWindow {
  readonly currency: string;
  /** Receipts minted at or after this time ... */
  readonly fromMs: number;
  /** ... and before this one. */
  readonly toMs: number;
}

export interface PayoutPlan extends PayoutWindow {
  /** Content id of `{currency, fromMs, toMs, instructions}` (amounts as decimal strings). */
  readonly id: string;
  /** One per credited account with something to pay, in account id order. */
  readonly instructions: readonly PayoutInstruction[];
  /** Net of the window's mint transfers per account, in account id order; sums to 0n. */
  readonly positions: readonly { readonly account: string; readonly net: bigint }[];
  /** The window's minted receipts (R), sorted. */
  readonly receipts: readonly string[];
  readonly status: 'planned' | 'confirmed';
}

/** One receipt of a mintMany call: the arguments of one mint. */
export interface MintItem {
  readonly receipt: Receipt;
  readonly transfers: readonly Transfer[];
  readonly atMs: number;
  readonly subject?: string;
}

export type MintOutcome = 'minted' | 'duplicate';

export interface ReadPage {
  /** Only postings with a higher seq (default 0: from the start). */
  readonly afterSeq?: number;
  /** At most this many (default and bound: LEDGER_READ_ROWS_MAX). */
  readonly limit?: number;
}

export interface ReceiptFilter {
  readonly status?: string;
  readonly subject?: string;
  /** At most this many (default and bound: LEDGER_READ_ROWS_MAX). */
  readonly limit?: number;
}

export interface LedgerStore {
  readonly driver: 'sqlite' | 'postgres';
  /** Same id with another currency or credit → ledger_account_conflict. Opens at balance 0. */
  openAccount(account: LedgerAccount): Promise<'opened' | 'existing'>;
  account(id: string): Promise<(LedgerAccount & { balance: bigint }) | undefined>;
  /** Unknown → ledger_account_unknown. */
  balance(id: string): Promise<bigint>;
  /**
   * The receipt row and its transfers in one transaction. The transfers all debit
   * `${payer}#${currency}`, carry the receipt's currency and sum to its amount. The same receipt
   * id again with the same transfers (in any order) is 'duplicate'; with other transfers,
   * ledger_batch_conflict. A proof already settled by another receipt → ledger_receipt_conflict.
   */
  mint(
    receipt: Receipt,
    transfers: readonly Transfer[],
    options: { atMs: number; subject?: string },
  ): Promise<MintOutcome>;
  /**
   * Many mints in one transaction (an addition to the issue 5 contract, for throughput: one
   * commit, one fsync). Each item follows the rules of mint; when any item fails the whole call
   * fails and changes nothing. An item repeating an earlier item of the call is 'duplicate'.
   * At most LEDGER_MINT_BATCH_RECEIPTS_MAX items.
   */
  mintMany(items: readonly MintItem[]): Promise<MintOutcome[]>;
  /**
   * Compensating transfers for each of the receipt's mint transfers, and status `reversed`.
   * `afterPayout` says the receipt had been paid. Reversing it again is 'duplicate'.
   */
  reverse(
    receiptId: string,
    options: { atMs: number; reason: string },
  ): Promise<{ outcome: 'reversed' | 'duplicate'; afterPayout: boolean }>;
  /** A generic balanced batch in one currency (funding, tests); idempotent by id like a mint. */
  deposit(
    id: string,
    transfers: readonly Transfer[],
    atMs: number,
  ): Promise<'posted' | 'duplicate'>;
  /** Nets the window and stores the plan as planned; the same content gives the same id. */
  planPayout(window: PayoutWindow): Promise<PayoutPlan>;
  /**
   * Posts `account → rail#<currency>` per instruction and marks the window's receipts paid, in
   * one transaction. A receipt of the plan no longer `minted` → ledger_payout_stale.
   */
  confirmPayout(payoutId: string, atMs: number): Promise<'confirmed' | 'duplicate'>;
  payout(id: string): Promise<PayoutPlan | undefined>;
  /** Every plan, by window (fromMs, toMs), then currency, then id. */
  payouts(): Promise<PayoutPlan[]>;
  receipt(id: string): Promise<StoredReceipt | undefined>;
  /** By mint time, then id. */
  receipts(filter?: ReceiptFilter): Promise<StoredReceipt[]>;
  /** Postings that debit or credit the account, by seq. Unknown → ledger_account_unknown. */
  history(accountId: string, options?: ReadPage): Promise<PostedTransfer[]>;
  /** Every posting, by seq. */
  transfers(options?: ReadPage): Promise<PostedTransfer[]>;
  /**
   * The postings of a receipt's mint batch (payer → each party), by seq; none for a receipt of
   * zero or one never minted. An addition to the issue 5 contract, for earnings views.
   */
  receiptTransfers(receiptId: string): Promise<PostedTransfer[]>;
  /** The stored balance of every account. */
  balances(): Promise<Map<string, bigint>>;
  /** Every account's balance rebuilt from every transfer: the differential twin of balances(). */
  replayBalances(): Promise<Map<string, bigint>>;
  close(): Promise<void>;
}
