/**
 * Opens a capability registry: embedded SQLite at a path (the default: one file under
 * MYCEL_HOME for the CLI), or PostgreSQL at a URL. Exactly one of the two, so adverts and
 * track records are never written where a deployment did not mean them to be.
 */
import { StoreError } from '../store-error.js';
import type { CapabilityRegistry } from './capability-registry.js';
import { openPostgresRegistryTables } from './postgres-registry-tables.js';
import { Registry } from './registry.js';
import { openSqliteRegistryTables } from './sqlite-registry-tables.js';

export interface CapabilityRegistryOptions {
  /** A SQLite file, or ':memory:'. */
  readonly sqlitePath?: string;
  /** postgres://... or postgresql://... */
  readonly postgresUrl?: string;
  /** A PostgreSQL schema to keep the tables in (created when missing); default `public`. */
  readonly postgresSchema?: string;
}

/** The SQLite file name of the registry inside a data folder (the CLI's MYCEL_HOME). */
export const CAPABILITY_REGISTRY_SQLITE_FILE = 'registry.db';

export async function openCapabilityRegistry(
  options: CapabilityRegistryOptions,
): Promise<CapabilityRegistry> {
  const { sqlitePath, postgresUrl } = options;
  if ((sqlitePath === undefined) === (postgresUrl === undefined)) {
    throw new StoreError(
      'store_options_invalid',
      'a capability registry needs exactly one of sqlitePath and postgresUrl',
    );
  }
  if (postgresUrl !== undefined) {
    if (!postgresUrl.startsWith('postgres://') && !postgresUrl.startsWith('postgresql://')) {
      throw new StoreError(
        'store_url_invalid',
        `unknown PostgreSQL URL "${postgresUrl}": use postgres://...`,
      );
    }
    return new Registry(await openPostgresRegistryTables(postgresUrl, options.postgresSchema));
  }
  return new Registry(openSqliteRegistryTables(sqlitePath!));
}
