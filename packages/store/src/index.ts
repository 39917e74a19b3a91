/** @mycel/store public surface. */

export * as storeLimits from './limits.js';
export type {
  AppendOutcome,
  AppendRequest,
  LogHead,
  LogStore,
  NewEntry,
  StoredEntry,
} from './log-store.js';
export { openLogStore } from './open-log-store.js';
export type { SessionStoreOptions } from './open-session-store.js';
export { openSessionStore } from './open-session-store.js';
export type { PostgresLogStoreOptions } from './postgres/postgres-log-store.js';
export { openPostgresLogStore, PostgresLogStore } from './postgres/postgres-log-store.js';
export type { PostgresSessionStoreOptions } from './postgres/postgres-session-store.js';
export {
  openPostgresSessionStore,
  PostgresSessionStore,
} from './postgres/postgres-session-store.js';
export type {
  AppendedProof,
  LogErrorCode,
  LoggedProof,
  LogResult,
  ProofLogOptions,
} from './proof-log.js';
export { ProofLog } from './proof-log.js';
export type {
  SaveCheckpointOutcome,
  SessionCheckpoint,
  SessionCheckpointBody,
  SessionRow,
  SessionStore,
} from './session-store.js';
export type { SqliteLogStoreOptions } from './sqlite/sqlite-log-store.js';
export { openSqliteLogStore, SqliteLogStore } from './sqlite/sqlite-log-store.js';
export type { SqliteSessionStoreOptions } from './sqlite/sqlite-session-store.js';
export { openSqliteSessionStore, SqliteSessionStore } from './sqlite/sqlite-session-store.js';
export type { StoreErrorCode } from './store-error.js';
export { STORE_ERROR_CODES, StoreError } from './store-error.js';
