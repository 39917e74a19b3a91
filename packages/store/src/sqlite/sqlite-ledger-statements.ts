/**
 * Every SQL statement of the SQLite ledger, prepared once per connection. Amounts are bound and
 * read as decimal text (sqlite-ledger-schema.ts); SQL only compares and copies them.
 */
import type Database from 'better-sqlite3';
import { ACCOUNT_COLUMNS, RECEIPT_COLUMNS, TRANSFER_COLUMNS } from '../ledger/ledger-records.js';

export type SqliteLedgerStatements = ReturnType<typeof prepareLedgerStatements>;

export function prepareLedgerStatements(db: Database.Database) {
  const windowWhere = `currency = ? AND status = 'minted' AND minted_at_ms >= ? AND minted_at_ms < ?`;
  return {
    account: db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM ledger_accounts WHERE id = ?`),
    insertAccount: db.prepare(
      `INSERT INTO ledger_accounts (id, currency, allow_credit, balance) VALUES (?, ?, ?, '0')`,
    ),
    setBalance: db.prepare('UPDATE ledger_accounts SET balance = ? WHERE id = ?'),
    balances: db.prepare('SELECT id, balance FROM ledger_accounts ORDER BY id'),
    accountIds: db.prepare('SELECT id FROM ledger_accounts ORDER BY id').pluck(),
    batchKind: db.prepare('SELECT kind FROM ledger_batches WHERE id = ?').pluck(),
    insertBatch: db.prepare('INSERT INTO ledger_batches (id, kind, at_ms) VALUES (?, ?, ?)'),
    batchTransfers: db.prepare(
      'SELECT debit, credit, amount, currency FROM ledger_transfers WHERE batch = ? ORDER BY seq',
    ),
    insertTransfer: db.prepare(
      `INSERT INTO ledger_transfers (batch, kind, receipt, debit, credit, amount, currency, at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    transfers: db.prepare(
      `SELECT ${TRANSFER_COLUMNS} FROM ledger_transfers WHERE seq > ? ORDER BY seq LIMIT ?`,
    ),
    // Two index range scans (debit, seq) and (credit, seq); no transfer has the account on both
    // sides, so nothing is counted twice.
    history: db.prepare(
      `SELECT * FROM (SELECT ${TRANSFER_COLUMNS} FROM ledger_transfers
                      WHERE debit = @account AND seq > @afterSeq ORDER BY seq LIMIT @limit)
       UNION ALL
       SELECT * FROM (SELECT ${TRANSFER_COLUMNS} FROM ledger_transfers
                      WHERE credit = @account AND seq > @afterSeq ORDER BY seq LIMIT @limit)
       ORDER BY seq LIMIT @limit`,
    ),
    mintPostings: db.prepare(
      `SELECT ${TRANSFER_COLUMNS} FROM ledger_transfers WHERE batch = ? AND kind = 'mint' ORDER BY seq`,
    ),
    allPostings: db.prepare('SELECT debit, credit, amount FROM ledger_transfers'),
    proofReceipt: db.prepare('SELECT receipt FROM ledger_receipt_proofs WHERE proof = ?').pluck(),
    insertProof: db.prepare('INSERT INTO ledger_receipt_proofs (proof, receipt) VALUES (?, ?)'),
    insertReceipt: db.prepare(
      `INSERT INTO ledger_receipts (id, body, currency, status, subject, minted_at_ms)
       VALUES (?, ?, ?, 'minted', ?, ?)`,
    ),
    receipt: db.prepare(`SELECT ${RECEIPT_COLUMNS} FROM ledger_receipts WHERE id = ?`),
    receipts: db.prepare(
      `SELECT ${RECEIPT_COLUMNS} FROM ledger_receipts
       WHERE (@status IS NULL OR status = @status) AND (@subject IS NULL OR subject = @subject)
       ORDER BY minted_at_ms, id LIMIT @limit`,
    ),
    reverseReceipt: db.prepare(
      `UPDATE ledger_receipts SET status = 'reversed', reversed_at_ms = ?, reversal_reason = ?
       WHERE id = ?`,
    ),
    windowReceipts: db
      .prepare(`SELECT id FROM ledger_receipts WHERE ${windowWhere} ORDER BY id LIMIT ?`)
      .pluck(),
    windowTransfers: db.prepare(
      `SELECT t.batch AS receipt, t.debit, t.credit, t.amount
       FROM ledger_receipts r JOIN ledger_transfers t ON t.batch = r.id
       WHERE r.currency = ? AND r.status = 'minted' AND r.minted_at_ms >= ? AND r.minted_at_ms < ?
       ORDER BY t.seq`,
    ),
    receiptStatuses: db.prepare(
      'SELECT id, status FROM ledger_receipts WHERE id IN (SELECT value FROM json_each(?))',
    ),
    markPaid: db.prepare(
      `UPDATE ledger_receipts SET status = 'paid', paid_by = ?
       WHERE id IN (SELECT value FROM json_each(?))`,
    ),
    payout: db.prepare('SELECT body, status FROM ledger_payouts WHERE id = ?'),
    insertPayout: db.prepare(
      `INSERT INTO ledger_payouts (id, currency, from_ms, to_ms, body, status)
       VALUES (?, ?, ?, ?, ?, 'planned') ON CONFLICT (id) DO NOTHING`,
    ),
    confirmPayout: db.prepare(
      `UPDATE ledger_payouts SET status = 'confirmed', confirmed_at_ms = ? WHERE id = ?`,
    ),
    payouts: db.prepare(
      'SELECT body, status FROM ledger_payouts ORDER BY from_ms, to_ms, currency, id',
    ),
  };
}
