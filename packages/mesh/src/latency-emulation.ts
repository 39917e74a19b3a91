/**
 * The devnet's emulated network, from a measured latency matrix. Every devnet process plays one
 * city; the receiver of a message delays it by the one-way delay from the sender's city, so a
 * request and its response together take one measured RTT. The result has the shape of
 * @mycel/wire's LatencyEmulation (mesh may not import wire; the types match structurally).
 */
import { type GeoPoint, greatCircleKm } from './great-circle.js';
import { EMULATION_FIBRE_KM_PER_MS, EMULATION_ONE_WAY_OVERHEAD_MS } from './limits.js';

/** What emulation needs of a matrix; LatencyMatrix has it. */
export interface LatencySource {
  readonly cities: readonly GeoPoint[];
  indexOf(name: string): number | undefined;
  rttMs(from: number, to: number): number | undefined;
}

export interface EmulatedLatency {
  /** The city this process plays. */
  readonly city: string;
  /** Delay of a message from `fromCity` to `toCity`, in ms. Throws for a city not in the matrix. */
  oneWayMs(fromCity: string, toCity: string): number;
}

/**
 * Emulation for the process playing `city`. One-way delay is half the measured RTT in that
 * direction (the reverse direction when only it was measured). A pair measured in neither
 * direction gets estimateOneWayMs from the two cities' locations. An unknown city is a
 * configuration bug: it throws an Error that names the city, here or in oneWayMs.
 */
export function emulationFromMatrix(matrix: LatencySource, city: string): EmulatedLatency {
  indexOfCity(matrix, city);
  return {
    city,
    oneWayMs(fromCity, toCity) {
      const from = indexOfCity(matrix, fromCity);
      const to = indexOfCity(matrix, toCity);
      const rttMs = matrix.rttMs(from, to);
      if (rttMs !== undefined) return rttMs / 2;
      return estimateOneWayMs(matrix.cities[from]!, matrix.cities[to]!);
    },
  };
}

/**
 * One-way delay estimated from geography alone: the time light in fibre (about 2/3 c) needs for
 * the great-circle distance, plus a fixed EMULATION_ONE_WAY_OVERHEAD_MS for routing detours,
 * queues and access links. Real paths are longer than great circles, so long pairs come out
 * fast: over the measured WonderNetwork pairs the median relative error is 0.31. The matrix has
 * no RTT in either direction for 18 of its 29,161 pairs, so the devnet rarely needs this.
 */
export function estimateOneWayMs(from: GeoPoint, to: GeoPoint): number {
  return EMULATION_ONE_WAY_OVERHEAD_MS + greatCircleKm(from, to) / EMULATION_FIBRE_KM_PER_MS;
}

function indexOfCity(matrix: LatencySource, city: string): number {
  const index = matrix.indexOf(city);
  if (index === undefined || matrix.cities[index] === undefined) {
    throw new Error(`emulated city ${JSON.stringify(city)} is not in the latency matrix`);
  }
  return index;
}
