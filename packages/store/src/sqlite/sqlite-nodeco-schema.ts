/**
 * Tables of the NodeCo store in SQLite, all named nodeco_*, so one file may also hold the proof
 * log, the sessions and the ledger. Documents are their canonical JSON text.
 */
export const SQLITE_NODECO_SCHEMA = `
-- One record per node, never replaced. transfer_count is the length of the node's history: an
-- append compares against it and bumps it in the same transaction.
CREATE TABLE IF NOT EXISTS nodeco_records (
  node TEXT PRIMARY KEY,
  record_id TEXT NOT NULL,
  record TEXT NOT NULL,
  saved_at_ms INTEGER NOT NULL,
  transfer_count INTEGER NOT NULL
);
-- position is 0-based append order; (node, id) is unique, so a transfer is in a history once.
CREATE TABLE IF NOT EXISTS nodeco_transfers (
  node TEXT NOT NULL REFERENCES nodeco_records (node),
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  transfer TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  PRIMARY KEY (node, position),
  UNIQUE (node, id)
);
`;
