/**
 * The one search statement both drivers run, built from fixed fragments: every value of the
 * query is a bound parameter, never text in the SQL. The drivers differ only in how a
 * parameter is written (? or $n) and how the distance is computed (a registered function in
 * SQLite, the haversine formula spelled in PostgreSQL's SQL).
 */
import type { CheckedQuery } from './registry-checks.js';
import { searchBox } from './registry-distance.js';
import { CONFIDENCE_PARTS } from './registry-limits.js';

export interface SearchDialect {
  /** The SQL for the n-th parameter (1-based). */
  parameter(index: number): string;
  /**
   * The distance in km from the row's (lat, lon) to the point in the two parameters. A
   * dialect whose parameters are positional (?) must use each of them once.
   */
  distanceKm(lat: string, lon: string): string;
}

export interface SearchStatement {
  readonly sql: string;
  readonly values: (string | number)[];
}

export interface SearchDbRow {
  document: string;
  accepted: number | string | null;
  refused: number | string | null;
  disputes_lost: number | string | null;
  overturned: number | string | null;
  confidence_parts: number | string | null;
  reputation: number;
}

export function searchStatement(
  query: CheckedQuery,
  nowMs: number,
  emptyReputation: number,
  dialect: SearchDialect,
): SearchStatement {
  const values: (string | number)[] = [];
  const bind = (value: string | number) => {
    values.push(value);
    return dialect.parameter(values.length);
  };
  const reputation = `COALESCE(t.reputation, ${bind(emptyReputation)})`;
  const where: string[] = [`a.expires_at_ms > ${bind(nowMs)}`];
  if (query.mip !== undefined) {
    where.push(
      `EXISTS (SELECT 1 FROM registry_advert_mips m WHERE m.mip = ${bind(query.mip)}
        AND m.producer = a.producer AND m.federation = a.federation)`,
    );
  }
  if (query.federation !== undefined) where.push(`a.federation = ${bind(query.federation)}`);
  if (query.currency !== undefined) where.push(`a.currency = ${bind(query.currency)}`);
  if (query.unit !== undefined) where.push(`a.unit = ${bind(query.unit)}`);
  if (query.label !== undefined) where.push(`a.label = ${bind(query.label)}`);
  if (query.maxPriceMinor !== undefined) {
    // Prices have no leading zeros: fewer digits is cheaper; as many digits compare as text.
    const digits = query.maxPriceMinor.length;
    // Each ? takes its own value in SQLite, so a value used twice is bound twice.
    where.push(
      `(a.price_digits < ${bind(digits)} OR (a.price_digits = ${bind(digits)} AND a.price_minor <= ${bind(query.maxPriceMinor)}))`,
    );
  }
  if (query.minConfidence !== undefined && query.minConfidence > 0) {
    where.push(
      `t.accepted > 0 AND t.confidence_parts >= ${bind(Math.round(query.minConfidence * CONFIDENCE_PARTS))} * t.accepted`,
    );
  }
  if (query.near !== undefined) {
    const { lat, lon, radiusKm } = query.near;
    const box = searchBox(lat, lon, radiusKm);
    where.push(`a.lat BETWEEN ${bind(box.latMin)} AND ${bind(box.latMax)}`);
    if (box.lonMin !== undefined && box.lonMax !== undefined) {
      where.push(`a.lon BETWEEN ${bind(box.lonMin)} AND ${bind(box.lonMax)}`);
    }
    where.push(`${dialect.distanceKm(bind(lat), bind(lon))} <= ${bind(radiusKm)}`);
  }
  const sql = `
SELECT a.document, t.accepted, t.refused, t.disputes_lost, t.overturned, t.confidence_parts,
  ${reputation} AS reputation
FROM registry_adverts a LEFT JOIN registry_track_records t ON t.producer = a.producer
WHERE ${where.join('\n  AND ')}
ORDER BY reputation DESC, a.price_digits, a.price_minor, a.producer, a.federation
LIMIT ${bind(query.limit)}`;
  return { sql, values };
}
