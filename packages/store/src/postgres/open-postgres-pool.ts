/**
 * How every PostgreSQL store opens: a bounded pool (optionally pinned to a schema through
 * search_path, so no query names it), then its tables created under an advisory lock, so two
 * processes opening the same database at once do not race on CREATE. A database that cannot be
 * reached or set up is `store_unavailable`; a bad schema name is `store_options_invalid`.
 */
import pg from 'pg';
import {
  POSTGRES_CONNECT_TIMEOUT_MS,
  POSTGRES_POOL_CONNECTIONS_MAX,
  POSTGRES_SCHEMA_NAME_CHARS_MAX,
} from '../limits.js';
import { StoreError } from '../store-error.js';
import { inTransaction } from './in-transaction.js';

const SCHEMA_NAME_PATTERN = /^[a-z_][a-z0-9_]*$/;

export interface PostgresPoolOptions {
  readonly url: string;
  /** A PostgreSQL schema to keep the tables in (created when missing); default `public`. */
  readonly schema?: string;
  /** The advisory lock key this store's table creation takes. */
  readonly lockKey: number;
  /** CREATE TABLE IF NOT EXISTS … statements. */
  readonly ddl: string;
  /** For messages: "the PostgreSQL ledger", … */
  readonly what: string;
}

export async function openPostgresPool(options: PostgresPoolOptions): Promise<pg.Pool> {
  const { schema } = options;
  if (typeof options.url !== 'string' || options.url.length === 0) {
    throw new StoreError('store_options_invalid', `${options.what} needs a URL`);
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
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  pool.on('error', () => {}); // idle-client errors surface on the next query instead
  try {
    await inTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [options.lockKey]);
      if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(options.ddl);
    });
  } catch (error) {
    await pool.end();
    throw new StoreError('store_unavailable', `cannot open ${options.what}: ${String(error)}`, {
      cause: error,
    });
  }
  return pool;
}
