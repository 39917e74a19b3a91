/** What the registry asks of a driver: storage, with the two decisions of registry-rows.ts taken inside a transaction. */
import type { TrackRecord } from '@mycel/kernel';
import type { PublishOutcome, RecordOutcome } from './capability-registry.js';
import type { AdvertRow, OutcomeRow } from './registry-rows.js';
import type { SearchDbRow, SearchDialect } from './registry-search-sql.js';

export interface RegistryTables {
  readonly driver: 'sqlite' | 'postgres';
  readonly dialect: SearchDialect;
  /** Inserts or replaces the producer's advert in this federation, by publishDecision. */
  writeAdvert(row: AdvertRow): Promise<PublishOutcome | 'stale'>;
  advertDocument(producer: string, federation: string): Promise<string | undefined>;
  /**
   * Inserts or updates the outcome by outcomeDecision and, when it changed anything, rewrites
   * the producer's track record with `score` of the new counts, in the same transaction.
   */
  writeOutcome(
    row: OutcomeRow,
    score: (record: TrackRecord) => number,
  ): Promise<RecordOutcome | 'conflict'>;
  trackRecord(producer: string): Promise<TrackRecord>;
  search(sql: string, values: readonly (string | number)[]): Promise<SearchDbRow[]>;
  close(): Promise<void>;
}
