/**
 * Vivaldi network coordinates with height (Dabek, Cox, Kaashoek, Morris: "Vivaldi: A
 * Decentralized Network Coordinate System", SIGCOMM 2004). Each node holds a point; the distance
 * between two points predicts their round-trip time. After each measured RTT a node moves its own
 * point a little towards where that sample says it should be.
 *
 * The height-vector model (§5.3): a coordinate is a Euclidean vector plus a height, the delay of
 * the node's access link, so distance = ‖xa − xb‖ + ha + hb. Heights stay at or above
 * COORDINATE_HEIGHT_MS_MIN. The adaptive timestep (§4) moves a node more when it is less sure of
 * its point than its peer is: δ = cc · el / (el + er), with cc = ce = 0.25.
 *
 * Pure and deterministic: no clock and no randomness. Where the algorithm wants a random direction
 * (two points that coincide), the caller passes a number or the sample itself supplies one.
 */
import { assert, ok } from '@mycel/kernel';
import {
  COORDINATE_COINCIDENT_MS,
  COORDINATE_COMPONENT_MS_MAX,
  COORDINATE_DIMENSIONS_MAX,
  COORDINATE_DIMENSIONS_MIN,
  COORDINATE_ERROR_MAX,
  COORDINATE_ERROR_MIN,
  COORDINATE_HEIGHT_MS_MAX,
  COORDINATE_HEIGHT_MS_MIN,
  RTT_SAMPLE_MS_MAX,
  VIVALDI_ERROR_FRACTION,
  VIVALDI_MOVE_FRACTION,
} from './limits.js';
import { type MeshResult, meshFail } from './mesh-error.js';

export interface VivaldiCoordinate {
  /** The Euclidean part, in ms. */
  readonly vector: readonly number[];
  /** Delay of the node's access link, in ms; never below COORDINATE_HEIGHT_MS_MIN. */
  readonly height: number;
  /** The node's estimate of its own relative prediction error (0.1 = 10 %). */
  readonly error: number;
}

export interface UpdateOptions {
  /**
   * Picks the direction of the push when the two Euclidean parts coincide, where Dabek et al.
   * choose a random direction. Any finite number: a draw from the caller's seeded PRNG, or a hash
   * of the two node ids. Without it the direction is a hash of the sample (RTT, heights, errors),
   * which differs from peer to peer because their RTTs differ. The same number always gives the
   * same direction.
   */
  readonly tieBreak?: number;
}

/** Where a new node starts: the origin, the smallest height, and the largest error. */
export function initialCoordinate(dimensions: number): VivaldiCoordinate {
  assert(
    isDimensionCount(dimensions),
    `dimensions must be an integer in [${COORDINATE_DIMENSIONS_MIN}, ${COORDINATE_DIMENSIONS_MAX}]: ${dimensions}`,
  );
  return {
    vector: new Array<number>(dimensions).fill(0),
    height: COORDINATE_HEIGHT_MS_MIN,
    error: COORDINATE_ERROR_MAX,
  };
}

/** Predicted RTT between two coordinates, in ms: ‖xa − xb‖ + ha + hb. */
export function predictRttMs(a: VivaldiCoordinate, b: VivaldiCoordinate): number {
  assert(a.vector.length === b.vector.length, 'coordinates of different dimensions');
  // Heights summed first: floating-point addition commutes, so a→b and b→a agree bit for bit.
  return euclideanMs(a.vector, b.vector) + (a.height + b.height);
}

/**
 * One Vivaldi step: `local` moved according to one RTT it measured to the node at `remote`.
 * Returns a new coordinate and leaves both inputs untouched. An invalid sample is an expected
 * failure, not a reason to move: an RTT that is not finite, not above zero (a 0 ms reading is
 * below the clock's resolution; round it up to that resolution) or above RTT_SAMPLE_MS_MAX, or a
 * remote coordinate that fails isCoordinate, gives `coordinate_sample_invalid`; a remote of other
 * dimensions gives `coordinate_dimensions_mismatch`. A malformed `local` is a bug and throws.
 */
export function updateCoordinate(
  local: VivaldiCoordinate,
  remote: VivaldiCoordinate,
  measuredRttMs: number,
  options: UpdateOptions = {},
): MeshResult<VivaldiCoordinate> {
  assert(isCoordinate(local), 'the local coordinate is not a well-formed coordinate');
  if (!isRttSample(measuredRttMs)) {
    return meshFail(
      'coordinate_sample_invalid',
      `RTT sample ${String(measuredRttMs)} is not a number in (0, ${RTT_SAMPLE_MS_MAX}] ms`,
    );
  }
  if (!isCoordinate(remote)) {
    return meshFail('coordinate_sample_invalid', 'the remote coordinate is not well formed');
  }
  if (remote.vector.length !== local.vector.length) {
    return meshFail(
      'coordinate_dimensions_mismatch',
      `the remote coordinate has ${remote.vector.length} dimensions, the local one ${local.vector.length}`,
    );
  }
  const tieBreak = options.tieBreak ?? sampleTieBreak(local, remote, measuredRttMs);
  return ok(applySample(local, remote, measuredRttMs, tieBreak));
}

/**
 * Gravity towards the origin (Ledlie, Gardner, Seltzer, "Network Coordinates in the Wild", NSDI
 * 2007): the Euclidean part moves (‖x‖ / rhoMs)² ms straight towards the origin, and no further
 * than the origin. Vivaldi only fixes distances, so without it a whole system of points may
 * slide, slowly and together, anywhere; the pull grows with the square of the distance, so it is
 * negligible at Internet scale (tens of ms) and decisive far out. Height and error are kept.
 */
export function applyGravity(coordinate: VivaldiCoordinate, rhoMs: number): VivaldiCoordinate {
  assert(Number.isFinite(rhoMs) && rhoMs > 0, `gravity rho must be a positive number: ${rhoMs}`);
  const normMs = Math.sqrt(
    coordinate.vector.reduce((sum, component) => sum + component * component, 0),
  );
  if (normMs <= COORDINATE_COINCIDENT_MS) return coordinate;
  const pullMs = (normMs / rhoMs) ** 2;
  const scale = pullMs >= normMs ? 0 : (normMs - pullMs) / normMs;
  return {
    vector: coordinate.vector.map((component) => component * scale),
    height: coordinate.height,
    error: coordinate.error,
  };
}

/**
 * Whether `value` is a coordinate this node may use: an object with exactly `vector`, `height`
 * and `error`, every number finite and inside the COORDINATE_* bounds, and (when `dimensions` is
 * given) a vector of that many components. Coordinates arrive from peers over the network: this
 * is where that attacker-controlled input is checked.
 */
export function isCoordinate(value: unknown, dimensions?: number): value is VivaldiCoordinate {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length !== 3) return false;
  if (!Object.hasOwn(record, 'vector') || !Object.hasOwn(record, 'height')) return false;
  if (!Object.hasOwn(record, 'error')) return false;
  const { vector, height, error } = record;
  if (!Array.isArray(vector) || !isDimensionCount(vector.length)) return false;
  if (dimensions !== undefined && vector.length !== dimensions) return false;
  for (let index = 0; index < vector.length; index++) {
    const component: unknown = vector[index];
    if (typeof component !== 'number' || !Number.isFinite(component)) return false;
    if (Math.abs(component) > COORDINATE_COMPONENT_MS_MAX) return false;
  }
  return (
    isNumberIn(height, COORDINATE_HEIGHT_MS_MIN, COORDINATE_HEIGHT_MS_MAX) &&
    isNumberIn(error, COORDINATE_ERROR_MIN, COORDINATE_ERROR_MAX)
  );
}

/** Whether `value` is an RTT sample updateCoordinate accepts: finite, above 0, at most the max. */
export function isRttSample(value: unknown): value is number {
  return (
    typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= RTT_SAMPLE_MS_MAX
  );
}

function applySample(
  local: VivaldiCoordinate,
  remote: VivaldiCoordinate,
  rttMs: number,
  tieBreak: number,
): VivaldiCoordinate {
  // Dabek et al. fig. 3 with the adaptive timestep of §4.
  const weight = local.error / (local.error + remote.error);
  const predictedMs = predictRttMs(local, remote);
  const sampleError = Math.abs(predictedMs - rttMs) / rttMs;
  const errorShare = VIVALDI_ERROR_FRACTION * weight;
  const error = clamp(
    sampleError * errorShare + local.error * (1 - errorShare),
    COORDINATE_ERROR_MIN,
    COORDINATE_ERROR_MAX,
  );
  // Positive: the points are too close for this RTT, so local moves away from remote.
  const stepMs = VIVALDI_MOVE_FRACTION * weight * (rttMs - predictedMs);
  const direction = directionAway(local, remote, predictedMs, tieBreak);
  const vector = local.vector.map((component, index) =>
    clamp(
      component + stepMs * direction.vector[index]!,
      -COORDINATE_COMPONENT_MS_MAX,
      COORDINATE_COMPONENT_MS_MAX,
    ),
  );
  const height = clamp(
    local.height + stepMs * direction.height,
    COORDINATE_HEIGHT_MS_MIN,
    COORDINATE_HEIGHT_MS_MAX,
  );
  return { vector, height, error };
}

/**
 * The unit height vector pointing from remote to local (§5.3): [xl − xr, hl + hr] divided by its
 * norm ‖xl − xr‖ + hl + hr, which is the predicted RTT. When the Euclidean parts coincide there
 * is no direction to take from them, so the Euclidean part of the push follows a unit vector
 * derived from `tieBreak` and the heights stay put (pushing only the heights would never separate
 * nodes that all start at the origin).
 */
function directionAway(
  local: VivaldiCoordinate,
  remote: VivaldiCoordinate,
  predictedMs: number,
  tieBreak: number,
): { vector: readonly number[]; height: number } {
  const distanceMs = euclideanMs(local.vector, remote.vector);
  if (distanceMs <= COORDINATE_COINCIDENT_MS) {
    return { vector: seededUnitVector(local.vector.length, tieBreak), height: 0 };
  }
  return {
    vector: local.vector.map(
      (component, index) => (component - remote.vector[index]!) / predictedMs,
    ),
    height: (local.height + remote.height) / predictedMs,
  };
}

function euclideanMs(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) {
    const difference = a[index]! - b[index]!;
    sum += difference * difference;
  }
  return Math.sqrt(sum);
}

/** A unit vector that depends only on (dimensions, seed). */
function seededUnitVector(dimensions: number, seed: number): number[] {
  let state = hashNumber(seed);
  const vector: number[] = [];
  let sumOfSquares = 0;
  for (let index = 0; index < dimensions; index++) {
    state = mix32((state + 0x9e3779b9) >>> 0);
    const component = (state / 0x1_0000_0000) * 2 - 1;
    vector.push(component);
    sumOfSquares += component * component;
  }
  const norm = Math.sqrt(sumOfSquares);
  if (norm < 1e-9) return vector.map((_, index) => (index === 0 ? 1 : 0));
  return vector.map((component) => component / norm);
}

/** The default tie-break: a hash of everything in the sample besides the (equal) vectors. */
function sampleTieBreak(
  local: VivaldiCoordinate,
  remote: VivaldiCoordinate,
  rttMs: number,
): number {
  let hash = hashNumber(rttMs);
  for (const value of [local.height, local.error, remote.height, remote.error]) {
    hash = mix32((hash ^ hashNumber(value)) >>> 0);
  }
  return hash;
}

/** 32 bits that depend on every bit of a float64. */
function hashNumber(value: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  return mix32((view.getUint32(0) ^ mix32(view.getUint32(4))) >>> 0);
}

/** The MurmurHash3 32-bit finaliser: every input bit affects every output bit. */
function mix32(value: number): number {
  let hash = value >>> 0;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** Whether `value` is a dimension count a coordinate may have. */
export function isDimensionCount(value: number): boolean {
  return (
    Number.isInteger(value) &&
    value >= COORDINATE_DIMENSIONS_MIN &&
    value <= COORDINATE_DIMENSIONS_MAX
  );
}

function isNumberIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
