/**
 * Tables of the contract event store, the same in SQLite and PostgreSQL (TEXT and BIGINT both
 * speak them), all named contract_*, beside the store's other tables. Events are canonical JSON
 * kept as text. contract_heads carries the count an append compares against and a listing's
 * facts; it is never the contract's state, which only replay gives.
 */
const COLLATE = (postgres: boolean) => (postgres ? ' COLLATE "C"' : '');

export function contractStoreDdl(postgres: boolean): string {
  return `
CREATE TABLE IF NOT EXISTS contract_heads (
  contract TEXT${COLLATE(postgres)} PRIMARY KEY,
  proposed_by TEXT NOT NULL,
  event_count BIGINT NOT NULL,
  status TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS contract_events (
  contract TEXT${COLLATE(postgres)} NOT NULL REFERENCES contract_heads (contract),
  position BIGINT NOT NULL,
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  event TEXT NOT NULL,
  stored_at_ms BIGINT NOT NULL,
  PRIMARY KEY (contract, position),
  UNIQUE (contract, id)
);
CREATE INDEX IF NOT EXISTS contract_heads_updated ON contract_heads (updated_at_ms);
`;
}

/** Serialises first-time setup of these tables in PostgreSQL; its own key ("mycel" + "C"). */
export const POSTGRES_CONTRACT_SCHEMA_LOCK_KEY = 0x6d7963656c43;
