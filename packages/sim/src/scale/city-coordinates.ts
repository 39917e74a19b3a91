/**
 * Network coordinates for a large simulated population without simulating every node's probes:
 * the cities of the world are embedded once with mesh's real Vivaldi update (each city probes a
 * few others per round, near and far), and a node gets its city's coordinate with its own access
 * delay added to the height. Nodes of one city then differ by their access links only, as they
 * would after their own probes converged.
 */
import { initialCoordinate, updateCoordinate, type VivaldiCoordinate } from '@mycel/mesh';
import type { Prng } from '../prng.js';
import type { CityWorld, Placed } from './city-world.js';

/** Samples per city per round, and rounds: about 400 samples per city, enough to settle. */
const SAMPLES_PER_ROUND = 4;
const ROUNDS = 100;

export function embedCities(
  world: CityWorld,
  random: Prng,
  dimensions: number,
): VivaldiCoordinate[] {
  const count = world.cityCount;
  const coordinates = Array.from({ length: count }, () => initialCoordinate(dimensions));
  // Each city's nearest others, so short distances are learnt too (Vivaldi needs near peers).
  const nearest = Array.from({ length: count }, (_, city) =>
    Array.from({ length: count }, (_, other) => other)
      .filter((other) => other !== city)
      .sort((a, b) => world.cityRttMs(city, a) - world.cityRttMs(city, b))
      .slice(0, 8),
  );
  const cityPlace = (city: number): Placed => ({ city, accessMs: 0.5 });
  for (let round = 0; round < ROUNDS; round++) {
    for (let city = 0; city < count; city++) {
      for (let sample = 0; sample < SAMPLES_PER_ROUND; sample++) {
        const other =
          sample % 2 === 0
            ? random.pick(nearest[city]!)
            : (city + 1 + random.below(count - 1)) % count;
        const rttMs = world.sampleRttMs(cityPlace(city), cityPlace(other), random);
        const moved = updateCoordinate(
          coordinates[city]!,
          coordinates[other]!,
          Math.max(0.01, rttMs),
          {
            tieBreak: random.float(),
          },
        );
        if (moved.ok) coordinates[city] = moved.value;
      }
    }
  }
  return coordinates;
}

/** A node's coordinate: its city's, with its access delay on the height. */
export function nodeCoordinate(
  cities: readonly VivaldiCoordinate[],
  place: Placed,
): VivaldiCoordinate {
  const city = cities[place.city]!;
  return { vector: [...city.vector], height: city.height + place.accessMs / 2, error: city.error };
}
