/**
 * Tables of the capability registry, all named registry_*, so the file or database may hold
 * other stores too. One advert per producer and federation; its MIPs in their own table for
 * the MIP filter; outcomes by proof id; and per producer the track record's counts with the
 * reputation computed from them when they last changed, so search ranks in SQL.
 */
function registrySchema(types: { bigint: string; real: string; text: string }) {
  const { bigint, real, text } = types;
  return `
CREATE TABLE IF NOT EXISTS registry_adverts (
  producer ${text} NOT NULL,
  federation ${text} NOT NULL,
  id ${text} NOT NULL UNIQUE,
  issued_at_ms ${bigint} NOT NULL,
  expires_at_ms ${bigint} NOT NULL,
  lat ${real} NOT NULL,
  lon ${real} NOT NULL,
  label ${text} NOT NULL,
  price_digits ${bigint} NOT NULL,
  price_minor ${text} NOT NULL,
  currency ${text} NOT NULL,
  unit ${text} NOT NULL,
  document TEXT NOT NULL,
  PRIMARY KEY (producer, federation)
);
CREATE INDEX IF NOT EXISTS registry_adverts_lat ON registry_adverts (lat);
CREATE TABLE IF NOT EXISTS registry_advert_mips (
  mip ${text} NOT NULL,
  producer ${text} NOT NULL,
  federation ${text} NOT NULL,
  PRIMARY KEY (mip, producer, federation)
);
CREATE INDEX IF NOT EXISTS registry_advert_mips_advert
  ON registry_advert_mips (producer, federation);
CREATE TABLE IF NOT EXISTS registry_outcomes (
  proof_id ${text} PRIMARY KEY,
  producer ${text} NOT NULL,
  mip ${text} NOT NULL,
  accepted ${bigint} NOT NULL,
  p ${real} NOT NULL,
  p_parts ${bigint} NOT NULL,
  disputed ${bigint} NOT NULL,
  overturned ${bigint} NOT NULL,
  at_ms ${bigint} NOT NULL
);
CREATE INDEX IF NOT EXISTS registry_outcomes_producer ON registry_outcomes (producer);
CREATE TABLE IF NOT EXISTS registry_track_records (
  producer ${text} PRIMARY KEY,
  accepted ${bigint} NOT NULL,
  refused ${bigint} NOT NULL,
  disputes_lost ${bigint} NOT NULL,
  overturned ${bigint} NOT NULL,
  confidence_parts ${bigint} NOT NULL,
  reputation ${real} NOT NULL
);
`;
}

export const SQLITE_REGISTRY_SCHEMA = registrySchema({
  bigint: 'INTEGER',
  real: 'REAL',
  text: 'TEXT',
});

// Ids, dids and labels compare in byte order (COLLATE "C"), as in SQLite.
export const POSTGRES_REGISTRY_SCHEMA = registrySchema({
  bigint: 'BIGINT',
  real: 'DOUBLE PRECISION',
  text: 'TEXT COLLATE "C"',
});

/** Serialises concurrent first-time setup of the registry tables in PostgreSQL. Its own key. */
export const POSTGRES_REGISTRY_SCHEMA_LOCK_KEY = 0x6d7963656c52; // "mycel" + "R"
/** The first key of the per-producer advisory locks (two-key space): "myRg". */
export const REGISTRY_PRODUCER_LOCK_CLASS = 0x6d795267;
