/** Every bound the store enforces. Units are the last word of each name. */

/** Most proofs one group commit writes in one transaction (one fsync). */
export const APPEND_BATCH_ENTRIES_MAX = 1024;
/** Most entries one read returns; callers page through longer ranges. */
export const READ_ENTRIES_MAX = 1000;
/** Recently written and upper-level Merkle nodes kept in memory to serve proofs without a read. */
export const NODE_CACHE_ENTRIES_MAX = 1 << 17;
/** Nodes at this level and above are cached for good: there are few of them (size / 2^level). */
export const NODE_CACHE_PINNED_LEVEL_MIN = 8;
/** How long SQLite waits for another connection's write lock before failing. */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;
/** Connections the PostgreSQL driver opens at most. */
export const POSTGRES_POOL_CONNECTIONS_MAX = 4;
/** How long the PostgreSQL driver waits to connect before reporting the database unavailable. */
export const POSTGRES_CONNECT_TIMEOUT_MS = 5_000;
/** Proofs waiting for the next group commit before new submissions are pushed back. */
export const APPEND_QUEUE_ENTRIES_MAX = 16_384;
/**
 * Largest session checkpoint, in bytes of the canonical JSON of its body (state and the last
 * turn's output included). The same bound, measured the same way, as the wire's
 * SESSION_CHECKPOINT_BYTES_MAX: the store cannot import wire (the package graph), so a checkpoint
 * the wire accepts is never refused here.
 */
export const SESSION_CHECKPOINT_BYTES_MAX = 256 * 1024;
/** Longest PostgreSQL schema name: PostgreSQL cuts identifiers at NAMEDATALEN - 1 bytes. */
export const POSTGRES_SCHEMA_NAME_CHARS_MAX = 63;
