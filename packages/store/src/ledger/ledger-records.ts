/**
 * Rows as both drivers read them, and the objects they become. Column names are the same in
 * SQLite and PostgreSQL; integers come back as numbers from SQLite and as strings from pg (its
 * bigint), amounts as decimal text from both, so one conversion serves both.
 */
import type { Receipt } from '@mycel/kernel';
import type { AccountState } from './ledger-postings.js';
import type {
  LedgerBatchKind,
  PostedTransfer,
  StoredReceipt,
  StoredReceiptStatus,
} from './ledger-store.js';

export interface AccountRecord {
  id: string;
  currency: string;
  allow_credit: number | boolean;
  balance: string;
}

export interface TransferRecord {
  seq: number | string;
  batch: string;
  kind: string;
  receipt: string | null;
  debit: string;
  credit: string;
  amount: string;
  currency: string;
  at_ms: number | string;
}

export interface ReceiptRecord {
  id: string;
  body: string;
  status: string;
  subject: string | null;
  minted_at_ms: number | string;
  paid_by: string | null;
  reversed_at_ms: number | string | null;
  reversal_reason: string | null;
}

export const ACCOUNT_COLUMNS = 'id, currency, allow_credit, balance';
export const TRANSFER_COLUMNS = 'seq, batch, kind, receipt, debit, credit, amount, currency, at_ms';
export const RECEIPT_COLUMNS =
  'id, body, status, subject, minted_at_ms, paid_by, reversed_at_ms, reversal_reason';

export function accountFromRecord(record: AccountRecord): AccountState {
  return {
    id: record.id,
    currency: record.currency,
    allowCredit: record.allow_credit === true || record.allow_credit === 1,
    balance: BigInt(record.balance),
  };
}

export function postedFromRecord(record: TransferRecord): PostedTransfer {
  return {
    seq: Number(record.seq),
    batch: record.batch,
    kind: record.kind as LedgerBatchKind,
    receipt: record.receipt,
    debit: record.debit,
    credit: record.credit,
    amount: BigInt(record.amount),
    currency: record.currency,
    atMs: Number(record.at_ms),
  };
}

export function storedReceiptFromRecord(record: ReceiptRecord): StoredReceipt {
  const status = record.status as StoredReceiptStatus;
  const receipt = JSON.parse(record.body) as Receipt;
  return {
    receipt: { ...receipt, status },
    status,
    subject: record.subject,
    mintedAtMs: Number(record.minted_at_ms),
    paidBy: record.paid_by,
    reversedAtMs: record.reversed_at_ms === null ? null : Number(record.reversed_at_ms),
    reversalReason: record.reversal_reason,
  };
}

/** Balances rebuilt from postings: every open account at zero, then each transfer applied. */
export function replayPostings(
  accountIds: Iterable<string>,
  postings: Iterable<{ debit: string; credit: string; amount: string }>,
): Map<string, bigint> {
  const balances = new Map<string, bigint>();
  for (const id of accountIds) balances.set(id, 0n);
  for (const posting of postings) {
    const amount = BigInt(posting.amount);
    balances.set(posting.debit, (balances.get(posting.debit) ?? 0n) - amount);
    balances.set(posting.credit, (balances.get(posting.credit) ?? 0n) + amount);
  }
  return balances;
}
