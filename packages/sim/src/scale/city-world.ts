/**
 * A world of parties (nodes, clients, coordinators) placed in the cities of a measured latency
 * matrix (WonderNetwork 2018 by default). The true RTT between two parties is the RTT between
 * their cities plus each one's access-link delay; a measured sample adds queueing noise on top
 * (never below the truth) and now and then a spike, as real pings do. Everything random comes
 * from the caller's seeded Prng, so one seed gives one world and one sequence of samples.
 *
 * Used by the placement-quality and scale-sim benchmarks and the scale simulation's tests; it is
 * the stand-in for the network, never part of what is measured.
 */
import { estimateOneWayMs, type LatencyMatrix } from '@mycel/mesh';
import type { Prng } from '../prng.js';

/** Where a party sits: a city of the matrix and the delay of its own access link. */
export interface Placed {
  readonly city: number;
  /** Round-trip delay of the party's access link, in ms (added to every RTT it takes part in). */
  readonly accessMs: number;
}

export interface SampleNoise {
  /** Mean of the exponential queueing delay added to a sample, as a fraction of the true RTT. */
  readonly queueFraction: number;
  /** Fraction of samples that hit a spike (a busy peer, a retransmission). */
  readonly spikeRate: number;
  /** A spike multiplies the true RTT by a factor drawn in [1, 1 + spikeFactor]. */
  readonly spikeFactor: number;
}

/** Noise of a ping over a quiet Internet path: 2 % queueing, 2 % of samples up to 3× slower. */
export const DEFAULT_NOISE: SampleNoise = { queueFraction: 0.02, spikeRate: 0.02, spikeFactor: 2 };

export class CityWorld {
  /** Symmetric city-to-city RTT in ms, row-major (cities × cities). */
  private readonly cityRtt: Float64Array;
  readonly cityCount: number;

  constructor(
    readonly matrix: LatencyMatrix,
    readonly noise: SampleNoise = DEFAULT_NOISE,
  ) {
    const count = matrix.cities.length;
    this.cityCount = count;
    this.cityRtt = new Float64Array(count * count);
    for (let from = 0; from < count; from++) {
      for (let to = from + 1; to < count; to++) {
        const rtt = symmetricRttMs(matrix, from, to);
        this.cityRtt[from * count + to] = rtt;
        this.cityRtt[to * count + from] = rtt;
      }
    }
  }

  /** The city-to-city RTT: the mean of both measured directions, else one, else geography. */
  cityRttMs(from: number, to: number): number {
    return this.cityRtt[from * this.cityCount + to]!;
  }

  /** A party in a city drawn uniformly, with an access delay drawn in [minMs, maxMs]. */
  place(random: Prng, minAccessMs: number, maxAccessMs: number): Placed {
    return {
      city: random.below(this.cityCount),
      accessMs: minAccessMs + random.float() * (maxAccessMs - minAccessMs),
    };
  }

  /** The true RTT between two parties. */
  trueRttMs(a: Placed, b: Placed): number {
    return this.cityRttMs(a.city, b.city) + a.accessMs + b.accessMs;
  }

  /** One measured ping: the true RTT plus queueing, sometimes a spike. */
  sampleRttMs(a: Placed, b: Placed, random: Prng): number {
    const trueMs = this.trueRttMs(a, b);
    const queueMs = -Math.log(1 - random.float()) * this.noise.queueFraction * trueMs;
    const spike =
      random.float() < this.noise.spikeRate ? random.float() * this.noise.spikeFactor : 0;
    return trueMs * (1 + spike) + queueMs;
  }

  /** The fastest of `pings` samples, as the SDK keeps per landmark. */
  fastestRttMs(a: Placed, b: Placed, random: Prng, pings: number): number {
    let fastest = Number.POSITIVE_INFINITY;
    for (let ping = 0; ping < pings; ping++) {
      fastest = Math.min(fastest, this.sampleRttMs(a, b, random));
    }
    return fastest;
  }
}

function symmetricRttMs(matrix: LatencyMatrix, a: number, b: number): number {
  const forward = matrix.rttMs(a, b);
  const backward = matrix.rttMs(b, a);
  if (forward !== undefined && backward !== undefined) return (forward + backward) / 2;
  const one = forward ?? backward;
  if (one !== undefined) return one;
  return 2 * estimateOneWayMs(matrix.cities[a]!, matrix.cities[b]!);
}
