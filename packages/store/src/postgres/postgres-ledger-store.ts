/**
 * PostgreSQL ledger, for coordinators that keep their money off the machine or run replicas.
 * Every call is one transaction (postgres-ledger-transaction.ts) that locks what it changes in a
 * fixed order (postgres-ledger-tables.ts), so store instances on several machines sharing one
 * database never break a balance or mint a receipt twice. The rules live in ledger/.
 */
import type { Transfer } from '@mycel/kernel';
import type pg from 'pg';
import {
  checkAccount,
  checkDeposit,
  checkMint,
  checkMintBatch,
  checkPage,
  checkPayoutId,
  checkReceiptFilter,
  checkReversal,
  checkTime,
  checkWindow,
} from '../ledger/ledger-checks.js';
import { payoutPlanFromText } from '../ledger/ledger-payout-plan.js';
import { accountsNamed, BalanceSheet, sameTransfers } from '../ledger/ledger-postings.js';
import {
  type AccountRecord,
  accountFromRecord,
  postedFromRecord,
  RECEIPT_COLUMNS,
  type ReceiptRecord,
  storedReceiptFromRecord,
  TRANSFER_COLUMNS,
  type TransferRecord,
} from '../ledger/ledger-records.js';
import type {
  LedgerAccount,
  LedgerStore,
  MintItem,
  MintOutcome,
  PayoutPlan,
  PayoutWindow,
  PostedTransfer,
  ReadPage,
  ReceiptFilter,
  StoredReceipt,
} from '../ledger/ledger-store.js';
import { StoreError } from '../store-error.js';
import { postgresMint } from './postgres-ledger-mint.js';
import { openPostgresLedgerPool, type PostgresLedgerStoreOptions } from './postgres-ledger-open.js';
import { postgresConfirmPayout, postgresPlanPayout } from './postgres-ledger-payout.js';
import { postgresReverse } from './postgres-ledger-reverse.js';
import {
  batchKinds,
  batchTransfers,
  insertBatches,
  lockAccounts,
  postingsOf,
  postTransfers,
  writeBalances,
} from './postgres-ledger-tables.js';
import { ledgerTransaction } from './postgres-ledger-transaction.js';

export type { PostgresLedgerStoreOptions } from './postgres-ledger-open.js';

export async function openPostgresLedgerStore(
  options: PostgresLedgerStoreOptions,
): Promise<PostgresLedgerStore> {
  return new PostgresLedgerStore(await openPostgresLedgerPool(options));
}

export class PostgresLedgerStore implements LedgerStore {
  readonly driver = 'postgres' as const;

  constructor(private readonly pool: pg.Pool) {}

  async openAccount(account: LedgerAccount): Promise<'opened' | 'existing'> {
    checkAccount(account);
    // One statement: inserts, or finds the row another call inserted first (then compares it).
    const result = await this.pool.query<AccountRecord & { inserted: boolean }>(
      `WITH inserted AS (
         INSERT INTO ledger_accounts (id, currency, allow_credit, balance) VALUES ($1, $2, $3, 0)
         ON CONFLICT (id) DO NOTHING RETURNING id)
       SELECT (SELECT count(*) FROM inserted) > 0 AS inserted`,
      [account.id, account.currency, account.allowCredit],
    );
    if (result.rows[0]!.inserted) return 'opened';
    const stored = await this.account(account.id);
    if (stored!.currency !== account.currency || stored!.allowCredit !== account.allowCredit) {
      throw new StoreError(
        'ledger_account_conflict',
        `account ${account.id} is open in ${stored!.currency} with allowCredit ${stored!.allowCredit}`,
      );
    }
    return 'existing';
  }

  async account(id: string): Promise<(LedgerAccount & { balance: bigint }) | undefined> {
    const result = await this.pool.query<AccountRecord>(
      'SELECT id, currency, allow_credit, balance::text AS balance FROM ledger_accounts WHERE id = $1',
      [id],
    );
    const record = result.rows[0];
    return record === undefined ? undefined : accountFromRecord(record);
  }

  async balance(id: string): Promise<bigint> {
    const stored = await this.account(id);
    if (stored === undefined) {
      throw new StoreError('ledger_account_unknown', `no account ${id} is open`);
    }
    return stored.balance;
  }

  async mint(
    receipt: MintItem['receipt'],
    transfers: readonly Transfer[],
    options: { atMs: number; subject?: string },
  ): Promise<MintOutcome> {
    const checked = checkMint({ receipt, transfers, ...options });
    const outcomes = await ledgerTransaction(this.pool, 'read committed', (client) =>
      postgresMint(client, [checked]),
    );
    return outcomes[0]!;
  }

  async mintMany(items: readonly MintItem[]): Promise<MintOutcome[]> {
    const checked = checkMintBatch(items);
    if (checked.length === 0) return [];
    return ledgerTransaction(this.pool, 'read committed', (client) =>
      postgresMint(client, checked),
    );
  }

  async reverse(
    receiptId: string,
    options: { atMs: number; reason: string },
  ): Promise<{ outcome: 'reversed' | 'duplicate'; afterPayout: boolean }> {
    checkReversal(receiptId, options);
    return ledgerTransaction(this.pool, 'read committed', (client) =>
      postgresReverse(client, receiptId, options),
    );
  }

  async deposit(
    id: string,
    transfers: readonly Transfer[],
    atMs: number,
  ): Promise<'posted' | 'duplicate'> {
    const checked = checkDeposit(id, transfers, atMs);
    return ledgerTransaction(this.pool, 'read committed', async (client) => {
      const accounts = await lockAccounts(client, accountsNamed([checked]));
      const kind = (await batchKinds(client, [id])).get(id);
      if (kind !== undefined) {
        const stored = (await batchTransfers(client, [id])).get(id)!;
        if (kind === 'deposit' && sameTransfers(stored, checked)) return 'duplicate';
        throw new StoreError('ledger_batch_conflict', `batch ${id} was posted with other content`);
      }
      const sheet = new BalanceSheet(accounts);
      sheet.post(checked);
      await insertBatches(client, [{ id, kind: 'deposit', atMs }]);
      await postTransfers(client, postingsOf(id, 'deposit', null, checked, atMs));
      await writeBalances(client, sheet.changed());
      return 'posted';
    });
  }

  async planPayout(window: PayoutWindow): Promise<PayoutPlan> {
    checkWindow(window);
    return ledgerTransaction(this.pool, 'repeatable read', (client) =>
      postgresPlanPayout(client, window),
    );
  }

  async confirmPayout(payoutId: string, atMs: number): Promise<'confirmed' | 'duplicate'> {
    checkPayoutId(payoutId);
    checkTime('atMs', atMs);
    return ledgerTransaction(this.pool, 'read committed', (client) =>
      postgresConfirmPayout(client, payoutId, atMs),
    );
  }

  async payout(id: string): Promise<PayoutPlan | undefined> {
    const result = await this.pool.query<{ body: string; status: string }>(
      'SELECT body, status FROM ledger_payouts WHERE id = $1',
      [id],
    );
    const row = result.rows[0];
    return row === undefined ? undefined : payoutPlanFromText(row.body, row.status);
  }

  async payouts(): Promise<PayoutPlan[]> {
    const result = await this.pool.query<{ body: string; status: string }>(
      'SELECT body, status FROM ledger_payouts ORDER BY from_ms, to_ms, currency, id',
    );
    return result.rows.map((row) => payoutPlanFromText(row.body, row.status));
  }

  async receipt(id: string): Promise<StoredReceipt | undefined> {
    const result = await this.pool.query<ReceiptRecord>(
      `SELECT ${RECEIPT_COLUMNS} FROM ledger_receipts WHERE id = $1`,
      [id],
    );
    const record = result.rows[0];
    return record === undefined ? undefined : storedReceiptFromRecord(record);
  }

  async receipts(filter?: ReceiptFilter): Promise<StoredReceipt[]> {
    const { status, subject, limit } = checkReceiptFilter(filter);
    const result = await this.pool.query<ReceiptRecord>(
      `SELECT ${RECEIPT_COLUMNS} FROM ledger_receipts
       WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR subject = $2)
       ORDER BY minted_at_ms, id LIMIT $3`,
      [status, subject, limit],
    );
    return result.rows.map(storedReceiptFromRecord);
  }

  async history(accountId: string, options?: ReadPage): Promise<PostedTransfer[]> {
    const { afterSeq, limit } = checkPage(options);
    if ((await this.account(accountId)) === undefined) {
      throw new StoreError('ledger_account_unknown', `no account ${accountId} is open`);
    }
    const columns = TRANSFER_COLUMNS.replace('amount', 'amount::text AS amount');
    const result = await this.pool.query<TransferRecord>(
      `SELECT * FROM (SELECT ${columns} FROM ledger_transfers
                      WHERE debit = $1 AND seq > $2 ORDER BY seq LIMIT $3) AS debits
       UNION ALL
       SELECT * FROM (SELECT ${columns} FROM ledger_transfers
                      WHERE credit = $1 AND seq > $2 ORDER BY seq LIMIT $3) AS credits
       ORDER BY seq LIMIT $3`,
      [accountId, afterSeq, limit],
    );
    return result.rows.map(postedFromRecord);
  }

  async transfers(options?: ReadPage): Promise<PostedTransfer[]> {
    const { afterSeq, limit } = checkPage(options);
    const columns = TRANSFER_COLUMNS.replace('amount', 'amount::text AS amount');
    const result = await this.pool.query<TransferRecord>(
      `SELECT ${columns} FROM ledger_transfers WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [afterSeq, limit],
    );
    return result.rows.map(postedFromRecord);
  }

  async receiptTransfers(receiptId: string): Promise<PostedTransfer[]> {
    const columns = TRANSFER_COLUMNS.replace('amount', 'amount::text AS amount');
    const result = await this.pool.query<TransferRecord>(
      `SELECT ${columns} FROM ledger_transfers WHERE batch = $1 AND kind = 'mint' ORDER BY seq`,
      [receiptId],
    );
    return result.rows.map(postedFromRecord);
  }

  async balances(): Promise<Map<string, bigint>> {
    const result = await this.pool.query<{ id: string; balance: string }>(
      'SELECT id, balance::text AS balance FROM ledger_accounts ORDER BY id',
    );
    return new Map(result.rows.map((row) => [row.id, BigInt(row.balance)]));
  }

  /** Summed by the database, in NUMERIC, from the transfers alone: one statement, one snapshot. */
  async replayBalances(): Promise<Map<string, bigint>> {
    const result = await this.pool.query<{ id: string; balance: string }>(
      `SELECT a.id, COALESCE(m.net, 0)::text AS balance
       FROM ledger_accounts a LEFT JOIN (
         SELECT account, sum(delta) AS net FROM (
           SELECT credit AS account, amount AS delta FROM ledger_transfers
           UNION ALL
           SELECT debit AS account, -amount AS delta FROM ledger_transfers
         ) AS moves GROUP BY account
       ) AS m ON m.account = a.id
       ORDER BY a.id`,
    );
    return new Map(result.rows.map((row) => [row.id, BigInt(row.balance)]));
  }

  async close(): Promise<void> {
    if (this.pool.ended) return;
    await this.pool.end();
  }
}
