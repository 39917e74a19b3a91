/**
 * Tables of the NodeCo store in PostgreSQL, all named nodeco_*, beside the store's other
 * tables. Documents are canonical JSON kept as text, not jsonb, which would re-spell them (its
 * own key order, numbers as numeric). Node ids sort in byte order (COLLATE "C"), as in SQLite.
 */
export const POSTGRES_NODECO_SCHEMA = `
-- One record per node, never replaced. transfer_count is the length of the node's history: an
-- append locks this row, compares against it and bumps it in the same transaction.
CREATE TABLE IF NOT EXISTS nodeco_records (
  node TEXT COLLATE "C" PRIMARY KEY,
  record_id TEXT NOT NULL,
  record TEXT NOT NULL,
  saved_at_ms BIGINT NOT NULL,
  transfer_count BIGINT NOT NULL
);
-- position is 0-based append order; (node, id) is unique, so a transfer is in a history once.
CREATE TABLE IF NOT EXISTS nodeco_transfers (
  node TEXT COLLATE "C" NOT NULL REFERENCES nodeco_records (node),
  position BIGINT NOT NULL,
  id TEXT NOT NULL,
  transfer TEXT NOT NULL,
  at_ms BIGINT NOT NULL,
  PRIMARY KEY (node, position),
  UNIQUE (node, id)
);
`;

/**
 * Serialises concurrent first-time setup of the NodeCo tables (CREATE ... IF NOT EXISTS races in
 * PostgreSQL). Its own key, so it does not wait on the proof log's or the sessions' setup.
 */
export const POSTGRES_NODECO_SCHEMA_LOCK_KEY = 0x6d7963656c4e; // "mycel" + "N"
