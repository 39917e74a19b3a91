/**
 * Payout planning and confirmation in the SQLite ledger, each run inside the store's IMMEDIATE
 * transaction: the window's receipts, their mint transfers and the credited balances are read
 * at one moment, and a confirmation checks that every receipt of its plan is still minted before
 * it posts (ledger/ledger-payout-plan.ts holds the netting rule).
 */
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
import type { SqliteLedgerTables } from './sqlite-ledger-tables.js';

interface WindowRow {
  receipt: string;
  debit: string;
  credit: string;
  amount: string;
}

export function sqlitePlanPayout(tables: SqliteLedgerTables, window: PayoutWindow): PayoutPlan {
  const { statements } = tables;
  const { currency, fromMs, toMs } = window;
  const ids = statements.windowReceipts.all(
    currency,
    fromMs,
    toMs,
    LEDGER_PAYOUT_RECEIPTS_MAX + 1,
  ) as string[];
  checkWindowSize(ids.length);
  const rows = statements.windowTransfers.all(currency, fromMs, toMs) as WindowRow[];
  const transfers = rows.map((row) => ({ ...row, amount: BigInt(row.amount) }));
  const credited = tables.readAccounts([...new Set(rows.map((row) => row.credit))]);
  const balances = new Map([...credited].map(([id, account]) => [id, account.balance]));
  const plan = buildPayoutPlan({ currency, fromMs, toMs }, ids, transfers, balances);
  statements.insertPayout.run(plan.id, currency, fromMs, toMs, payoutPlanText(plan));
  const stored = statements.payout.get(plan.id) as { body: string; status: string };
  return payoutPlanFromText(stored.body, stored.status);
}

export function sqliteConfirmPayout(
  tables: SqliteLedgerTables,
  payoutId: string,
  atMs: number,
): 'confirmed' | 'duplicate' {
  const { statements } = tables;
  const stored = statements.payout.get(payoutId) as { body: string; status: string } | undefined;
  if (stored === undefined) {
    throw new StoreError('ledger_payout_unknown', `no payout ${payoutId} was planned`);
  }
  if (stored.status === 'confirmed') return 'duplicate';
  const plan = payoutPlanFromText(stored.body, stored.status);
  const receiptsText = JSON.stringify(plan.receipts);
  const statuses = statements.receiptStatuses.all(receiptsText) as { id: string; status: string }[];
  const moved = statuses.find((row) => row.status !== 'minted');
  if (moved !== undefined || statuses.length !== plan.receipts.length) {
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
  const sheet = new BalanceSheet(tables.readAccounts(accountsNamed([transfers])));
  sheet.post(transfers);
  tables.post(`${PAYOUT_BATCH_PREFIX}${payoutId}`, 'payout', null, transfers, atMs);
  statements.markPaid.run(payoutId, receiptsText);
  statements.confirmPayout.run(atMs, payoutId);
  tables.writeBalances(sheet.changed());
  return 'confirmed';
}
