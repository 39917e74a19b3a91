/**
 * How every SQLite store opens its file: the busy timeout (a second writer waits rather than
 * fails), WAL, the store's durability, its tables. A file that cannot be opened or set up is
 * `store_unavailable`; a missing path is `store_options_invalid`.
 */
import Database from 'better-sqlite3';
import { SQLITE_BUSY_TIMEOUT_MS } from '../limits.js';
import { StoreError } from '../store-error.js';

export interface SqliteDatabaseOptions {
  readonly path: string;
  /** FULL: every commit is on disk (money, ownership); NORMAL: survives a process crash. */
  readonly synchronous: 'FULL' | 'NORMAL';
  /** CREATE TABLE IF NOT EXISTS … statements. */
  readonly ddl: string;
  /** For messages: "the SQLite ledger", … */
  readonly what: string;
  readonly foreignKeys?: boolean;
}

export function openSqliteDatabase(options: SqliteDatabaseOptions): Database.Database {
  const { path } = options;
  if (typeof path !== 'string' || path.length === 0) {
    throw new StoreError('store_options_invalid', `${options.what} needs a file path`);
  }
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  } catch (error) {
    throw new StoreError('store_unavailable', `cannot open ${path}: ${String(error)}`, {
      cause: error,
    });
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous}`);
    if (options.foreignKeys) db.pragma('foreign_keys = ON');
    db.exec(options.ddl);
  } catch (error) {
    db.close();
    throw new StoreError('store_unavailable', `cannot set up ${path}: ${String(error)}`, {
      cause: error,
    });
  }
  return db;
}
