/**
 * The capability registry's rules, once for both drivers (capability-registry.ts says what
 * each method promises). Inputs are checked before any SQL runs (registry-checks.ts); the
 * drivers only store, deciding replacements and outcome updates inside their transactions.
 */

import {
  type CapabilityAdvert,
  checkCapabilityAdvert,
  EMPTY_TRACK_RECORD,
  type JsonValue,
  parseStrictJson,
  reputation,
  type TrackRecord,
} from '@mycel/kernel';
import { StoreError } from '../store-error.js';
import type {
  CapabilityRegistry,
  PublishOutcome,
  RecordOutcome,
  RegistryHit,
  RegistryOutcome,
  RegistryQuery,
} from './capability-registry.js';
import { checkAdvert, checkOutcome, checkQuery } from './registry-checks.js';
import { haversineKm } from './registry-distance.js';
import { RegistryError } from './registry-error.js';
import { CONFIDENCE_PARTS } from './registry-limits.js';
import { trackRecordOf } from './registry-rows.js';
import { searchStatement } from './registry-search-sql.js';
import type { RegistryTables } from './registry-tables.js';

const EMPTY_REPUTATION = reputation(EMPTY_TRACK_RECORD);

export class Registry implements CapabilityRegistry {
  readonly driver;

  constructor(private readonly tables: RegistryTables) {
    this.driver = tables.driver;
  }

  async publish(advert: CapabilityAdvert, nowMs: number): Promise<PublishOutcome> {
    const row = checkAdvert(advert, nowMs);
    const outcome = await this.tables.writeAdvert(row);
    if (outcome === 'stale') {
      throw new RegistryError(
        'registry_advert_stale',
        `the registry holds an advert of ${row.producer} in ${row.federation} issued at or after ${advert.issuedAt}`,
      );
    }
    return outcome;
  }

  async advert(producer: string, federation: string): Promise<CapabilityAdvert | undefined> {
    const document = await this.tables.advertDocument(producer, federation);
    return document === undefined ? undefined : readAdvert(document);
  }

  async recordOutcome(outcome: RegistryOutcome): Promise<RecordOutcome> {
    const row = checkOutcome(outcome);
    const result = await this.tables.writeOutcome(row, reputation);
    if (result === 'conflict') {
      throw new RegistryError(
        'registry_outcome_conflict',
        `proof ${row.proofId} is recorded with other content`,
      );
    }
    return result;
  }

  async trackRecord(producer: string): Promise<TrackRecord> {
    return this.tables.trackRecord(producer);
  }

  async search(query: RegistryQuery, nowMs: number): Promise<RegistryHit[]> {
    const checked = checkQuery(query);
    if (!Number.isSafeInteger(nowMs)) {
      throw new RegistryError(
        'registry_query_invalid',
        'the search time is not whole milliseconds',
      );
    }
    const { sql, values } = searchStatement(checked, nowMs, EMPTY_REPUTATION, this.tables.dialect);
    const rows = await this.tables.search(sql, values);
    return rows.map((row) => {
      const advert = readAdvert(row.document);
      const trackRecord = trackRecordOf(row.accepted === null ? undefined : row, CONFIDENCE_PARTS);
      const hit: RegistryHit = {
        advert,
        trackRecord,
        reputation: Number(row.reputation),
        meanConfidence:
          trackRecord.accepted > 0 ? trackRecord.confidenceSum / trackRecord.accepted : undefined,
      };
      if (checked.near === undefined) return hit;
      const { lat, lon } = advert.locality;
      return { ...hit, distanceKm: haversineKm(checked.near.lat, checked.near.lon, lat, lon) };
    });
  }

  async close(): Promise<void> {
    await this.tables.close();
  }
}

/** A stored document is the canonical JSON of an advert that passed checkAdvert; else store_corrupt. */
function readAdvert(document: string): CapabilityAdvert {
  const parsed = parseStrictJson(document);
  if (!parsed.ok) {
    throw new StoreError('store_corrupt', `a stored advert does not parse: ${parsed.error.code}`);
  }
  const advert = checkCapabilityAdvert(parsed.value as JsonValue);
  if (!advert.ok) {
    throw new StoreError('store_corrupt', `a stored advert fails its check: ${advert.error.code}`);
  }
  return advert.value;
}
