/**
 * What the registry writes and reads, as both drivers see it, and the two decisions they take
 * inside their transactions: whether an advert replaces the stored one, and whether an outcome
 * under a known proofId is the same, an update or a conflict.
 */
import type { TrackRecord } from '@mycel/kernel';
import type { PublishOutcome, RecordOutcome } from './capability-registry.js';

export interface AdvertRow {
  readonly id: string;
  readonly producer: string;
  readonly federation: string;
  readonly issuedAtMs: number;
  readonly expiresAtMs: number;
  readonly lat: number;
  readonly lon: number;
  readonly label: string;
  readonly priceMinor: string;
  readonly currency: string;
  readonly unit: string;
  readonly mips: readonly string[];
  /** The advert's canonical JSON. */
  readonly document: string;
}

export interface OutcomeRow {
  readonly proofId: string;
  readonly producer: string;
  readonly mip: string;
  readonly accepted: boolean;
  readonly p: number;
  /** p in parts per million, rounded: what track records sum. */
  readonly pParts: number;
  readonly disputed: boolean;
  readonly overturned: boolean;
  readonly atMs: number;
}

/** The stored advert's id and issue time, when there is one. */
export interface StoredAdvertHead {
  readonly id: string;
  readonly issuedAtMs: number;
}

/** The stored head as either driver reads it (pg gives BIGINT as a string). */
export function advertHeadOf(
  row: { id: string; issued_at_ms: number | string } | undefined,
): StoredAdvertHead | undefined {
  return row === undefined ? undefined : { id: row.id, issuedAtMs: Number(row.issued_at_ms) };
}

export function publishDecision(
  stored: StoredAdvertHead | undefined,
  next: AdvertRow,
): PublishOutcome | 'stale' {
  if (stored === undefined) return 'published';
  if (stored.id === next.id) return 'duplicate';
  return next.issuedAtMs > stored.issuedAtMs ? 'replaced' : 'stale';
}

/** The same proof's facts must agree; flags may only be raised, never cleared. */
export function outcomeDecision(stored: OutcomeRow, next: OutcomeRow): RecordOutcome | 'conflict' {
  const same =
    stored.producer === next.producer &&
    stored.mip === next.mip &&
    stored.accepted === next.accepted &&
    stored.p === next.p &&
    stored.atMs === next.atMs;
  if (!same) return 'conflict';
  if ((stored.disputed && !next.disputed) || (stored.overturned && !next.overturned)) {
    return 'conflict';
  }
  if (stored.disputed === next.disputed && stored.overturned === next.overturned) {
    return 'duplicate';
  }
  return 'updated';
}

export const ADVERT_COLUMNS =
  'producer, federation, id, issued_at_ms, expires_at_ms, lat, lon, label, price_digits, price_minor, currency, unit, document';

export function advertValues(row: AdvertRow): (string | number)[] {
  return [
    row.producer,
    row.federation,
    row.id,
    row.issuedAtMs,
    row.expiresAtMs,
    row.lat,
    row.lon,
    row.label,
    row.priceMinor.length,
    row.priceMinor,
    row.currency,
    row.unit,
    row.document,
  ];
}

/** SQLite gives numbers, pg gives BIGINT and SUM as strings. */
type Whole = number | string | null;

export interface OutcomeDbRow {
  proof_id: string;
  producer: string;
  mip: string;
  accepted: Whole;
  p: number;
  p_parts: Whole;
  disputed: Whole;
  overturned: Whole;
  at_ms: Whole;
}

export const OUTCOME_COLUMNS =
  'proof_id, producer, mip, accepted, p, p_parts, disputed, overturned, at_ms';

export function outcomeValues(row: OutcomeRow): (string | number)[] {
  return [
    row.proofId,
    row.producer,
    row.mip,
    row.accepted ? 1 : 0,
    row.p,
    row.pParts,
    row.disputed ? 1 : 0,
    row.overturned ? 1 : 0,
    row.atMs,
  ];
}

export function outcomeOf(row: OutcomeDbRow): OutcomeRow {
  return {
    proofId: row.proof_id,
    producer: row.producer,
    mip: row.mip,
    accepted: Number(row.accepted) === 1,
    p: Number(row.p),
    pParts: Number(row.p_parts),
    disputed: Number(row.disputed) === 1,
    overturned: Number(row.overturned) === 1,
    atMs: Number(row.at_ms),
  };
}

export interface TrackDbRow {
  accepted: Whole;
  refused: Whole;
  disputes_lost: Whole;
  overturned: Whole;
  confidence_parts: Whole;
}

/**
 * The aggregate both drivers run over one producer's outcomes (integers only, so exact):
 * standing accepted proofs and their confidence exclude overturned ones.
 */
export const TRACK_AGGREGATE = `
  COALESCE(SUM(CASE WHEN accepted = 1 AND overturned = 0 THEN 1 ELSE 0 END), 0) AS accepted,
  COALESCE(SUM(CASE WHEN accepted = 0 THEN 1 ELSE 0 END), 0) AS refused,
  COALESCE(SUM(disputed), 0) AS disputes_lost,
  COALESCE(SUM(overturned), 0) AS overturned,
  COALESCE(SUM(CASE WHEN accepted = 1 AND overturned = 0 THEN p_parts ELSE 0 END), 0)
    AS confidence_parts`;

export function trackRecordOf(row: TrackDbRow | undefined, parts: number): TrackRecord {
  if (row === undefined) {
    return { accepted: 0, refused: 0, disputesLost: 0, overturned: 0, confidenceSum: 0 };
  }
  return {
    accepted: Number(row.accepted),
    refused: Number(row.refused),
    disputesLost: Number(row.disputes_lost),
    overturned: Number(row.overturned),
    confidenceSum: Number(row.confidence_parts) / parts,
  };
}

export const TRACK_COLUMNS = 'accepted, refused, disputes_lost, overturned, confidence_parts';

/** What an insert into registry_track_records does when the producer has a row already. */
export const TRACK_ON_CONFLICT = `ON CONFLICT (producer) DO UPDATE SET accepted = excluded.accepted,
  refused = excluded.refused, disputes_lost = excluded.disputes_lost,
  overturned = excluded.overturned, confidence_parts = excluded.confidence_parts,
  reputation = excluded.reputation`;

export function trackValues(record: TrackRecord, parts: number, score: number): number[] {
  return [
    record.accepted,
    record.refused,
    record.disputesLost,
    record.overturned,
    Math.round(record.confidenceSum * parts),
    score,
  ];
}
