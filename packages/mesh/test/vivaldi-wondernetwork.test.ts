/**
 * Vivaldi on measured Internet latencies: 40 WonderNetwork cities (2018) on five continents.
 * Dabek et al. report a median relative error of about 0.11 for 2-D + height on their data sets;
 * ARCHITECTURE §6 records 0.105 for a reference run over this whole matrix, and issue 6 sets
 * 0.10 as the target. Through the CoordinateClient these 40 cities reach 0.083–0.087 (2-D,
 * seeds 1–3, 500 rounds); bench/coordinates.ts measures the whole matrix.
 */
import { describe, expect, it } from 'vitest';
import {
  convergeClients,
  convergeCoordinates,
  loadWonderNetwork,
  median,
  relativeErrors,
  wellMeasuredCities,
} from './wondernetwork-fixture.js';

const matrix = loadWonderNetwork();
const cities = wellMeasuredCities(matrix, 40);

describe('Vivaldi on the WonderNetwork matrix', () => {
  it('picks 40 distinct cities measured to one another in both directions', () => {
    expect(new Set(cities.map((city) => city.name)).size).toBe(40);
    const continents = new Set(
      cities.map((city) =>
        city.lon < -30 ? 'americas' : city.lon < 60 ? 'europe-africa' : 'asia-oceania',
      ),
    );
    expect(continents.size).toBe(3);
  });

  it('reaches a median relative error below 0.1 with plain 2-D + height (seeded, 500 rounds)', () => {
    for (const seed of [1, 2]) {
      const coordinates = convergeCoordinates(matrix, cities, {
        dimensions: 2,
        rounds: 500,
        seed,
      });
      const error = median(relativeErrors(matrix, cities, coordinates));
      // Measured: 0.084 and 0.085.
      expect(error).toBeLessThan(0.1);
    }
  });

  it('reaches the target median relative error of 0.10 through the CoordinateClient (2-D, 500 rounds)', () => {
    for (const seed of [1, 2]) {
      const coordinates = convergeClients(matrix, cities, { dimensions: 2, rounds: 500, seed });
      expect(median(relativeErrors(matrix, cities, coordinates))).toBeLessThanOrEqual(0.1);
    }
  });

  it('gets better with more dimensions, as Dabek et al. report', () => {
    const errorIn = (dimensions: number) =>
      median(
        relativeErrors(
          matrix,
          cities,
          convergeCoordinates(matrix, cities, { dimensions, rounds: 2_000, seed: 3 }),
        ),
      );
    expect(errorIn(8)).toBeLessThan(errorIn(2));
  });

  it('is reproducible: the same seed gives the same coordinates', () => {
    const options = { dimensions: 2, rounds: 200, seed: 5 };
    expect(convergeCoordinates(matrix, cities, options)).toEqual(
      convergeCoordinates(matrix, cities, options),
    );
  });
});
