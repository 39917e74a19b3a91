/**
 * Tables of the proof log in SQLite. One database file holds one log. Leaf hashes (level-0
 * nodes) live in their entry's row; log_nodes holds levels 1 and up.
 */
export const SQLITE_LOG_SCHEMA = `
CREATE TABLE IF NOT EXISTS log_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS log_entries (
  idx INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  bytes BLOB NOT NULL,
  leaf BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS log_nodes (
  level INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  hash BLOB NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS log_checkpoints (
  size INTEGER PRIMARY KEY,
  note TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS log_head (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  size INTEGER NOT NULL,
  root BLOB NOT NULL,
  frontier BLOB NOT NULL
);
`;
