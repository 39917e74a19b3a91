/**
 * Opens the NodeCo store: embedded SQLite at a path (the coordinator's ledger file, typically),
 * or PostgreSQL at a URL. Exactly one of the two, so ownership is never written where a
 * deployment did not mean it to be.
 */
import { openPostgresNodeCoStore } from '../postgres/postgres-nodeco-store.js';
import { openSqliteNodeCoStore } from '../sqlite/sqlite-nodeco-store.js';
import { StoreError } from '../store-error.js';
import type { NodeCoStore } from './nodeco-store.js';

export interface NodeCoStoreOptions {
  /** A SQLite file, or ':memory:'. */
  readonly sqlitePath?: string;
  /** postgres://... or postgresql://... */
  readonly postgresUrl?: string;
}

export async function openNodeCoStore(options: NodeCoStoreOptions): Promise<NodeCoStore> {
  const { sqlitePath, postgresUrl } = options;
  if ((sqlitePath === undefined) === (postgresUrl === undefined)) {
    throw new StoreError(
      'store_options_invalid',
      'a NodeCo store needs exactly one of sqlitePath and postgresUrl',
    );
  }
  if (postgresUrl !== undefined) {
    if (!postgresUrl.startsWith('postgres://') && !postgresUrl.startsWith('postgresql://')) {
      throw new StoreError(
        'store_url_invalid',
        `unknown PostgreSQL URL "${postgresUrl}": use postgres://...`,
      );
    }
    return openPostgresNodeCoStore({ url: postgresUrl });
  }
  return openSqliteNodeCoStore({ path: sqlitePath! });
}
