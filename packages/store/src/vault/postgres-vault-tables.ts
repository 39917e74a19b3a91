/**
 * The evidence vault's tables in PostgreSQL (pg). Evidence, and a challenge with its grants, are
 * each written in one transaction; ON CONFLICT makes a second writer of the same digest or
 * challenge id find the first one's row, so puts and challenges are idempotent across machines.
 * Expiry locks the rows it deletes (FOR UPDATE SKIP LOCKED), so two expiring replicas share the
 * work instead of waiting on each other.
 */
import type pg from 'pg';
import { inTransaction } from '../postgres/in-transaction.js';
import { openPostgresPool } from '../postgres/open-postgres-pool.js';
import type {
  ChallengeRow,
  DisclosureLogEntry,
  EvidenceDescription,
  GrantRow,
  NewDisclosureLogEntry,
  VaultTables,
} from './evidence-vault-types.js';
import {
  DISCLOSURE_COLUMNS,
  type DisclosureRow,
  descriptionOf,
  disclosureOf,
  ITEM_COLUMNS,
  type ItemRow,
  itemValues,
} from './vault-rows.js';
import { POSTGRES_VAULT_SCHEMA, POSTGRES_VAULT_SCHEMA_LOCK_KEY } from './vault-schema.js';

export async function openPostgresVaultTables(
  url: string,
  schema?: string,
): Promise<PostgresVaultTables> {
  const pool = await openPostgresPool({
    url,
    ...(schema === undefined ? {} : { schema }),
    lockKey: POSTGRES_VAULT_SCHEMA_LOCK_KEY,
    ddl: POSTGRES_VAULT_SCHEMA,
    what: 'the PostgreSQL evidence vault',
  });
  return new PostgresVaultTables(pool);
}

interface GrantDbRow {
  challenge: string;
  digest: string;
  verifier: string;
  authority: string;
  expires_at_ms: string;
}

export class PostgresVaultTables implements VaultTables {
  readonly driver = 'postgres' as const;

  constructor(private readonly pool: pg.Pool) {}

  async insertEvidence(description: EvidenceDescription, bytes: Uint8Array): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const inserted = await client.query(
        `INSERT INTO evidence_items (${ITEM_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (digest) DO NOTHING`,
        itemValues(description),
      );
      if (inserted.rowCount !== 1) return false;
      await client.query('INSERT INTO evidence_bytes (digest, bytes) VALUES ($1, $2)', [
        description.digest,
        Buffer.from(bytes),
      ]);
      return true;
    });
  }

  async describe(digest: string): Promise<EvidenceDescription | undefined> {
    const result = await this.pool.query<ItemRow>(
      `SELECT ${ITEM_COLUMNS} FROM evidence_items WHERE digest = $1`,
      [digest],
    );
    const row = result.rows[0];
    return row === undefined ? undefined : descriptionOf(row);
  }

  async knownDigests(digests: readonly string[]): Promise<Set<string>> {
    const result = await this.pool.query<{ digest: string }>(
      'SELECT digest FROM evidence_items WHERE digest = ANY($1::text[])',
      [digests],
    );
    return new Set(result.rows.map((row) => row.digest));
  }

  async evidenceBytes(digest: string): Promise<Uint8Array | undefined> {
    const result = await this.pool.query<{ bytes: Buffer }>(
      'SELECT bytes FROM evidence_bytes WHERE digest = $1',
      [digest],
    );
    const row = result.rows[0];
    return row === undefined ? undefined : new Uint8Array(row.bytes);
  }

  async insertChallenge(challenge: ChallengeRow, grants: readonly GrantRow[]): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const inserted = await client.query(
        `INSERT INTO evidence_challenges
           (id, federation, authority, opened_at_ms, expires_at_ms, document)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
        [
          challenge.id,
          challenge.federation,
          challenge.authority,
          challenge.openedAtMs,
          challenge.expiresAtMs,
          challenge.document,
        ],
      );
      if (inserted.rowCount !== 1) return false;
      await client.query(
        `INSERT INTO evidence_grants (challenge, digest, verifier, authority, expires_at_ms)
         SELECT $1, digest, verifier, $4, $5
         FROM unnest($2::text[], $3::text[]) AS grants (digest, verifier)`,
        [
          challenge.id,
          grants.map((grant) => grant.digest),
          grants.map((grant) => grant.verifier),
          challenge.authority,
          challenge.expiresAtMs,
        ],
      );
      return true;
    });
  }

  async grant(challenge: string, digest: string, verifier: string): Promise<GrantRow | undefined> {
    const result = await this.pool.query<GrantDbRow>(
      `SELECT challenge, digest, verifier, authority, expires_at_ms FROM evidence_grants
       WHERE challenge = $1 AND digest = $2 AND verifier = $3`,
      [challenge, digest, verifier],
    );
    const row = result.rows[0];
    if (row === undefined) return undefined;
    return {
      challenge: row.challenge,
      digest: row.digest,
      verifier: row.verifier,
      authority: row.authority,
      expiresAtMs: Number(row.expires_at_ms),
    };
  }

  async appendDisclosure(entry: NewDisclosureLogEntry): Promise<DisclosureLogEntry> {
    const result = await this.pool.query<DisclosureRow>(
      `INSERT INTO evidence_disclosures
         (digest, at_ms, requester, request, challenge, granted, code)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${DISCLOSURE_COLUMNS}`,
      [
        entry.digest,
        entry.atMs,
        entry.requester,
        entry.request,
        entry.challenge,
        entry.granted ? 1 : 0,
        entry.code,
      ],
    );
    return disclosureOf(result.rows[0]!);
  }

  async disclosures(digest: string, after: number, limit: number): Promise<DisclosureLogEntry[]> {
    const result = await this.pool.query<DisclosureRow>(
      `SELECT ${DISCLOSURE_COLUMNS} FROM evidence_disclosures
       WHERE digest = $1 AND sequence > $2 ORDER BY sequence LIMIT $3`,
      [digest, after, limit],
    );
    return result.rows.map(disclosureOf);
  }

  async expire(nowMs: number, limit: number): Promise<string[]> {
    return inTransaction(this.pool, async (client) => {
      const due = await client.query<{ digest: string }>(
        `SELECT digest FROM evidence_items
         WHERE expired_at_ms IS NULL AND retain_until_ms <= $1
         ORDER BY retain_until_ms LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [nowMs, limit],
      );
      const digests = due.rows.map((row) => row.digest);
      if (digests.length === 0) return digests;
      await client.query('DELETE FROM evidence_bytes WHERE digest = ANY($1::text[])', [digests]);
      await client.query(
        'UPDATE evidence_items SET expired_at_ms = $1 WHERE digest = ANY($2::text[])',
        [nowMs, digests],
      );
      return digests;
    });
  }

  async close(): Promise<void> {
    if (this.pool.ended) return;
    await this.pool.end();
  }
}
