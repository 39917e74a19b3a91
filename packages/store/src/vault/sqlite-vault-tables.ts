/**
 * The evidence vault's tables in SQLite (better-sqlite3, WAL, synchronous=FULL: evidence and the
 * disclosure log are worth an fsync per write). Multi-row writes are one IMMEDIATE transaction.
 */
import type Database from 'better-sqlite3';
import { openSqliteDatabase } from '../sqlite/open-sqlite-database.js';
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
import { SQLITE_VAULT_SCHEMA } from './vault-schema.js';

export function openSqliteVaultTables(path: string): SqliteVaultTables {
  const db = openSqliteDatabase({
    path,
    synchronous: 'FULL',
    foreignKeys: true,
    ddl: SQLITE_VAULT_SCHEMA,
    what: 'the SQLite evidence vault',
  });
  return new SqliteVaultTables(db);
}

interface GrantDbRow {
  challenge: string;
  digest: string;
  verifier: string;
  authority: string;
  expires_at_ms: number;
}

export class SqliteVaultTables implements VaultTables {
  readonly driver = 'sqlite' as const;
  private readonly statements;
  private readonly insertEvidenceTransaction;
  private readonly insertChallengeTransaction;
  private readonly expireTransaction;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      insertItem: db.prepare(
        `INSERT INTO evidence_items (${ITEM_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (digest) DO NOTHING`,
      ),
      insertBytes: db.prepare('INSERT INTO evidence_bytes (digest, bytes) VALUES (?, ?)'),
      item: db.prepare(`SELECT ${ITEM_COLUMNS} FROM evidence_items WHERE digest = ?`),
      bytes: db.prepare('SELECT bytes FROM evidence_bytes WHERE digest = ?').pluck(),
      known: db.prepare('SELECT 1 FROM evidence_items WHERE digest = ?').pluck(),
      insertChallenge: db.prepare(
        `INSERT INTO evidence_challenges
           (id, federation, authority, opened_at_ms, expires_at_ms, document)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      ),
      insertGrant: db.prepare(
        `INSERT INTO evidence_grants (challenge, digest, verifier, authority, expires_at_ms)
         VALUES (?, ?, ?, ?, ?)`,
      ),
      grant: db.prepare(
        `SELECT challenge, digest, verifier, authority, expires_at_ms FROM evidence_grants
         WHERE challenge = ? AND digest = ? AND verifier = ?`,
      ),
      insertDisclosure: db.prepare(
        `INSERT INTO evidence_disclosures
           (digest, at_ms, requester, request, challenge, granted, code)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING ${DISCLOSURE_COLUMNS}`,
      ),
      disclosures: db.prepare(
        `SELECT ${DISCLOSURE_COLUMNS} FROM evidence_disclosures
         WHERE digest = ? AND sequence > ? ORDER BY sequence LIMIT ?`,
      ),
      due: db
        .prepare(
          `SELECT digest FROM evidence_items
           WHERE expired_at_ms IS NULL AND retain_until_ms <= ? ORDER BY retain_until_ms LIMIT ?`,
        )
        .pluck(),
      deleteBytes: db.prepare('DELETE FROM evidence_bytes WHERE digest = ?'),
      markExpired: db.prepare('UPDATE evidence_items SET expired_at_ms = ? WHERE digest = ?'),
    };
    this.insertEvidenceTransaction = db.transaction(
      (description: EvidenceDescription, bytes: Uint8Array) => {
        const inserted = this.statements.insertItem.run(...itemValues(description)).changes === 1;
        if (inserted) this.statements.insertBytes.run(description.digest, Buffer.from(bytes));
        return inserted;
      },
    );
    this.insertChallengeTransaction = db.transaction(
      (challenge: ChallengeRow, grants: readonly GrantRow[]) => {
        const inserted =
          this.statements.insertChallenge.run(
            challenge.id,
            challenge.federation,
            challenge.authority,
            challenge.openedAtMs,
            challenge.expiresAtMs,
            challenge.document,
          ).changes === 1;
        if (!inserted) return false;
        for (const grant of grants) {
          this.statements.insertGrant.run(
            grant.challenge,
            grant.digest,
            grant.verifier,
            grant.authority,
            grant.expiresAtMs,
          );
        }
        return true;
      },
    );
    this.expireTransaction = db.transaction((nowMs: number, limit: number) => {
      const digests = this.statements.due.all(nowMs, limit) as string[];
      for (const digest of digests) {
        this.statements.deleteBytes.run(digest);
        this.statements.markExpired.run(nowMs, digest);
      }
      return digests;
    });
  }

  async insertEvidence(description: EvidenceDescription, bytes: Uint8Array): Promise<boolean> {
    return this.insertEvidenceTransaction.immediate(description, bytes);
  }

  async describe(digest: string): Promise<EvidenceDescription | undefined> {
    const row = this.statements.item.get(digest) as ItemRow | undefined;
    return row === undefined ? undefined : descriptionOf(row);
  }

  async knownDigests(digests: readonly string[]): Promise<Set<string>> {
    return new Set(digests.filter((digest) => this.statements.known.get(digest) !== undefined));
  }

  async evidenceBytes(digest: string): Promise<Uint8Array | undefined> {
    const bytes = this.statements.bytes.get(digest) as Buffer | undefined;
    return bytes === undefined ? undefined : new Uint8Array(bytes);
  }

  async insertChallenge(challenge: ChallengeRow, grants: readonly GrantRow[]): Promise<boolean> {
    return this.insertChallengeTransaction.immediate(challenge, grants);
  }

  async grant(challenge: string, digest: string, verifier: string): Promise<GrantRow | undefined> {
    const row = this.statements.grant.get(challenge, digest, verifier) as GrantDbRow | undefined;
    if (row === undefined) return undefined;
    return {
      challenge: row.challenge,
      digest: row.digest,
      verifier: row.verifier,
      authority: row.authority,
      expiresAtMs: row.expires_at_ms,
    };
  }

  async appendDisclosure(entry: NewDisclosureLogEntry): Promise<DisclosureLogEntry> {
    const row = this.statements.insertDisclosure.get(
      entry.digest,
      entry.atMs,
      entry.requester,
      entry.request,
      entry.challenge,
      entry.granted ? 1 : 0,
      entry.code,
    ) as DisclosureRow;
    return disclosureOf(row);
  }

  async disclosures(digest: string, after: number, limit: number): Promise<DisclosureLogEntry[]> {
    const rows = this.statements.disclosures.all(digest, after, limit) as DisclosureRow[];
    return rows.map(disclosureOf);
  }

  async expire(nowMs: number, limit: number): Promise<string[]> {
    return this.expireTransaction.immediate(nowMs, limit);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
