/**
 * Opening the PostgreSQL ledger: options, the connection pool, and the tables (created under an
 * advisory lock, since concurrent CREATE ... IF NOT EXISTS races in PostgreSQL).
 */
import pg from 'pg';
import {
  POSTGRES_CONNECT_TIMEOUT_MS,
  POSTGRES_POOL_CONNECTIONS_MAX,
  POSTGRES_SCHEMA_NAME_CHARS_MAX,
} from '../limits.js';
import { StoreError } from '../store-error.js';
import { inTransaction } from './in-transaction.js';
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

/** Lower-case so it needs no quoting to mean itself in search_path and in SQL. */
const SCHEMA_NAME_PATTERN = /^[a-z_][a-z0-9_]*$/;

export async function openPostgresLedgerPool(
  options: PostgresLedgerStoreOptions,
): Promise<pg.Pool> {
  const schema = options.schema;
  if (typeof options.url !== 'string' || options.url.length === 0) {
    throw new StoreError('store_options_invalid', 'the PostgreSQL ledger needs a URL');
  }
  if (
    schema !== undefined &&
    (schema.length > POSTGRES_SCHEMA_NAME_CHARS_MAX || !SCHEMA_NAME_PATTERN.test(schema))
  ) {
    throw new StoreError(
      'store_options_invalid',
      `a PostgreSQL schema name is [a-z_][a-z0-9_]* of at most ${POSTGRES_SCHEMA_NAME_CHARS_MAX} characters, not ${JSON.stringify(schema)}`,
    );
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: POSTGRES_POOL_CONNECTIONS_MAX,
    connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
    // Every pooled connection finds the tables in the store's schema, so no query names it.
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  pool.on('error', () => {}); // idle-client errors surface on the next query instead
  try {
    await inTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [POSTGRES_LEDGER_SCHEMA_LOCK_KEY]);
      if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(POSTGRES_LEDGER_SCHEMA);
    });
  } catch (error) {
    await pool.end();
    throw new StoreError(
      'store_unavailable',
      `cannot open the PostgreSQL ledger: ${String(error)}`,
      {
        cause: error,
      },
    );
  }
  return pool;
}
