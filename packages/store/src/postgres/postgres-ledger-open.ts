/**
 * Opening the PostgreSQL ledger: options, the connection pool, and the tables (created under an
 * advisory lock, since concurrent CREATE ... IF NOT EXISTS races in PostgreSQL).
 */
import type pg from 'pg';
import { openPostgresPool } from './open-postgres-pool.js';
import {
  POSTGRES_LEDGER_SCHEMA,
  POSTGRES_LEDGER_SCHEMA_LOCK_KEY,
} from './postgres-ledger-schema.js';

export interface PostgresLedgerStoreOptions {
  /** e.g. postgres://postgres@127.0.0.1:5432/opengrid */
  readonly url: string;
  /**
   * The schema that holds the tables, created if missing: lower-case letters, digits and '_'.
   * Without one the tables go where the server's search_path puts them (public by default).
   */
  readonly schema?: string;
}

export function openPostgresLedgerPool(options: PostgresLedgerStoreOptions): Promise<pg.Pool> {
  return openPostgresPool({
    url: options.url,
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    lockKey: POSTGRES_LEDGER_SCHEMA_LOCK_KEY,
    ddl: POSTGRES_LEDGER_SCHEMA,
    what: 'the PostgreSQL ledger',
  });
}
