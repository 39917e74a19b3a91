/**
 * The embedded default ledger: better-sqlite3 in WAL mode with synchronous=FULL (money: a
 * committed batch survives a crash of the machine, not only of the process). Every call is one
 * IMMEDIATE transaction, which takes the write lock before it reads, so the balances and ids a
 * call checks cannot change under it, whatever other connections to the file do. The rules live
 * in ledger/ (checks, mint plan, balance sheet, payout plan); this file reads, and writes what
 * they decide.
 */
import type { Transfer } from '@mycel/kernel';
import type Database from 'better-sqlite3';
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
  REVERSAL_BATCH_PREFIX,
} from '../ledger/ledger-checks.js';
import { payoutPlanFromText } from '../ledger/ledger-payout-plan.js';
import {
  accountsNamed,
  BalanceSheet,
  compensating,
  sameTransfers,
} from '../ledger/ledger-postings.js';
import {
  postedFromRecord,
  type ReceiptRecord,
  replayPostings,
  storedReceiptFromRecord,
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
import { openSqliteDatabase } from './open-sqlite-database.js';
import { sqliteMint } from './sqlite-ledger-mint.js';
import { sqliteConfirmPayout, sqlitePlanPayout } from './sqlite-ledger-payout.js';
import { SQLITE_LEDGER_SCHEMA } from './sqlite-ledger-schema.js';
import { SqliteLedgerTables } from './sqlite-ledger-tables.js';

export interface SqliteLedgerStoreOptions {
  /** File path, or ':memory:' for a throwaway ledger. */
  readonly path: string;
}

export function openSqliteLedgerStore(options: SqliteLedgerStoreOptions): SqliteLedgerStore {
  const db = openSqliteDatabase({
    path: options?.path,
    synchronous: 'FULL',
    ddl: SQLITE_LEDGER_SCHEMA,
    what: 'the SQLite ledger',
  });
  return new SqliteLedgerStore(db);
}

export class SqliteLedgerStore implements LedgerStore {
  readonly driver = 'sqlite' as const;
  private readonly tables: SqliteLedgerTables;

  constructor(private readonly db: Database.Database) {
    this.tables = new SqliteLedgerTables(db);
  }

  /** Runs `work` in one IMMEDIATE transaction: it commits whole or, when it throws, not at all. */
  private write<T>(work: (tables: SqliteLedgerTables) => T): T {
    return this.db.transaction(() => work(this.tables)).immediate();
  }

  async openAccount(account: LedgerAccount): Promise<'opened' | 'existing'> {
    checkAccount(account);
    return this.write((tables) => {
      const stored = tables.readAccount(account.id);
      if (stored === undefined) {
        tables.statements.insertAccount.run(
          account.id,
          account.currency,
          account.allowCredit ? 1 : 0,
        );
        return 'opened';
      }
      if (stored.currency !== account.currency || stored.allowCredit !== account.allowCredit) {
        throw new StoreError(
          'ledger_account_conflict',
          `account ${account.id} is open in ${stored.currency} with allowCredit ${stored.allowCredit}`,
        );
      }
      return 'existing';
    });
  }

  async account(id: string): Promise<(LedgerAccount & { balance: bigint }) | undefined> {
    const stored = this.tables.readAccount(id);
    return stored === undefined ? undefined : { ...stored };
  }

  async balance(id: string): Promise<bigint> {
    const stored = this.tables.readAccount(id);
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
    return this.write((tables) => sqliteMint(tables, [checked]))[0]!;
  }

  async mintMany(items: readonly MintItem[]): Promise<MintOutcome[]> {
    const checked = checkMintBatch(items);
    if (checked.length === 0) return [];
    return this.write((tables) => sqliteMint(tables, checked));
  }

  async reverse(
    receiptId: string,
    options: { atMs: number; reason: string },
  ): Promise<{ outcome: 'reversed' | 'duplicate'; afterPayout: boolean }> {
    checkReversal(receiptId, options);
    return this.write((tables) => {
      const record = tables.statements.receipt.get(receiptId) as ReceiptRecord | undefined;
      if (record === undefined) {
        throw new StoreError('ledger_receipt_unknown', `no receipt ${receiptId} was minted`);
      }
      const afterPayout = record.paid_by !== null;
      if (record.status === 'reversed') return { outcome: 'duplicate', afterPayout };
      const undo = compensating(tables.batchTransfers(receiptId));
      const sheet = new BalanceSheet(tables.readAccounts(accountsNamed([undo])));
      sheet.post(undo);
      tables.post(
        `${REVERSAL_BATCH_PREFIX}${receiptId}`,
        'reversal',
        receiptId,
        undo,
        options.atMs,
      );
      tables.statements.reverseReceipt.run(options.atMs, options.reason, receiptId);
      tables.writeBalances(sheet.changed());
      return { outcome: 'reversed', afterPayout };
    });
  }

  async deposit(
    id: string,
    transfers: readonly Transfer[],
    atMs: number,
  ): Promise<'posted' | 'duplicate'> {
    const checked = checkDeposit(id, transfers, atMs);
    return this.write((tables) => {
      const kind = tables.batchKind(id);
      if (kind !== undefined) {
        if (kind === 'deposit' && sameTransfers(tables.batchTransfers(id), checked)) {
          return 'duplicate';
        }
        throw new StoreError('ledger_batch_conflict', `batch ${id} was posted with other content`);
      }
      const sheet = new BalanceSheet(tables.readAccounts(accountsNamed([checked])));
      sheet.post(checked);
      tables.post(id, 'deposit', null, checked, atMs);
      tables.writeBalances(sheet.changed());
      return 'posted';
    });
  }

  async planPayout(window: PayoutWindow): Promise<PayoutPlan> {
    checkWindow(window);
    return this.write((tables) => sqlitePlanPayout(tables, window));
  }

  async confirmPayout(payoutId: string, atMs: number): Promise<'confirmed' | 'duplicate'> {
    checkPayoutId(payoutId);
    checkTime('atMs', atMs);
    return this.write((tables) => sqliteConfirmPayout(tables, payoutId, atMs));
  }

  async payout(id: string): Promise<PayoutPlan | undefined> {
    const stored = this.tables.statements.payout.get(id) as
      | { body: string; status: string }
      | undefined;
    return stored === undefined ? undefined : payoutPlanFromText(stored.body, stored.status);
  }

  async payouts(): Promise<PayoutPlan[]> {
    const rows = this.tables.statements.payouts.all() as { body: string; status: string }[];
    return rows.map((row) => payoutPlanFromText(row.body, row.status));
  }

  async receipt(id: string): Promise<StoredReceipt | undefined> {
    const record = this.tables.statements.receipt.get(id) as ReceiptRecord | undefined;
    return record === undefined ? undefined : storedReceiptFromRecord(record);
  }

  async receipts(filter?: ReceiptFilter): Promise<StoredReceipt[]> {
    const checked = checkReceiptFilter(filter);
    const records = this.tables.statements.receipts.all(checked) as ReceiptRecord[];
    return records.map(storedReceiptFromRecord);
  }

  async history(accountId: string, options?: ReadPage): Promise<PostedTransfer[]> {
    const page = checkPage(options);
    if (this.tables.readAccount(accountId) === undefined) {
      throw new StoreError('ledger_account_unknown', `no account ${accountId} is open`);
    }
    const records = this.tables.statements.history.all({
      account: accountId,
      ...page,
    }) as TransferRecord[];
    return records.map(postedFromRecord);
  }

  async transfers(options?: ReadPage): Promise<PostedTransfer[]> {
    const { afterSeq, limit } = checkPage(options);
    const records = this.tables.statements.transfers.all(afterSeq, limit) as TransferRecord[];
    return records.map(postedFromRecord);
  }

  async receiptTransfers(receiptId: string): Promise<PostedTransfer[]> {
    const records = this.tables.statements.mintPostings.all(receiptId) as TransferRecord[];
    return records.map(postedFromRecord);
  }

  async balances(): Promise<Map<string, bigint>> {
    const rows = this.tables.statements.balances.all() as { id: string; balance: string }[];
    return new Map(rows.map((row) => [row.id, BigInt(row.balance)]));
  }

  /** One read transaction, so the accounts and the postings are of the same moment. */
  async replayBalances(): Promise<Map<string, bigint>> {
    const { statements } = this.tables;
    return this.db.transaction(() =>
      replayPostings(
        statements.accountIds.all() as string[],
        statements.allPostings.iterate() as Iterable<{
          debit: string;
          credit: string;
          amount: string;
        }>,
      ),
    )();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
