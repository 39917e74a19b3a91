/**
 * The SQLite ledger's reads and writes that every call shares, over its prepared statements:
 * accounts as the rules see them, a batch's transfers, posting a batch, writing balances. Used
 * only inside the store's IMMEDIATE transactions.
 */
import type { Transfer } from '@mycel/kernel';
import type Database from 'better-sqlite3';
import type { AccountState } from '../ledger/ledger-postings.js';
import { type AccountRecord, accountFromRecord } from '../ledger/ledger-records.js';
import type { LedgerBatchKind } from '../ledger/ledger-store.js';
import {
  prepareLedgerStatements,
  type SqliteLedgerStatements,
} from './sqlite-ledger-statements.js';

export class SqliteLedgerTables {
  readonly statements: SqliteLedgerStatements;

  constructor(db: Database.Database) {
    this.statements = prepareLedgerStatements(db);
  }

  readAccount(id: string): AccountState | undefined {
    const record = this.statements.account.get(id) as AccountRecord | undefined;
    return record === undefined ? undefined : accountFromRecord(record);
  }

  /** The accounts of these ids that exist. */
  readAccounts(ids: readonly string[]): Map<string, AccountState> {
    const accounts = new Map<string, AccountState>();
    for (const id of ids) {
      const account = this.readAccount(id);
      if (account !== undefined) accounts.set(id, account);
    }
    return accounts;
  }

  batchKind(id: string): LedgerBatchKind | undefined {
    return this.statements.batchKind.get(id) as LedgerBatchKind | undefined;
  }

  batchTransfers(batch: string): Transfer[] {
    const rows = this.statements.batchTransfers.all(batch) as {
      debit: string;
      credit: string;
      amount: string;
      currency: string;
    }[];
    return rows.map((row) => ({ ...row, amount: BigInt(row.amount) }));
  }

  /** The batch row and its transfers, in order (seq follows). */
  post(
    batch: string,
    kind: LedgerBatchKind,
    receipt: string | null,
    transfers: readonly Transfer[],
    atMs: number,
  ): void {
    const { statements } = this;
    statements.insertBatch.run(batch, kind, atMs);
    for (const transfer of transfers) {
      statements.insertTransfer.run(
        batch,
        kind,
        receipt,
        transfer.debit,
        transfer.credit,
        transfer.amount.toString(),
        transfer.currency,
        atMs,
      );
    }
  }

  writeBalances(balances: readonly [string, bigint][]): void {
    for (const [id, balance] of balances) this.statements.setBalance.run(balance.toString(), id);
  }
}
