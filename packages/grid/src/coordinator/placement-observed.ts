/**
 * What placement believes about a node when its claims and the coordinator's own observations
 * disagree. Nodes compute their coordinates and report their capacity themselves; a node that
 * lies (to attract sessions, or by a bug) must not win placement on its word alone. Observed
 * behaviour wins:
 *
 * - Coordinates. The coordinator times the pings on every node's control link. The RTT a node's
 *   claimed coordinate predicts from the coordinator's own coordinate can be wrong by Vivaldi's
 *   usual error, but a claim far off the measurement (say, a node in London claiming Madurai to
 *   a coordinator in Chennai) is contradicted: placement adds the difference to that node's
 *   height, so it looks at least as far from every client as the measurement says it is off, and
 *   it serves as no landmark and no peer. The coordinator's own coordinate is fitted to the same
 *   observations (nodes' claims and the RTTs it measured), dropping the contradicted ones and
 *   fitting again. A lie that keeps the claimed distance to the coordinator (another point on the
 *   same sphere around it) is not caught here: clients' own probes of the top candidates are
 *   (placement.ts, measured RTTs replace predictions).
 * - Capacity. A reservation that never attached although the node claimed a free slot (the node
 *   refused the client, or never answered) caps that class at the sessions the coordinator has
 *   seen the node hold then (at least CAPACITY_CAP_FLOOR); each time the node fills its cap with
 *   attached sessions the cap rises by one, and it lifts once it reaches the claimed capacity.
 *
 * Each discount has a stable code (PLACEMENT_DISCOUNT_CODES), shown in the node's summary.
 * Pure functions; node-table.ts keeps the state.
 */
import { fitCoordinate, isCoordinate, isRttSample, predictRttMs } from '@mycel/mesh';
import {
  OBSERVED_CLAIM_ERROR_MAX,
  OBSERVED_RTT_SLACK_MS,
  OBSERVED_RTT_TOLERANCE,
  OBSERVER_FIT_SAMPLES_MAX,
  OBSERVER_FIT_SAMPLES_MIN,
} from '../limits.js';
import type { NetworkCoordinate } from './network-coordinate.js';

export const PLACEMENT_DISCOUNT_CODES = {
  coordinate_contradicted:
    "the coordinator's observed RTT to the node and the RTT the node's claimed coordinate predicts differ by more than OBSERVED_RTT_TOLERANCE and OBSERVED_RTT_SLACK_MS; placement adds the difference to the node's height and uses it as no landmark or peer",
  capacity_unproven:
    'a reservation on the node never attached while the node claimed a free slot; the class is capped at the sessions the node held then, raised by one each time it fills the cap',
} as const;

export type PlacementDiscountCode = keyof typeof PLACEMENT_DISCOUNT_CODES;

/** One claim placement discounts, as the node's summary shows it. */
export interface PlacementDiscount {
  readonly code: PlacementDiscountCode;
  readonly message: string;
}

/** The RTT placement trusts from a node's recent control-link samples: their minimum. */
export function observedRttMs(samples: readonly number[]): number | undefined {
  if (samples.length === 0) return undefined;
  let least = Number.POSITIVE_INFINITY;
  for (const sample of samples) least = Math.min(least, sample);
  return least;
}

/**
 * How far the node's claim is from what the coordinator observes, in ms: 0 when the observation
 * is consistent with the claim (or cannot be compared: no observer coordinate, other dimensions),
 * else |observed − predicted|. A claim whose error estimate is above OBSERVED_CLAIM_ERROR_MAX
 * (a coordinate still settling) is not judged. Consistent means the larger of the two is within
 * OBSERVED_RTT_TOLERANCE of the smaller, plus OBSERVED_RTT_SLACK_MS. Both directions count: a
 * node claiming to be nearer the coordinator than it is claims to be near clients it is not
 * near, and one claiming to be farther claims some other place altogether.
 */
export function coordinateExcessMs(
  claimed: NetworkCoordinate,
  observer: NetworkCoordinate | undefined,
  observedMs: number | undefined,
): number {
  if (observer === undefined || observedMs === undefined) return 0;
  if (observer.vector.length !== claimed.vector.length) return 0;
  // An unsettled claim is not judged yet (OBSERVED_CLAIM_ERROR_MAX).
  if (!(claimed.error <= OBSERVED_CLAIM_ERROR_MAX)) return 0;
  const predictedMs = predictRttMs(observer, claimed);
  const lowMs = Math.min(predictedMs, observedMs);
  const highMs = Math.max(predictedMs, observedMs);
  return highMs > lowMs * (1 + OBSERVED_RTT_TOLERANCE) + OBSERVED_RTT_SLACK_MS ? highMs - lowMs : 0;
}

/** A node's claim and what the coordinator measured to it. */
export interface Observation {
  readonly claimed: NetworkCoordinate;
  readonly rttMs: number;
}

/**
 * The coordinator's own coordinate, fitted to its observations (at most OBSERVER_FIT_SAMPLES_MAX,
 * in the order given): a first fit on all of them, then, when that fit contradicts some, a second
 * fit without those. Undefined with fewer than OBSERVER_FIT_SAMPLES_MIN observations of one
 * dimension count (the first observation's), or when the first fit contradicts half of them or
 * more (coordinates not settled yet: nobody is discounted).
 */
export function fitObserver(observations: readonly Observation[]): NetworkCoordinate | undefined {
  const dimensions = observations[0]?.claimed.vector.length;
  if (dimensions === undefined) return undefined;
  const usable = observations
    .filter((observation) => observation.claimed.vector.length === dimensions)
    .slice(0, OBSERVER_FIT_SAMPLES_MAX);
  const first = fitTo(usable, dimensions);
  if (first === undefined) return undefined;
  const consistent = usable.filter(
    (observation) => coordinateExcessMs(observation.claimed, first, observation.rttMs) === 0,
  );
  if (consistent.length === usable.length) return first;
  // Liars are assumed to be a minority. When most claims disagree with the measurements, the
  // coordinates have not settled yet (every node starts at the origin), or the coordinator's
  // own links are slow: no fit is trusted, so no honest node is discounted for it.
  if (consistent.length * 2 <= usable.length) return undefined;
  return fitTo(consistent, dimensions) ?? first;
}

function fitTo(
  observations: readonly Observation[],
  dimensions: number,
): NetworkCoordinate | undefined {
  // Claims pass usableCoordinate only; a fit needs mesh's stricter bounds (error, height).
  const samples = observations.flatMap((observation) => {
    const remote = {
      vector: observation.claimed.vector,
      height: observation.claimed.height,
      error: observation.claimed.error,
    };
    return isCoordinate(remote) && isRttSample(observation.rttMs)
      ? [{ remote, rttMs: observation.rttMs }]
      : [];
  });
  if (samples.length < OBSERVER_FIT_SAMPLES_MIN) return undefined;
  const fitted = fitCoordinate(samples, { dimensions });
  return fitted.ok ? fitted.value : undefined;
}
