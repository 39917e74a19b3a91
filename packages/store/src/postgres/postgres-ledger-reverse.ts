/**
 * Reversal in the PostgreSQL ledger (an overturned proof): locks the receipt row, then the
 * accounts its mint batch moved, posts the compensating transfers as the batch
 * `reversal:<receipt id>`, and marks the receipt reversed, in the caller's transaction.
 */
import type pg from 'pg';
import { REVERSAL_BATCH_PREFIX } from '../ledger/ledger-checks.js';
import { accountsNamed, BalanceSheet, compensating } from '../ledger/ledger-postings.js';
import { RECEIPT_COLUMNS, type ReceiptRecord } from '../ledger/ledger-records.js';
import { StoreError } from '../store-error.js';
import {
  batchTransfers,
  insertBatches,
  lockAccounts,
  postingsOf,
  postTransfers,
  writeBalances,
} from './postgres-ledger-tables.js';

export async function postgresReverse(
  client: pg.PoolClient,
  receiptId: string,
  options: { atMs: number; reason: string },
): Promise<{ outcome: 'reversed' | 'duplicate'; afterPayout: boolean }> {
  const result = await client.query<ReceiptRecord>(
    `SELECT ${RECEIPT_COLUMNS} FROM ledger_receipts WHERE id = $1 FOR UPDATE`,
    [receiptId],
  );
  const record = result.rows[0];
  if (record === undefined) {
    throw new StoreError('ledger_receipt_unknown', `no receipt ${receiptId} was minted`);
  }
  const afterPayout = record.paid_by !== null;
  if (record.status === 'reversed') return { outcome: 'duplicate', afterPayout };
  const minted = (await batchTransfers(client, [receiptId])).get(receiptId)!;
  const undo = compensating(minted);
  const sheet = new BalanceSheet(await lockAccounts(client, accountsNamed([undo])));
  sheet.post(undo);
  const batch = `${REVERSAL_BATCH_PREFIX}${receiptId}`;
  await insertBatches(client, [{ id: batch, kind: 'reversal', atMs: options.atMs }]);
  await postTransfers(client, postingsOf(batch, 'reversal', receiptId, undo, options.atMs));
  await client.query(
    `UPDATE ledger_receipts SET status = 'reversed', reversed_at_ms = $2, reversal_reason = $3
     WHERE id = $1`,
    [receiptId, options.atMs, options.reason],
  );
  await writeBalances(client, sheet.changed());
  return { outcome: 'reversed', afterPayout };
}
