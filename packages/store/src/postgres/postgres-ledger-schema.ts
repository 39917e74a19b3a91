/**
 * Tables of the ledger in PostgreSQL, in the schema the store was opened with (public by
 * default); their names (ledger_*) meet no other store's. Amounts and balances are NUMERIC(38,0):
 * exact over the kernel's whole range (limits.ts, LEDGER_AMOUNT_MINOR_DIGITS_MAX); pg hands them
 * to JavaScript as decimal text, which becomes bigint. Ids sort in byte order (COLLATE "C"), as in
 * SQLite, whatever the database's locale.
 *
 * seq comes from the one row of ledger_sequence, which each posting transaction updates (and so
 * locks until it commits): seq is 1-based, without gaps (a rolled-back transaction gives its
 * numbers back), and in commit order, so a reader paging by seq never skips a later commit.
 */
export const POSTGRES_LEDGER_SCHEMA = `
CREATE TABLE IF NOT EXISTS ledger_accounts (
  id TEXT COLLATE "C" PRIMARY KEY,
  currency TEXT NOT NULL,
  allow_credit BOOLEAN NOT NULL,
  balance NUMERIC(38, 0) NOT NULL
);
CREATE TABLE IF NOT EXISTS ledger_batches (
  id TEXT COLLATE "C" PRIMARY KEY,
  kind TEXT NOT NULL,
  at_ms BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS ledger_sequence (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq BIGINT NOT NULL
);
INSERT INTO ledger_sequence (id, last_seq) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
CREATE TABLE IF NOT EXISTS ledger_transfers (
  seq BIGINT PRIMARY KEY,
  batch TEXT COLLATE "C" NOT NULL,
  kind TEXT NOT NULL,
  receipt TEXT COLLATE "C",
  debit TEXT COLLATE "C" NOT NULL,
  credit TEXT COLLATE "C" NOT NULL,
  amount NUMERIC(38, 0) NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL,
  at_ms BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS ledger_transfers_batch ON ledger_transfers (batch);
CREATE INDEX IF NOT EXISTS ledger_transfers_debit ON ledger_transfers (debit, seq);
CREATE INDEX IF NOT EXISTS ledger_transfers_credit ON ledger_transfers (credit, seq);
CREATE TABLE IF NOT EXISTS ledger_receipts (
  id TEXT COLLATE "C" PRIMARY KEY,
  body TEXT NOT NULL,
  currency TEXT NOT NULL,
  status TEXT NOT NULL,
  subject TEXT COLLATE "C",
  minted_at_ms BIGINT NOT NULL,
  paid_by TEXT COLLATE "C",
  reversed_at_ms BIGINT,
  reversal_reason TEXT
);
CREATE INDEX IF NOT EXISTS ledger_receipts_window
  ON ledger_receipts (currency, status, minted_at_ms);
CREATE INDEX IF NOT EXISTS ledger_receipts_order ON ledger_receipts (minted_at_ms, id);
CREATE INDEX IF NOT EXISTS ledger_receipts_subject ON ledger_receipts (subject, minted_at_ms)
  WHERE subject IS NOT NULL;
-- Which receipt settled each proof: a proof is settled once (K7), even after a reversal.
CREATE TABLE IF NOT EXISTS ledger_receipt_proofs (
  proof TEXT COLLATE "C" PRIMARY KEY,
  receipt TEXT COLLATE "C" NOT NULL
);
CREATE TABLE IF NOT EXISTS ledger_payouts (
  id TEXT COLLATE "C" PRIMARY KEY,
  currency TEXT COLLATE "C" NOT NULL,
  from_ms BIGINT NOT NULL,
  to_ms BIGINT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  confirmed_at_ms BIGINT
);
`;

/** Serialises concurrent first-time setup of the ledger tables; a key of its own. */
export const POSTGRES_LEDGER_SCHEMA_LOCK_KEY = 0x6d7963656c05; // "mycel" + 5
