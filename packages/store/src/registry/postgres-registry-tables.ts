/**
 * The capability registry's tables in PostgreSQL (pg). Each write is one transaction that
 * first takes a lock per producer, so two writers for one producer take turns: a first advert
 * is inserted once, and the counts a track record holds are always those of every outcome
 * committed before it.
 */
import type { TrackRecord } from '@mycel/kernel';
import type pg from 'pg';
import { inTransaction } from '../postgres/in-transaction.js';
import { openPostgresPool } from '../postgres/open-postgres-pool.js';
import type { PublishOutcome, RecordOutcome } from './capability-registry.js';
import { CONFIDENCE_PARTS } from './registry-limits.js';
import {
  ADVERT_COLUMNS,
  type AdvertRow,
  advertHeadOf,
  advertValues,
  OUTCOME_COLUMNS,
  type OutcomeDbRow,
  type OutcomeRow,
  outcomeDecision,
  outcomeOf,
  outcomeValues,
  publishDecision,
  TRACK_AGGREGATE,
  TRACK_COLUMNS,
  TRACK_ON_CONFLICT,
  type TrackDbRow,
  trackRecordOf,
  trackValues,
} from './registry-rows.js';
import {
  POSTGRES_REGISTRY_SCHEMA,
  POSTGRES_REGISTRY_SCHEMA_LOCK_KEY,
  REGISTRY_PRODUCER_LOCK_CLASS,
} from './registry-schema.js';
import type { SearchDbRow, SearchDialect } from './registry-search-sql.js';
import type { RegistryTables } from './registry-tables.js';

export async function openPostgresRegistryTables(
  url: string,
  schema?: string,
): Promise<PostgresRegistryTables> {
  const pool = await openPostgresPool({
    url,
    ...(schema === undefined ? {} : { schema }),
    lockKey: POSTGRES_REGISTRY_SCHEMA_LOCK_KEY,
    ddl: POSTGRES_REGISTRY_SCHEMA,
    what: 'the PostgreSQL capability registry',
  });
  return new PostgresRegistryTables(pool);
}

/**
 * Takes the per-producer transaction lock: an advisory lock in the two-key space (which does not
 * overlap the one-key space the stores' schema locks use), keyed by a hash of the producer. Two
 * producers sharing a hash only take turns.
 */
async function lockProducer(client: pg.PoolClient, producer: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
    REGISTRY_PRODUCER_LOCK_CLASS,
    producer,
  ]);
}

export class PostgresRegistryTables implements RegistryTables {
  readonly driver = 'postgres' as const;
  readonly dialect: SearchDialect = {
    parameter: (index) => `$${index}`,
    distanceKm: (lat, lon) =>
      `(2 * 6371.0088 * asin(least(1, sqrt(
          power(sin(radians(a.lat - ${lat}) / 2), 2) +
          cos(radians(${lat})) * cos(radians(a.lat)) * power(sin(radians(a.lon - ${lon}) / 2), 2)))))`,
  };

  constructor(private readonly pool: pg.Pool) {}

  async writeAdvert(row: AdvertRow): Promise<PublishOutcome | 'stale'> {
    return inTransaction(this.pool, async (client) => {
      await lockProducer(client, row.producer);
      const head = await client.query<{ id: string; issued_at_ms: string }>(
        'SELECT id, issued_at_ms FROM registry_adverts WHERE producer = $1 AND federation = $2',
        [row.producer, row.federation],
      );
      const decision = publishDecision(advertHeadOf(head.rows[0]), row);
      if (decision === 'duplicate' || decision === 'stale') return decision;
      await client.query('DELETE FROM registry_adverts WHERE producer = $1 AND federation = $2', [
        row.producer,
        row.federation,
      ]);
      await client.query(
        'DELETE FROM registry_advert_mips WHERE producer = $1 AND federation = $2',
        [row.producer, row.federation],
      );
      await client.query(
        `INSERT INTO registry_adverts (${ADVERT_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        advertValues(row),
      );
      await client.query(
        `INSERT INTO registry_advert_mips (mip, producer, federation)
         SELECT mip, $2, $3 FROM unnest($1::text[]) AS mips (mip)`,
        [row.mips, row.producer, row.federation],
      );
      return decision;
    });
  }

  async advertDocument(producer: string, federation: string): Promise<string | undefined> {
    const result = await this.pool.query<{ document: string }>(
      'SELECT document FROM registry_adverts WHERE producer = $1 AND federation = $2',
      [producer, federation],
    );
    return result.rows[0]?.document;
  }

  async writeOutcome(
    row: OutcomeRow,
    score: (record: TrackRecord) => number,
  ): Promise<RecordOutcome | 'conflict'> {
    return inTransaction(this.pool, async (client) => {
      await lockProducer(client, row.producer);
      const inserted = await client.query(
        `INSERT INTO registry_outcomes (${OUTCOME_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (proof_id) DO NOTHING`,
        outcomeValues(row),
      );
      let result: RecordOutcome | 'conflict' = 'recorded';
      if (inserted.rowCount !== 1) {
        const stored = await client.query<OutcomeDbRow>(
          `SELECT ${OUTCOME_COLUMNS} FROM registry_outcomes WHERE proof_id = $1 FOR UPDATE`,
          [row.proofId],
        );
        result = outcomeDecision(outcomeOf(stored.rows[0]!), row);
        if (result !== 'updated') return result;
        await client.query(
          'UPDATE registry_outcomes SET disputed = $1, overturned = $2 WHERE proof_id = $3',
          [row.disputed ? 1 : 0, row.overturned ? 1 : 0, row.proofId],
        );
      }
      const counts = await client.query<TrackDbRow>(
        `SELECT ${TRACK_AGGREGATE} FROM registry_outcomes WHERE producer = $1`,
        [row.producer],
      );
      const record = trackRecordOf(counts.rows[0], CONFIDENCE_PARTS);
      await client.query(
        `INSERT INTO registry_track_records (producer, ${TRACK_COLUMNS}, reputation)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ${TRACK_ON_CONFLICT}`,
        [row.producer, ...trackValues(record, CONFIDENCE_PARTS, score(record))],
      );
      return result;
    });
  }

  async trackRecord(producer: string): Promise<TrackRecord> {
    const result = await this.pool.query<TrackDbRow>(
      `SELECT ${TRACK_COLUMNS} FROM registry_track_records WHERE producer = $1`,
      [producer],
    );
    return trackRecordOf(result.rows[0], CONFIDENCE_PARTS);
  }

  async search(sql: string, values: readonly (string | number)[]): Promise<SearchDbRow[]> {
    const result = await this.pool.query<SearchDbRow>(sql, [...values]);
    return result.rows;
  }

  async close(): Promise<void> {
    if (this.pool.ended) return;
    await this.pool.end();
  }
}
