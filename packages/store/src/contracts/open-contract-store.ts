/**
 * Opens the contract store: embedded SQLite at a path, or PostgreSQL at a URL. Exactly one of
 * the two, so contracts are never written where a deployment did not mean them to be.
 */
import { StoreError } from '../store-error.js';
import type { ContractStore } from './contract-store.js';
import { openPostgresContractStore } from './postgres-contract-store.js';
import { openSqliteContractStore } from './sqlite-contract-store.js';

export interface ContractStoreOptions {
  /** A SQLite file, or ':memory:'. */
  readonly sqlitePath?: string;
  /** postgres://... or postgresql://... */
  readonly postgresUrl?: string;
}

/** The file name the CLI uses under MYCEL_HOME. */
export const CONTRACT_SQLITE_FILE = 'contracts.db';

export async function openContractStore(options: ContractStoreOptions): Promise<ContractStore> {
  const { sqlitePath, postgresUrl } = options;
  if ((sqlitePath === undefined) === (postgresUrl === undefined)) {
    throw new StoreError(
      'store_options_invalid',
      'a contract store needs exactly one of sqlitePath and postgresUrl',
    );
  }
  if (postgresUrl !== undefined) {
    if (!postgresUrl.startsWith('postgres://') && !postgresUrl.startsWith('postgresql://')) {
      throw new StoreError(
        'store_url_invalid',
        `unknown PostgreSQL URL "${postgresUrl}": use postgres://...`,
      );
    }
    return openPostgresContractStore({ url: postgresUrl });
  }
  return openSqliteContractStore({ path: sqlitePath! });
}
