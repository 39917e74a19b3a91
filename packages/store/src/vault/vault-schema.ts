/**
 * Tables of the evidence vault, all named evidence_*, so the file or database may also hold the
 * proof log. Descriptions and bytes are separate tables: describe() never reads a byte, and
 * expiry deletes the bytes row while the description stays as a tombstone. SQLite and
 * PostgreSQL get the same tables, spelled in each one's types.
 */
function vaultSchema(types: { bigint: string; bytes: string; sequence: string; text: string }) {
  const { bigint, bytes, sequence, text } = types;
  return `
CREATE TABLE IF NOT EXISTS evidence_items (
  digest ${text} PRIMARY KEY,
  media_type TEXT NOT NULL,
  vault TEXT NOT NULL,
  disclosure TEXT NOT NULL,
  producer TEXT NOT NULL,
  byte_length ${bigint} NOT NULL,
  stored_at_ms ${bigint} NOT NULL,
  retain_until_ms ${bigint} NOT NULL,
  expired_at_ms ${bigint}
);
CREATE INDEX IF NOT EXISTS evidence_items_due ON evidence_items (retain_until_ms)
  WHERE expired_at_ms IS NULL;
CREATE TABLE IF NOT EXISTS evidence_bytes (
  digest ${text} PRIMARY KEY REFERENCES evidence_items (digest),
  bytes ${bytes} NOT NULL
);
CREATE TABLE IF NOT EXISTS evidence_challenges (
  id ${text} PRIMARY KEY,
  federation TEXT NOT NULL,
  authority TEXT NOT NULL,
  opened_at_ms ${bigint} NOT NULL,
  expires_at_ms ${bigint} NOT NULL,
  document TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS evidence_grants (
  challenge ${text} NOT NULL REFERENCES evidence_challenges (id),
  digest ${text} NOT NULL REFERENCES evidence_items (digest),
  verifier ${text} NOT NULL,
  authority TEXT NOT NULL,
  expires_at_ms ${bigint} NOT NULL,
  PRIMARY KEY (challenge, digest, verifier)
);
CREATE TABLE IF NOT EXISTS evidence_disclosures (
  sequence ${sequence},
  digest ${text} NOT NULL,
  at_ms ${bigint} NOT NULL,
  requester TEXT,
  request TEXT,
  challenge TEXT,
  granted ${bigint} NOT NULL,
  code TEXT
);
CREATE INDEX IF NOT EXISTS evidence_disclosures_digest ON evidence_disclosures (digest, sequence);
`;
}

export const SQLITE_VAULT_SCHEMA = vaultSchema({
  bigint: 'INTEGER',
  bytes: 'BLOB',
  sequence: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  text: 'TEXT',
});

// Digests and dids compare in byte order (COLLATE "C"), as in SQLite.
export const POSTGRES_VAULT_SCHEMA = vaultSchema({
  bigint: 'BIGINT',
  bytes: 'BYTEA',
  sequence: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
  text: 'TEXT COLLATE "C"',
});

/** Serialises concurrent first-time setup of the vault tables in PostgreSQL. Its own key. */
export const POSTGRES_VAULT_SCHEMA_LOCK_KEY = 0x6d7963656c56; // "mycel" + "V"
