/**
 * The WonderNetwork 2018 matrix (data/wondernetwork-2018) and a Vivaldi run over part of it,
 * shared by the coordinate tests.
 */
import { readFileSync } from 'node:fs';
import {
  CoordinateClient,
  initialCoordinate,
  type LatencyCity,
  type LatencyMatrix,
  parseLatencyMatrix,
  predictRttMs,
  updateCoordinate,
  type VivaldiCoordinate,
} from '../src/index.js';
import { randomIndex, seededRandom } from './seeded-random.js';

const DATA = new URL('../data/wondernetwork-2018/', import.meta.url);

export function readWonderNetworkText(): { tsv: string; csv: string } {
  return {
    tsv: readFileSync(new URL('rtt_avg_ms.tsv', DATA), 'utf8'),
    csv: readFileSync(new URL('cities.csv', DATA), 'utf8'),
  };
}

export function loadWonderNetwork(): LatencyMatrix {
  const { tsv, csv } = readWonderNetworkText();
  const parsed = parseLatencyMatrix(tsv, csv);
  if (!parsed.ok) throw new Error(`the WonderNetwork data does not parse: ${parsed.error.message}`);
  return parsed.value;
}

/**
 * `count` cities spread evenly over the alphabetical list of cities measured in both directions
 * to every other city with an RTT above zero (an even spread is a global one: names are not
 * grouped by region).
 */
export function wellMeasuredCities(matrix: LatencyMatrix, count: number): LatencyCity[] {
  const measured = (from: number, to: number) => (matrix.rttMs(from, to) ?? 0) > 0;
  const complete = matrix.cities.filter((city) =>
    matrix.cities.every(
      (other) =>
        other.index === city.index ||
        (measured(city.index, other.index) && measured(other.index, city.index)),
    ),
  );
  const stride = complete.length / count;
  return Array.from({ length: count }, (_, position) => complete[Math.floor(position * stride)]!);
}

/** Measured RTT between two cities known to be measured. */
export function rttBetween(matrix: LatencyMatrix, from: LatencyCity, to: LatencyCity): number {
  const rttMs = matrix.rttMs(from.index, to.index);
  if (rttMs === undefined) throw new Error(`${from.name} → ${to.name} was not measured`);
  return rttMs;
}

/**
 * Vivaldi as the paper runs it: every round each node measures one peer picked at random (from a
 * seeded PRNG) and updates its own coordinate.
 */
export function convergeCoordinates(
  matrix: LatencyMatrix,
  cities: readonly LatencyCity[],
  options: { dimensions: number; rounds: number; seed: number },
): VivaldiCoordinate[] {
  const random = seededRandom(options.seed);
  const coordinates = cities.map(() => initialCoordinate(options.dimensions));
  for (let round = 0; round < options.rounds; round++) {
    for (const [node, city] of cities.entries()) {
      let peer = randomIndex(random, cities.length - 1);
      if (peer >= node) peer++;
      const rttMs = rttBetween(matrix, city, cities[peer]!);
      const updated = updateCoordinate(coordinates[node]!, coordinates[peer]!, rttMs, {
        tieBreak: random(),
      });
      if (!updated.ok) throw new Error(updated.error.message);
      coordinates[node] = updated.value;
    }
  }
  return coordinates;
}

/**
 * The same rounds through the CoordinateClient nodes run (median filter and gravity on top of
 * Vivaldi): every round each node probes one peer picked at random (seeded).
 */
export function convergeClients(
  matrix: LatencyMatrix,
  cities: readonly LatencyCity[],
  options: { dimensions: number; rounds: number; seed: number },
): VivaldiCoordinate[] {
  const random = seededRandom(options.seed);
  const clients = cities.map(() => new CoordinateClient({ dimensions: options.dimensions }));
  for (let round = 0; round < options.rounds; round++) {
    for (const [node, city] of cities.entries()) {
      let peer = randomIndex(random, cities.length - 1);
      if (peer >= node) peer++;
      const rttMs = rttBetween(matrix, city, cities[peer]!);
      const observed = clients[node]!.observe(
        cities[peer]!.name,
        clients[peer]!.coordinate,
        rttMs,
        {
          tieBreak: random(),
        },
      );
      if (!observed.ok) throw new Error(observed.error.message);
    }
  }
  return clients.map((client) => client.coordinate);
}

/** |predicted − measured| / measured for every ordered pair of distinct cities. */
export function relativeErrors(
  matrix: LatencyMatrix,
  cities: readonly LatencyCity[],
  coordinates: readonly VivaldiCoordinate[],
): number[] {
  const errors: number[] = [];
  for (const [from, fromCity] of cities.entries()) {
    for (const [to, toCity] of cities.entries()) {
      if (from === to) continue;
      const rttMs = rttBetween(matrix, fromCity, toCity);
      errors.push(Math.abs(predictRttMs(coordinates[from]!, coordinates[to]!) - rttMs) / rttMs);
    }
  }
  return errors;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
