/** Tables of the proof log in PostgreSQL. One database (or schema on the search path) holds one log. */
export const POSTGRES_LOG_SCHEMA = `
CREATE TABLE IF NOT EXISTS log_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS log_entries (
  idx BIGINT PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  bytes BYTEA NOT NULL
);
CREATE TABLE IF NOT EXISTS log_nodes (
  level SMALLINT NOT NULL,
  idx BIGINT NOT NULL,
  hash BYTEA NOT NULL,
  PRIMARY KEY (level, idx)
);
CREATE TABLE IF NOT EXISTS log_checkpoints (
  size BIGINT PRIMARY KEY,
  note TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS log_head (
  one SMALLINT PRIMARY KEY CHECK (one = 1),
  size BIGINT NOT NULL,
  root BYTEA NOT NULL,
  frontier BYTEA NOT NULL
);
`;

/** Serialises concurrent first-time setup (CREATE TABLE IF NOT EXISTS races in PostgreSQL). */
export const POSTGRES_SCHEMA_LOCK_KEY = 0x6d7963656c; // "mycel"
