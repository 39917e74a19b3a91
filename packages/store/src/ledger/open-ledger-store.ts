/**
 * Opens the ledger: embedded SQLite at a path, or PostgreSQL at a URL. Exactly one of the two, so
 * a deployment never posts money where it did not mean to.
 */
import { openPostgresLedgerStore } from '../postgres/postgres-ledger-store.js';
import { openSqliteLedgerStore } from '../sqlite/sqlite-ledger-store.js';
import { StoreError } from '../store-error.js';
import type { LedgerStore } from './ledger-store.js';

export interface LedgerStoreOptions {
  /** A SQLite file, or ':memory:'. */
  readonly sqlitePath?: string;
  /** postgres://... or postgresql://... */
  readonly postgresUrl?: string;
}

export async function openLedgerStore(options: LedgerStoreOptions): Promise<LedgerStore> {
  const { sqlitePath, postgresUrl } = options;
  if ((sqlitePath === undefined) === (postgresUrl === undefined)) {
    throw new StoreError(
      'store_options_invalid',
      'a ledger needs exactly one of sqlitePath and postgresUrl',
    );
  }
  if (postgresUrl !== undefined) {
    if (!postgresUrl.startsWith('postgres://') && !postgresUrl.startsWith('postgresql://')) {
      throw new StoreError(
        'store_url_invalid',
        `unknown PostgreSQL URL "${postgresUrl}": use postgres://...`,
      );
    }
    return openPostgresLedgerStore({ url: postgresUrl });
  }
  return openSqliteLedgerStore({ path: sqlitePath! });
}

/** The ledger's file in a coordinator's data folder when it runs on SQLite (the default). */
export const LEDGER_SQLITE_FILE = 'ledger.sqlite';
