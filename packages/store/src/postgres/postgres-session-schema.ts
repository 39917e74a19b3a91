/**
 * Tables of the session store in PostgreSQL, in the schema the store was opened with (public by
 * default); their names do not meet the proof log's. JSON is kept as text, not jsonb: jsonb
 * re-spells what it stores (its own key order, numbers as numeric, so 1e+21 comes back as
 * 1000000000000000000000), while text keeps a checkpoint's canonical body byte for byte as it was
 * hashed. Session ids sort in byte order (COLLATE "C"), as SQLite sorts them, whatever the
 * database's locale; every table's sid has that collation, so joins on it need no cast.
 */
export const POSTGRES_SESSION_SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (
  sid TEXT COLLATE "C" PRIMARY KEY,
  epoch BIGINT NOT NULL,
  node TEXT NOT NULL,
  agent TEXT NOT NULL,
  class TEXT NOT NULL,
  client TEXT NOT NULL,
  state TEXT NOT NULL,
  reason TEXT,
  checkpoint_digest TEXT,
  checkpoint_seq BIGINT NOT NULL,
  coordinate TEXT,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_open ON sessions (created_at_ms, sid)
  WHERE state NOT IN ('closed', 'failed');
CREATE INDEX IF NOT EXISTS sessions_ended ON sessions (updated_at_ms)
  WHERE state IN ('closed', 'failed');
CREATE TABLE IF NOT EXISTS session_checkpoints (
  digest TEXT PRIMARY KEY,
  sid TEXT COLLATE "C" NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS session_checkpoints_sid ON session_checkpoints (sid);
-- The latest checkpoint of each session, with the epoch and seq a save compares against; a save
-- locks this row. Keyed by sid alone, not tied to sessions: a checkpoint may arrive before its
-- session has a row.
CREATE TABLE IF NOT EXISTS session_latest (
  sid TEXT COLLATE "C" PRIMARY KEY,
  digest TEXT NOT NULL,
  epoch BIGINT NOT NULL,
  seq BIGINT NOT NULL
);
`;

/**
 * Serialises concurrent first-time setup of the session tables (CREATE ... IF NOT EXISTS races in
 * PostgreSQL). Its own key, so a session store and a proof log opening together do not wait on
 * each other.
 */
export const POSTGRES_SESSION_SCHEMA_LOCK_KEY = 0x6d7963656c01; // "mycel" + 1
