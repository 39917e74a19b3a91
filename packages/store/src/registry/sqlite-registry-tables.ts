/**
 * The capability registry's tables in SQLite (better-sqlite3, WAL, synchronous=NORMAL: an
 * advert or outcome lost to a power cut is published or recorded again by its sender). Every
 * write is one IMMEDIATE transaction; the distance is a registered deterministic function.
 */
import type { TrackRecord } from '@mycel/kernel';
import type Database from 'better-sqlite3';
import { openSqliteDatabase } from '../sqlite/open-sqlite-database.js';
import type { PublishOutcome, RecordOutcome } from './capability-registry.js';
import { haversineKm } from './registry-distance.js';
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
import { SQLITE_REGISTRY_SCHEMA } from './registry-schema.js';
import type { SearchDbRow, SearchDialect } from './registry-search-sql.js';
import type { RegistryTables } from './registry-tables.js';

const DISTANCE_FUNCTION = 'registry_distance_km';

export function openSqliteRegistryTables(path: string): SqliteRegistryTables {
  const db = openSqliteDatabase({
    path,
    synchronous: 'NORMAL',
    ddl: SQLITE_REGISTRY_SCHEMA,
    what: 'the SQLite capability registry',
  });
  db.function(DISTANCE_FUNCTION, { deterministic: true }, haversineKm);
  return new SqliteRegistryTables(db);
}

export class SqliteRegistryTables implements RegistryTables {
  readonly driver = 'sqlite' as const;
  readonly dialect: SearchDialect = {
    parameter: () => '?',
    distanceKm: (lat, lon) => `${DISTANCE_FUNCTION}(a.lat, a.lon, ${lat}, ${lon})`,
  };
  private readonly statements;
  private readonly writeAdvertTransaction;
  private readonly writeOutcomeTransaction;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      advertHead: db.prepare(
        'SELECT id, issued_at_ms FROM registry_adverts WHERE producer = ? AND federation = ?',
      ),
      deleteAdvert: db.prepare(
        'DELETE FROM registry_adverts WHERE producer = ? AND federation = ?',
      ),
      deleteMips: db.prepare(
        'DELETE FROM registry_advert_mips WHERE producer = ? AND federation = ?',
      ),
      insertAdvert: db.prepare(
        `INSERT INTO registry_adverts (${ADVERT_COLUMNS})
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertMip: db.prepare(
        'INSERT INTO registry_advert_mips (mip, producer, federation) VALUES (?, ?, ?)',
      ),
      document: db
        .prepare('SELECT document FROM registry_adverts WHERE producer = ? AND federation = ?')
        .pluck(),
      outcome: db.prepare(`SELECT ${OUTCOME_COLUMNS} FROM registry_outcomes WHERE proof_id = ?`),
      insertOutcome: db.prepare(
        `INSERT INTO registry_outcomes (${OUTCOME_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      updateFlags: db.prepare(
        'UPDATE registry_outcomes SET disputed = ?, overturned = ? WHERE proof_id = ?',
      ),
      aggregate: db.prepare(`SELECT ${TRACK_AGGREGATE} FROM registry_outcomes WHERE producer = ?`),
      upsertTrack: db.prepare(
        `INSERT INTO registry_track_records (producer, ${TRACK_COLUMNS}, reputation)
         VALUES (?, ?, ?, ?, ?, ?, ?) ${TRACK_ON_CONFLICT}`,
      ),
      track: db.prepare(`SELECT ${TRACK_COLUMNS} FROM registry_track_records WHERE producer = ?`),
    };
    this.writeAdvertTransaction = db.transaction((row: AdvertRow) => {
      const head = this.statements.advertHead.get(row.producer, row.federation) as
        | { id: string; issued_at_ms: number }
        | undefined;
      const decision = publishDecision(advertHeadOf(head), row);
      if (decision === 'duplicate' || decision === 'stale') return decision;
      this.statements.deleteAdvert.run(row.producer, row.federation);
      this.statements.deleteMips.run(row.producer, row.federation);
      this.statements.insertAdvert.run(...advertValues(row));
      for (const mip of row.mips) this.statements.insertMip.run(mip, row.producer, row.federation);
      return decision;
    });
    this.writeOutcomeTransaction = db.transaction(
      (row: OutcomeRow, score: (record: TrackRecord) => number) => {
        const stored = this.statements.outcome.get(row.proofId) as OutcomeDbRow | undefined;
        let result: RecordOutcome | 'conflict' = 'recorded';
        if (stored === undefined) {
          this.statements.insertOutcome.run(...outcomeValues(row));
        } else {
          result = outcomeDecision(outcomeOf(stored), row);
          if (result !== 'updated') return result;
          this.statements.updateFlags.run(
            row.disputed ? 1 : 0,
            row.overturned ? 1 : 0,
            row.proofId,
          );
        }
        const counts = this.statements.aggregate.get(row.producer) as TrackDbRow;
        const record = trackRecordOf(counts, CONFIDENCE_PARTS);
        this.statements.upsertTrack.run(
          row.producer,
          ...trackValues(record, CONFIDENCE_PARTS, score(record)),
        );
        return result;
      },
    );
  }

  async writeAdvert(row: AdvertRow): Promise<PublishOutcome | 'stale'> {
    return this.writeAdvertTransaction.immediate(row);
  }

  async advertDocument(producer: string, federation: string): Promise<string | undefined> {
    return this.statements.document.get(producer, federation) as string | undefined;
  }

  async writeOutcome(
    row: OutcomeRow,
    score: (record: TrackRecord) => number,
  ): Promise<RecordOutcome | 'conflict'> {
    return this.writeOutcomeTransaction.immediate(row, score);
  }

  async trackRecord(producer: string): Promise<TrackRecord> {
    const row = this.statements.track.get(producer) as TrackDbRow | undefined;
    return trackRecordOf(row, CONFIDENCE_PARTS);
  }

  async search(sql: string, values: readonly (string | number)[]): Promise<SearchDbRow[]> {
    return this.db.prepare(sql).all(...values) as SearchDbRow[];
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
