/**
 * Tables of the session store in SQLite. Their names do not meet the proof log's, so one file may
 * hold both. A checkpoint's body is its canonical JSON text: reading it back gives a body that
 * hashes to its digest, with numbers and strings exactly as hashed.
 */
export const SQLITE_SESSION_SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (
  sid TEXT PRIMARY KEY,
  epoch INTEGER NOT NULL,
  node TEXT NOT NULL,
  agent TEXT NOT NULL,
  class TEXT NOT NULL,
  client TEXT NOT NULL,
  state TEXT NOT NULL,
  reason TEXT,
  checkpoint_digest TEXT,
  checkpoint_seq INTEGER NOT NULL,
  coordinate TEXT,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sessions_open ON sessions (created_at_ms, sid)
  WHERE state NOT IN ('closed', 'failed');
CREATE INDEX IF NOT EXISTS sessions_ended ON sessions (updated_at_ms)
  WHERE state IN ('closed', 'failed');
-- A rowid table: bodies run to hundreds of kilobytes, too large for WITHOUT ROWID to pay off.
CREATE TABLE IF NOT EXISTS session_checkpoints (
  digest TEXT NOT NULL UNIQUE,
  sid TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS session_checkpoints_sid ON session_checkpoints (sid);
-- The latest checkpoint of each session, with the epoch and seq a save compares against. Keyed by
-- sid alone, not tied to sessions: a checkpoint may arrive before its session has a row.
CREATE TABLE IF NOT EXISTS session_latest (
  sid TEXT PRIMARY KEY,
  digest TEXT NOT NULL,
  epoch INTEGER NOT NULL,
  seq INTEGER NOT NULL
) WITHOUT ROWID;
`;
