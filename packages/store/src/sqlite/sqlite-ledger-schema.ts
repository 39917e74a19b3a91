/**
 * Tables of the ledger in SQLite; their names (ledger_*) meet no other store's, so one file may
 * hold the ledger beside the proof log and the sessions. Amounts and balances are decimal TEXT:
 * SQLite's INTEGER is 64-bit and its arithmetic turns to floating point on overflow, while the
 * kernel allows 38-digit amounts, so the store adds them in JavaScript bigint inside each
 * transaction and SQL never computes with them (limits.ts, LEDGER_AMOUNT_MINOR_DIGITS_MAX).
 */
export const SQLITE_LEDGER_SCHEMA = `
CREATE TABLE IF NOT EXISTS ledger_accounts (
  id TEXT PRIMARY KEY,
  currency TEXT NOT NULL,
  allow_credit INTEGER NOT NULL,
  balance TEXT NOT NULL
) WITHOUT ROWID;
-- One row per posted batch (mint, reversal, payout, deposit): its id is the idempotency key.
CREATE TABLE IF NOT EXISTS ledger_batches (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  at_ms INTEGER NOT NULL
) WITHOUT ROWID;
-- seq is the rowid: 1-based, in commit order (writes are serialised), never reused (no deletes).
CREATE TABLE IF NOT EXISTS ledger_transfers (
  seq INTEGER PRIMARY KEY,
  batch TEXT NOT NULL,
  kind TEXT NOT NULL,
  receipt TEXT,
  debit TEXT NOT NULL,
  credit TEXT NOT NULL,
  amount TEXT NOT NULL,
  currency TEXT NOT NULL,
  at_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ledger_transfers_batch ON ledger_transfers (batch);
CREATE INDEX IF NOT EXISTS ledger_transfers_debit ON ledger_transfers (debit, seq);
CREATE INDEX IF NOT EXISTS ledger_transfers_credit ON ledger_transfers (credit, seq);
-- A rowid table: a receipt's body is about a kilobyte, too large for WITHOUT ROWID to pay off.
CREATE TABLE IF NOT EXISTS ledger_receipts (
  id TEXT NOT NULL UNIQUE,
  body TEXT NOT NULL,
  currency TEXT NOT NULL,
  status TEXT NOT NULL,
  subject TEXT,
  minted_at_ms INTEGER NOT NULL,
  paid_by TEXT,
  reversed_at_ms INTEGER,
  reversal_reason TEXT
);
CREATE INDEX IF NOT EXISTS ledger_receipts_window
  ON ledger_receipts (currency, status, minted_at_ms);
CREATE INDEX IF NOT EXISTS ledger_receipts_order ON ledger_receipts (minted_at_ms, id);
CREATE INDEX IF NOT EXISTS ledger_receipts_subject ON ledger_receipts (subject, minted_at_ms)
  WHERE subject IS NOT NULL;
-- Which receipt settled each proof: a proof is settled once (K7), even after a reversal.
CREATE TABLE IF NOT EXISTS ledger_receipt_proofs (
  proof TEXT PRIMARY KEY,
  receipt TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ledger_payouts (
  id TEXT PRIMARY KEY,
  currency TEXT NOT NULL,
  from_ms INTEGER NOT NULL,
  to_ms INTEGER NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  confirmed_at_ms INTEGER
) WITHOUT ROWID;
`;
