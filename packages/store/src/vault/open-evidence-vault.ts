/**
 * Opens an evidence vault: embedded SQLite at a path (beside the proof log's file, typically),
 * or PostgreSQL at a URL. Exactly one of the two, so evidence is never written where a
 * deployment did not mean it to be.
 */
import { StoreError } from '../store-error.js';
import { EvidenceVault } from './evidence-vault.js';
import { openPostgresVaultTables } from './postgres-vault-tables.js';
import { openSqliteVaultTables } from './sqlite-vault-tables.js';

export interface EvidenceVaultOptions {
  /** The name proofs carry in evidence[].vault (e.g. the log's URL or origin). */
  readonly name: string;
  /** A SQLite file, or ':memory:'. */
  readonly sqlitePath?: string;
  /** postgres://... or postgresql://... */
  readonly postgresUrl?: string;
  /** A PostgreSQL schema to keep the tables in (created when missing); default `public`. */
  readonly postgresSchema?: string;
}

/** The SQLite file name of the vault inside a log's data folder. */
export const EVIDENCE_VAULT_SQLITE_FILE = 'evidence.db';

export async function openEvidenceVault(options: EvidenceVaultOptions): Promise<EvidenceVault> {
  const { sqlitePath, postgresUrl } = options;
  if ((sqlitePath === undefined) === (postgresUrl === undefined)) {
    throw new StoreError(
      'store_options_invalid',
      'an evidence vault needs exactly one of sqlitePath and postgresUrl',
    );
  }
  if (postgresUrl !== undefined) {
    if (!postgresUrl.startsWith('postgres://') && !postgresUrl.startsWith('postgresql://')) {
      throw new StoreError('store_url_invalid', `unknown PostgreSQL URL "${postgresUrl}"`);
    }
    const tables = await openPostgresVaultTables(postgresUrl, options.postgresSchema);
    return vaultOver(options.name, tables);
  }
  return vaultOver(options.name, openSqliteVaultTables(sqlitePath!));
}

function vaultOver(name: string, tables: ConstructorParameters<typeof EvidenceVault>[1]) {
  try {
    return new EvidenceVault(name, tables);
  } catch (error) {
    void tables.close();
    throw error;
  }
}
