/**
 * Opens the coordinator's session store: embedded SQLite at a path, or PostgreSQL at a URL.
 * Exactly one of the two, so a deployment never writes sessions where it did not mean to.
 */
import { openPostgresSessionStore } from './postgres/postgres-session-store.js';
import type { SessionStore } from './session-store.js';
import { openSqliteSessionStore } from './sqlite/sqlite-session-store.js';
import { StoreError } from './store-error.js';

export interface SessionStoreOptions {
  /** A SQLite file, or ':memory:'. */
  readonly sqlitePath?: string;
  /** postgres://... or postgresql://... */
  readonly postgresUrl?: string;
}

export async function openSessionStore(options: SessionStoreOptions): Promise<SessionStore> {
  const { sqlitePath, postgresUrl } = options;
  if ((sqlitePath === undefined) === (postgresUrl === undefined)) {
    throw new StoreError(
      'store_options_invalid',
      'a session store needs exactly one of sqlitePath and postgresUrl',
    );
  }
  if (postgresUrl !== undefined) {
    if (!postgresUrl.startsWith('postgres://') && !postgresUrl.startsWith('postgresql://')) {
      throw new StoreError(
        'store_url_invalid',
        `unknown PostgreSQL URL "${postgresUrl}": use postgres://...`,
      );
    }
    return openPostgresSessionStore({ url: postgresUrl });
  }
  return openSqliteSessionStore({ path: sqlitePath! });
}
