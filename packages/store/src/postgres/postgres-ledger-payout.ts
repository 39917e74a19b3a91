/**
 * Payout planning and confirmation in the PostgreSQL ledger. A plan is read in one REPEATABLE
 * READ snapshot, so the window's receipts, their transfers and the balances are of one moment; a
 * confirmation locks the plan row, then its receipts (by id), then the accounts, checks that every
 * receipt is still minted, and posts (ledger/ledger-payout-plan.ts holds the netting rule).
 */
import type pg from 'pg';
import { PAYOUT_BATCH_PREFIX } from '../ledger/ledger-checks.js';
import {
  buildPayoutPlan,
  checkWindowSize,
  payoutPlanFromText,
  payoutPlanText,
  railAccountOf,
} from '../ledger/ledger-payout-plan.js';
import { accountsNamed, BalanceSheet } from '../ledger/ledger-postings.js';
import type { PayoutPlan, PayoutWindow } from '../ledger/ledger-store.js';
import { LEDGER_PAYOUT_RECEIPTS_MAX } from '../limits.js';
import { StoreError } from '../store-error.js';
import {
  insertBatches,
  lockAccounts,
  postingsOf,
  postTransfers,
  writeBalances,
} from './postgres-ledger-tables.js';

const WINDOW_WHERE = `r.currency = $1 AND r.status = 'minted' AND r.minted_at_ms >= $2 AND r.minted_at_ms < $3`;

export async function postgresPlanPayout(
  client: pg.PoolClient,
  window: PayoutWindow,
): Promise<PayoutPlan> {
  const { currency, fromMs, toMs } = window;
  const receipts = await client.query<{ id: string }>(
    `SELECT r.id FROM ledger_receipts r WHERE ${WINDOW_WHERE} ORDER BY r.id LIMIT $4`,
    [currency, fromMs, toMs, LEDGER_PAYOUT_RECEIPTS_MAX + 1],
  );
  checkWindowSize(receipts.rows.length);
  const rows = await client.query<{
    receipt: string;
    debit: string;
    credit: string;
    amount: string;
  }>(
    `SELECT t.batch AS receipt, t.debit, t.credit, t.amount::text AS amount
     FROM ledger_receipts r JOIN ledger_transfers t ON t.batch = r.id
     WHERE ${WINDOW_WHERE} ORDER BY t.seq`,
    [currency, fromMs, toMs],
  );
  const transfers = rows.rows.map((row) => ({ ...row, amount: BigInt(row.amount) }));
  const credited = [...new Set(transfers.map((row) => row.credit))];
  const balances = await client.query<{ id: string; balance: string }>(
    'SELECT id, balance::text AS balance FROM ledger_accounts WHERE id = ANY($1::text[])',
    [credited],
  );
  const plan = buildPayoutPlan(
    window,
    receipts.rows.map((row) => row.id),
    transfers,
    new Map(balances.rows.map((row) => [row.id, BigInt(row.balance)])),
  );
  await client.query(
    `INSERT INTO ledger_payouts (id, currency, from_ms, to_ms, body, status)
     VALUES ($1, $2, $3, $4, $5, 'planned') ON CONFLICT (id) DO NOTHING`,
    [plan.id, currency, fromMs, toMs, payoutPlanText(plan)],
  );
  const stored = await client.query<{ body: string; status: string }>(
    'SELECT body, status FROM ledger_payouts WHERE id = $1',
    [plan.id],
  );
  return payoutPlanFromText(stored.rows[0]!.body, stored.rows[0]!.status);
}

export async function postgresConfirmPayout(
  client: pg.PoolClient,
  payoutId: string,
  atMs: number,
): Promise<'confirmed' | 'duplicate'> {
  const stored = await client.query<{ body: string; status: string }>(
    'SELECT body, status FROM ledger_payouts WHERE id = $1 FOR UPDATE',
    [payoutId],
  );
  const row = stored.rows[0];
  if (row === undefined) {
    throw new StoreError('ledger_payout_unknown', `no payout ${payoutId} was planned`);
  }
  if (row.status === 'confirmed') return 'duplicate';
  const plan = payoutPlanFromText(row.body, row.status);
  const statuses = await client.query<{ id: string; status: string }>(
    'SELECT id, status FROM ledger_receipts WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE',
    [plan.receipts],
  );
  const moved = statuses.rows.find((receipt) => receipt.status !== 'minted');
  if (moved !== undefined || statuses.rows.length !== plan.receipts.length) {
    throw new StoreError(
      'ledger_payout_stale',
      `receipt ${moved?.id ?? '?'} of payout ${payoutId} is ${moved?.status ?? 'gone'}, no longer minted`,
    );
  }
  const rail = railAccountOf(plan.currency);
  const transfers = plan.instructions.map((instruction) => ({
    debit: instruction.account,
    credit: rail,
    amount: instruction.amount,
    currency: plan.currency,
  }));
  const sheet = new BalanceSheet(await lockAccounts(client, accountsNamed([transfers])));
  sheet.post(transfers);
  const batch = `${PAYOUT_BATCH_PREFIX}${payoutId}`;
  await insertBatches(client, [{ id: batch, kind: 'payout', atMs }]);
  await postTransfers(client, postingsOf(batch, 'payout', null, transfers, atMs));
  await client.query(
    `UPDATE ledger_receipts SET status = 'paid', paid_by = $1 WHERE id = ANY($2::text[])`,
    [payoutId, plan.receipts],
  );
  await client.query(
    `UPDATE ledger_payouts SET status = 'confirmed', confirmed_at_ms = $2 WHERE id = $1`,
    [payoutId, atMs],
  );
  await writeBalances(client, sheet.changed());
  return 'confirmed';
}
