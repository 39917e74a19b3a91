/**
 * Input checks of the registry, before any SQL runs: adverts through the kernel, outcomes and
 * queries field by field against the kernel's patterns and the registry's bounds. Every value
 * that reaches SQL has passed one of these, and is bound as a parameter all the same.
 */
import {
  CAPABILITY_CURRENCY_PATTERN,
  CAPABILITY_LABEL_PATTERN,
  CAPABILITY_PRICE_MINOR_PATTERN,
  CAPABILITY_UNIT_PATTERN,
  type CapabilityAdvert,
  CapabilityAdvertSchema,
  CONTENT_ID_PATTERN,
  canonicalJson,
  capabilityLimits,
  checkCapabilityAdvert,
  checkCapabilityCurrent,
  checkCapabilitySigned,
  type JsonValue,
  limits,
  parseMipId,
  parseTimestamp,
} from '@mycel/kernel';
import type { RegistryNear, RegistryOutcome, RegistryQuery } from './capability-registry.js';
import { RegistryError } from './registry-error.js';
import type { RegistryErrorCode } from './registry-error-codes.js';
import {
  CONFIDENCE_PARTS,
  REGISTRY_RADIUS_KM_MAX,
  REGISTRY_SEARCH_LIMIT_DEFAULT,
  REGISTRY_SEARCH_LIMIT_MAX,
} from './registry-limits.js';
import type { AdvertRow, OutcomeRow } from './registry-rows.js';

const CONTENT_ID = new RegExp(CONTENT_ID_PATTERN);
const DID = new RegExp(CapabilityAdvertSchema.properties.producer.pattern!);
const FEDERATION = new RegExp(CapabilityAdvertSchema.properties.federation.pattern!);
const CURRENCY = new RegExp(CAPABILITY_CURRENCY_PATTERN);
const UNIT = new RegExp(CAPABILITY_UNIT_PATTERN);
const PRICE_MINOR = new RegExp(CAPABILITY_PRICE_MINOR_PATTERN);
const LABEL = new RegExp(CAPABILITY_LABEL_PATTERN);

function refuse(code: RegistryErrorCode, message: string): never {
  throw new RegistryError(code, message);
}

/** The advert passes the kernel, its producer signed it, and it is in force at nowMs. */
export function checkAdvert(advert: CapabilityAdvert, nowMs: number): AdvertRow {
  const checked = checkCapabilityAdvert(advert as unknown as JsonValue);
  if (!checked.ok) {
    refuse('registry_advert_invalid', `${checked.error.code}: ${checked.error.message}`);
  }
  const signed = checkCapabilitySigned(advert, nowMs);
  if (!signed.ok) refuse('registry_advert_unsigned', signed.error.message);
  const current = checkCapabilityCurrent(advert, nowMs);
  if (!current.ok) refuse('registry_advert_expired', current.error.message);
  return {
    id: advert.id,
    producer: advert.producer,
    federation: advert.federation,
    issuedAtMs: parseTimestamp(advert.issuedAt)!,
    expiresAtMs: parseTimestamp(advert.expiresAt)!,
    lat: advert.locality.lat,
    lon: advert.locality.lon,
    label: advert.locality.label,
    priceMinor: advert.price.minor,
    currency: advert.price.currency,
    unit: advert.price.unit,
    mips: advert.mips,
    document: canonicalJson(advert as unknown as JsonValue),
  };
}

/** A string of at most `maxChars` that matches `pattern`. */
function isText(
  value: unknown,
  pattern: RegExp,
  maxChars = Number.POSITIVE_INFINITY,
): value is string {
  return typeof value === 'string' && value.length <= maxChars && pattern.test(value);
}

function isDid(value: unknown): value is string {
  return isText(value, DID, limits.DID_CHARS_MAX);
}

function isMip(value: unknown): value is string {
  return typeof value === 'string' && parseMipId(value) !== undefined;
}

function isFlag(value: unknown): value is boolean | undefined {
  return value === undefined || typeof value === 'boolean';
}

export function checkOutcome(outcome: RegistryOutcome): OutcomeRow {
  const bad = (field: string) => refuse('registry_outcome_invalid', `outcome ${field} is invalid`);
  if (typeof outcome !== 'object' || outcome === null) bad('object');
  if (!isText(outcome.proofId, CONTENT_ID)) bad('proofId');
  if (!isDid(outcome.producer)) bad('producer');
  if (!isMip(outcome.mip)) bad('mip');
  if (typeof outcome.accepted !== 'boolean') bad('accepted');
  if (typeof outcome.p !== 'number' || !(outcome.p >= 0 && outcome.p <= 1)) bad('p');
  if (!isFlag(outcome.disputed)) bad('disputed');
  if (!isFlag(outcome.overturned)) bad('overturned');
  if (outcome.overturned === true && !outcome.accepted) bad('overturned (of a refused proof)');
  const atMs = typeof outcome.at === 'string' ? parseTimestamp(outcome.at) : undefined;
  if (atMs === undefined) bad('at');
  return {
    proofId: outcome.proofId,
    producer: outcome.producer,
    mip: outcome.mip,
    accepted: outcome.accepted,
    p: outcome.p,
    pParts: Math.round(outcome.p * CONFIDENCE_PARTS),
    disputed: outcome.disputed === true,
    overturned: outcome.overturned === true,
    atMs: atMs!,
  };
}

/** A query whose every present field has been checked; limit filled in. */
export interface CheckedQuery extends RegistryQuery {
  readonly limit: number;
}

export function checkQuery(query: RegistryQuery): CheckedQuery {
  const bad = (field: string) => refuse('registry_query_invalid', `query ${field} is invalid`);
  if (typeof query !== 'object' || query === null) bad('object');
  const known = new Set([
    'mip',
    'near',
    'minConfidence',
    'currency',
    'unit',
    'maxPriceMinor',
    'label',
    'federation',
    'limit',
  ]);
  for (const key of Object.keys(query)) if (!known.has(key)) bad(key);
  if (query.mip !== undefined && !isMip(query.mip)) bad('mip');
  if (query.near !== undefined) checkNear(query.near);
  const { minConfidence } = query;
  if (
    minConfidence !== undefined &&
    !(typeof minConfidence === 'number' && minConfidence >= 0 && minConfidence <= 1)
  ) {
    bad('minConfidence');
  }
  if (query.currency !== undefined && !isText(query.currency, CURRENCY)) bad('currency');
  const { CAPABILITY_NAME_CHARS_MAX, CAPABILITY_LABEL_CHARS_MAX } = capabilityLimits;
  if (query.unit !== undefined && !isText(query.unit, UNIT, CAPABILITY_NAME_CHARS_MAX)) {
    bad('unit');
  }
  if (query.maxPriceMinor !== undefined) {
    if (!isText(query.maxPriceMinor, PRICE_MINOR)) bad('maxPriceMinor');
    if (query.currency === undefined) bad('maxPriceMinor (without a currency)');
  }
  if (query.label !== undefined && !isText(query.label, LABEL, CAPABILITY_LABEL_CHARS_MAX)) {
    bad('label');
  }
  if (query.federation !== undefined && !isText(query.federation, FEDERATION)) bad('federation');
  const limit = query.limit ?? REGISTRY_SEARCH_LIMIT_DEFAULT;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > REGISTRY_SEARCH_LIMIT_MAX) {
    bad(`limit (1..${REGISTRY_SEARCH_LIMIT_MAX})`);
  }
  return { ...query, limit };
}

function checkNear(near: RegistryNear): void {
  const bad = (field: string) => refuse('registry_query_invalid', `query near.${field} is invalid`);
  if (typeof near !== 'object' || near === null) bad('object');
  const inRange = (value: unknown, low: number, high: number) =>
    typeof value === 'number' && value >= low && value <= high;
  if (!inRange(near.lat, -90, 90)) bad('lat');
  if (!inRange(near.lon, -180, 180)) bad('lon');
  if (!inRange(near.radiusKm, 0, REGISTRY_RADIUS_KM_MAX) || near.radiusKm === 0) bad('radiusKm');
}
