/**
 * The canopy summary's shape, checked by hand (MMP Core has no schema library): every field of
 * the right type and in range, no field more. A summary arrives from the network, so until this
 * check passes every field is attacker-controlled.
 */
import {
  COLONY_ID_PATTERN,
  CONTENT_ID_PATTERN,
  type JsonValue,
  SIGNATURE_ALGS,
  type SignatureEntry,
} from '@mycel/kernel';
import {
  CANOPY_AGENT_CHARS_MAX,
  CANOPY_CLASS_CHARS_MAX,
  CANOPY_CLASSES_MAX,
  CANOPY_DID_CHARS_MAX,
  CANOPY_KID_CHARS_MAX,
  CANOPY_PRICE_BANDS_MAX,
  CANOPY_PRICE_DIGITS_MAX,
  CANOPY_SEQ_MAX,
  CANOPY_SIGNATURE_CHARS_MAX,
  CANOPY_SLOTS_MAX,
  CANOPY_URL_CHARS_MAX,
  CANOPY_WARM_AGENTS_MAX,
} from '../limits.js';
import { type MeshResult, meshFail } from '../mesh-error.js';
import { isCoordinate, type VivaldiCoordinate } from '../vivaldi.js';

/** Free and total slots of one latency class, summed over the colony's placeable nodes. */
export interface ClassSlots {
  readonly free: number;
  readonly total: number;
}

/** The lowest and highest price per second (integer minor units) the colony's nodes charge. */
export interface PriceBand {
  readonly currency: string;
  readonly minMinor: string;
  readonly maxMinor: string;
}

export interface CanopySummary {
  readonly v: 1;
  readonly kind: 'canopy-summary';
  /** The identity (did) of the coordinator that issued and signed the summary. */
  readonly coordinator: string;
  /** Where the coordinator answers canopy requests (POST /v1/canopy/place). */
  readonly url: string;
  readonly federation: string;
  readonly colony: string;
  /** Strictly increasing per coordinator; a receiver keeps only the highest. */
  readonly seq: number;
  /** When the coordinator issued it, in ms since the epoch (its own clock). */
  readonly issuedAtMs: number;
  /** Latency class name → free/total slots. */
  readonly capacity: { readonly [latencyClass: string]: ClassSlots };
  readonly warmAgents: readonly string[];
  readonly prices: readonly PriceBand[];
  /** The coordinator's own network coordinate, for predicting RTT to a client. */
  readonly coordinate?: VivaldiCoordinate;
  readonly id: string;
  readonly signatures: readonly SignatureEntry[];
}

const FEDERATION_ID = /^[a-z0-9][a-z0-9.-]{0,62}$/;
const COLONY_ID = new RegExp(COLONY_ID_PATTERN);
const CONTENT_ID = new RegExp(CONTENT_ID_PATTERN);
const CLASS_NAME = new RegExp(`^[a-z][a-z0-9-]{0,${CANOPY_CLASS_CHARS_MAX - 1}}$`);
const URL_PATTERN = /^https?:\/\/[^\s]+$/;
const DID_PATTERN = /^did:[a-z0-9]+:[A-Za-z0-9._:%-]+$/;
const CURRENCY = /^[A-Z]{3}$/;
const MINOR = new RegExp(`^(0|[1-9][0-9]{0,${CANOPY_PRICE_DIGITS_MAX - 1}})$`);
const KEYS = [
  'v',
  'kind',
  'coordinator',
  'url',
  'federation',
  'colony',
  'seq',
  'issuedAtMs',
  'capacity',
  'warmAgents',
  'prices',
  'coordinate',
  'id',
  'signatures',
];
const OPTIONAL = new Set(['coordinate']);

type Fields = { readonly [key: string]: unknown };

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string matching `pattern`; `maxChars` bounds patterns that do not bound length themselves. */
function isText(
  value: unknown,
  pattern: RegExp,
  maxChars = Number.POSITIVE_INFINITY,
): value is string {
  return typeof value === 'string' && value.length <= maxChars && pattern.test(value);
}

function isCount(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= max;
}

function hasExactly(value: Fields, keys: readonly string[], optional: ReadonlySet<string>) {
  for (const key of Object.keys(value)) if (!keys.includes(key)) return false;
  return keys.every((key) => optional.has(key) || Object.hasOwn(value, key));
}

function refuse(field: string, what: string): MeshResult<never> {
  return meshFail('summary_schema_invalid', `/${field}: ${what}`);
}

/** The summary if `value` has the summary shape with every field in range. */
export function checkSummaryShape(value: JsonValue | unknown): MeshResult<CanopySummary> {
  if (!isObject(value)) return refuse('', 'a summary is an object');
  if (!hasExactly(value, KEYS, OPTIONAL)) {
    return refuse('', `a summary has exactly the fields ${KEYS.join(', ')} (coordinate optional)`);
  }
  if (value.v !== 1 || value.kind !== 'canopy-summary') {
    return refuse('kind', 'v is 1 and kind is canopy-summary');
  }
  if (!isText(value.coordinator, DID_PATTERN, CANOPY_DID_CHARS_MAX))
    return refuse('coordinator', 'not a did');
  if (!isText(value.url, URL_PATTERN, CANOPY_URL_CHARS_MAX)) return refuse('url', 'not a URL');
  if (!isText(value.federation, FEDERATION_ID)) {
    return refuse('federation', 'not a federation id');
  }
  if (!isText(value.colony, COLONY_ID)) return refuse('colony', 'not a colony id');
  if (!isCount(value.seq, CANOPY_SEQ_MAX) || value.seq < 1) {
    return refuse('seq', 'a whole number ≥ 1');
  }
  if (!isCount(value.issuedAtMs, Number.MAX_SAFE_INTEGER)) {
    return refuse('issuedAtMs', 'ms since the epoch');
  }
  const capacity = checkCapacity(value.capacity);
  if (!capacity.ok) return capacity;
  const warm = value.warmAgents;
  if (
    !Array.isArray(warm) ||
    warm.length > CANOPY_WARM_AGENTS_MAX ||
    !warm.every(
      (agent) =>
        typeof agent === 'string' && agent.length >= 1 && agent.length <= CANOPY_AGENT_CHARS_MAX,
    ) ||
    new Set(warm).size !== warm.length
  ) {
    return refuse('warmAgents', `at most ${CANOPY_WARM_AGENTS_MAX} distinct agent references`);
  }
  const prices = checkPrices(value.prices);
  if (!prices.ok) return prices;
  if (value.coordinate !== undefined && !isCoordinate(value.coordinate)) {
    return refuse('coordinate', 'not a well-formed network coordinate');
  }
  if (!isText(value.id, CONTENT_ID)) return refuse('id', 'not a content id');
  const signatures = value.signatures;
  if (!Array.isArray(signatures) || signatures.length !== 1 || !isSignature(signatures[0])) {
    return refuse('signatures', 'exactly one signature entry');
  }
  return { ok: true, value: value as unknown as CanopySummary };
}

function checkCapacity(capacity: unknown): MeshResult<true> {
  if (!isObject(capacity)) return refuse('capacity', 'an object of latency classes');
  const classes = Object.keys(capacity);
  if (classes.length > CANOPY_CLASSES_MAX) {
    return refuse('capacity', `at most ${CANOPY_CLASSES_MAX} classes`);
  }
  for (const name of classes) {
    const slots = capacity[name];
    if (
      !CLASS_NAME.test(name) ||
      !isObject(slots) ||
      !hasExactly(slots, ['free', 'total'], new Set()) ||
      !isCount(slots.free, CANOPY_SLOTS_MAX) ||
      !isCount(slots.total, CANOPY_SLOTS_MAX) ||
      slots.free > slots.total
    ) {
      return refuse(`capacity/${name}`, 'free and total slots, free ≤ total');
    }
  }
  return { ok: true, value: true };
}

function checkPrices(prices: unknown): MeshResult<true> {
  if (!Array.isArray(prices) || prices.length > CANOPY_PRICE_BANDS_MAX) {
    return refuse('prices', `at most ${CANOPY_PRICE_BANDS_MAX} price bands`);
  }
  const currencies = new Set<string>();
  for (const [index, band] of prices.entries()) {
    if (
      !isObject(band) ||
      !hasExactly(band, ['currency', 'minMinor', 'maxMinor'], new Set()) ||
      !isText(band.currency, CURRENCY) ||
      !isText(band.minMinor, MINOR) ||
      !isText(band.maxMinor, MINOR) ||
      BigInt(band.minMinor) > BigInt(band.maxMinor) ||
      currencies.has(band.currency)
    ) {
      return refuse(`prices/${index}`, 'one band per currency, minMinor ≤ maxMinor');
    }
    currencies.add(band.currency);
  }
  return { ok: true, value: true };
}

function isSignature(entry: unknown): entry is SignatureEntry {
  return (
    isObject(entry) &&
    hasExactly(entry, ['kid', 'alg', 'sig'], new Set()) &&
    typeof entry.kid === 'string' &&
    entry.kid.length <= CANOPY_KID_CHARS_MAX &&
    SIGNATURE_ALGS.includes(entry.alg as never) &&
    typeof entry.sig === 'string' &&
    entry.sig.length <= CANOPY_SIGNATURE_CHARS_MAX
  );
}
