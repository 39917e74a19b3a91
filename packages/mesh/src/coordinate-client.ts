/**
 * The coordinate a node, coordinator or client keeps from the RTT samples it already takes
 * (heartbeats, probes): Vivaldi with height and the adaptive, error-weighted timestep
 * (vivaldi.ts), fed through a per-peer median filter (latency-filter.ts) and followed by gravity
 * towards the origin, the two refinements Ledlie, Gardner and Seltzer ("Network Coordinates in
 * the Wild", NSDI 2007) found to matter on a deployed system.
 *
 * Deterministic: the same observations in the same order (and the same tie-breaks) give the same
 * coordinate. No clock, no randomness; the caller owns the timers and the sockets.
 */
import { assert, ok } from '@mycel/kernel';
import {
  EMPTY_LATENCY_WINDOW,
  isFilterSize,
  type LatencyWindow,
  latencyMedian,
  pushLatency,
} from './latency-filter.js';
import {
  COORDINATE_CLIENT_PEERS_MAX,
  COORDINATE_FILTER_SAMPLES,
  COORDINATE_GRAVITY_RHO_MS,
  COORDINATE_GRAVITY_RHO_MS_MIN,
  COORDINATE_PEER_ID_CHARS_MAX,
} from './limits.js';
import { type MeshResult, meshFail } from './mesh-error.js';
import {
  applyGravity,
  initialCoordinate,
  isCoordinate,
  type UpdateOptions,
  updateCoordinate,
  type VivaldiCoordinate,
} from './vivaldi.js';

export interface CoordinateClientOptions {
  /** Dimensions of the Euclidean part; peers' coordinates must have as many. */
  readonly dimensions: number;
  /** Samples per peer the median filter keeps (default COORDINATE_FILTER_SAMPLES; 1 = no filter). */
  readonly filterSamples?: number;
  /** Gravity's rho in ms (default COORDINATE_GRAVITY_RHO_MS); `null` turns gravity off. */
  readonly gravityRhoMs?: number | null;
  /** Most peers with a filter (default and upper bound COORDINATE_CLIENT_PEERS_MAX). */
  readonly peersMax?: number;
  /** Where to start (default initialCoordinate(dimensions)), e.g. a coordinate kept on disk. */
  readonly start?: VivaldiCoordinate;
}

export class CoordinateClient {
  readonly dimensions: number;
  private readonly filterSamples: number;
  private readonly gravityRhoMs: number | null;
  private readonly peersMax: number;
  /** Insertion order is recency order: the first key is the peer heard from longest ago. */
  private readonly windows = new Map<string, LatencyWindow>();
  private current: VivaldiCoordinate;
  private observed = 0;

  /** Options out of range are a bug of the caller and throw. */
  constructor(options: CoordinateClientOptions) {
    this.dimensions = options.dimensions;
    this.current = options.start ?? initialCoordinate(options.dimensions);
    assert(isCoordinate(this.current, this.dimensions), 'the start coordinate is not well formed');
    this.filterSamples = options.filterSamples ?? COORDINATE_FILTER_SAMPLES;
    assert(isFilterSize(this.filterSamples), `filterSamples out of range: ${this.filterSamples}`);
    this.gravityRhoMs =
      options.gravityRhoMs === undefined ? COORDINATE_GRAVITY_RHO_MS : options.gravityRhoMs;
    assert(
      this.gravityRhoMs === null ||
        (Number.isFinite(this.gravityRhoMs) && this.gravityRhoMs >= COORDINATE_GRAVITY_RHO_MS_MIN),
      `gravityRhoMs must be null or at least ${COORDINATE_GRAVITY_RHO_MS_MIN}`,
    );
    this.peersMax = options.peersMax ?? COORDINATE_CLIENT_PEERS_MAX;
    assert(
      Number.isInteger(this.peersMax) &&
        this.peersMax >= 1 &&
        this.peersMax <= COORDINATE_CLIENT_PEERS_MAX,
      `peersMax must be an integer in [1, ${COORDINATE_CLIENT_PEERS_MAX}]`,
    );
  }

  /** The current coordinate: what this party tells others and what predictions use. */
  get coordinate(): VivaldiCoordinate {
    return this.current;
  }

  /** Samples that moved the coordinate so far. */
  get sampleCount(): number {
    return this.observed;
  }

  /** Peers with a filter right now (at most peersMax). */
  get peerCount(): number {
    return this.windows.size;
  }

  /** The filtered RTT to `peerId` (the median of its window), if it was heard from. */
  filteredRttMs(peerId: string): number | undefined {
    const window = this.windows.get(peerId);
    return window === undefined ? undefined : latencyMedian(window);
  }

  /** Drops what is known about a peer (it left the colony). */
  forget(peerId: string): void {
    this.windows.delete(peerId);
  }

  /**
   * One RTT sample to `peerId`, whose coordinate (as it told us) is `peerCoordinate`: the sample
   * joins the peer's window, the coordinate takes one Vivaldi step by the window's median, then
   * gravity pulls it towards the origin. Returns the new coordinate. A rejected sample leaves the
   * client unchanged: `coordinate_peer_invalid` for a peer id that is not a string of 1 to
   * COORDINATE_PEER_ID_CHARS_MAX characters, `coordinate_sample_invalid` for an RTT or a peer
   * coordinate updateCoordinate refuses, `coordinate_dimensions_mismatch` for a coordinate of
   * other dimensions. `peerCoordinate` arrives from the network: it is checked here.
   */
  observe(
    peerId: string,
    peerCoordinate: VivaldiCoordinate,
    rttMs: number,
    options: UpdateOptions = {},
  ): MeshResult<VivaldiCoordinate> {
    if (
      typeof peerId !== 'string' ||
      peerId.length === 0 ||
      peerId.length > COORDINATE_PEER_ID_CHARS_MAX
    ) {
      return meshFail(
        'coordinate_peer_invalid',
        `the peer id is not a string of 1 to ${COORDINATE_PEER_ID_CHARS_MAX} characters`,
      );
    }
    // Checks the raw sample and the peer coordinate before either touches the filter.
    const checked = updateCoordinate(this.current, peerCoordinate, rttMs, options);
    if (!checked.ok) return checked;
    const window = pushLatency(
      this.windows.get(peerId) ?? EMPTY_LATENCY_WINDOW,
      rttMs,
      this.filterSamples,
    );
    this.remember(peerId, window);
    const filteredMs = latencyMedian(window)!;
    const moved =
      filteredMs === rttMs
        ? checked
        : updateCoordinate(this.current, peerCoordinate, filteredMs, options);
    assert(moved.ok, 'a median of accepted samples was refused');
    this.current =
      this.gravityRhoMs === null ? moved.value : applyGravity(moved.value, this.gravityRhoMs);
    this.observed += 1;
    return ok(this.current);
  }

  private remember(peerId: string, window: LatencyWindow): void {
    this.windows.delete(peerId);
    if (this.windows.size >= this.peersMax) {
      const oldest = this.windows.keys().next().value;
      if (oldest !== undefined) this.windows.delete(oldest);
    }
    this.windows.set(peerId, window);
  }
}
