import { describe, expect, it } from 'vitest';
import {
  COORDINATE_FIT_PASSES_MAX,
  COORDINATE_FIT_SAMPLES_MAX,
  type CoordinateSample,
  fitCoordinate,
  initialCoordinate,
  isCoordinate,
  type LatencyCity,
  predictRttMs,
  type VivaldiCoordinate,
} from '../src/index.js';
import {
  convergeCoordinates,
  loadWonderNetwork,
  median,
  rttBetween,
  wellMeasuredCities,
} from './wondernetwork-fixture.js';

function fitted(samples: readonly CoordinateSample[], dimensions = 2): VivaldiCoordinate {
  const result = fitCoordinate(samples, { dimensions });
  if (!result.ok) throw new Error(`expected a fit: ${result.error.message}`);
  return result.value;
}

function outcome(samples: readonly CoordinateSample[], options = { dimensions: 2 }): string {
  const result = fitCoordinate(samples, options);
  return result.ok ? 'ok' : result.error.code;
}

describe('fitCoordinate against converged WonderNetwork landmarks', () => {
  const matrix = loadWonderNetwork();
  const system = wellMeasuredCities(matrix, 40);
  const coordinates = convergeCoordinates(matrix, system, {
    dimensions: 2,
    rounds: 2_000,
    seed: 1,
  });
  const landmarkNames = [
    'Amsterdam',
    'Washington',
    'San Diego',
    'Singapore',
    'Brisbane',
    'New Delhi',
  ];
  const landmarks = landmarkNames.map((name) => {
    const position = system.findIndex((city) => city.name === name);
    if (position < 0) throw new Error(`${name} is not among the converged cities`);
    return { city: system[position]!, coordinate: coordinates[position]! };
  });
  const inSystem = new Set(system.map((city) => city.index));
  const clients = wellMeasuredCities(matrix, 200).filter((city) => !inSystem.has(city.index));
  const fitOf = (client: LatencyCity) =>
    fitted(
      landmarks.map(({ city, coordinate }) => ({
        remote: coordinate,
        rttMs: rttBetween(matrix, client, city),
      })),
    );

  it('lets a client that probed six landmarks find the one truly nearest, in most cases', () => {
    const nearest = (score: (landmark: (typeof landmarks)[number]) => number) =>
      landmarks.reduce((best, landmark) => (score(landmark) < score(best) ? landmark : best));
    let hits = 0;
    for (const client of clients) {
      const coordinate = fitOf(client);
      const predicted = nearest((landmark) => predictRttMs(coordinate, landmark.coordinate));
      const measured = nearest((landmark) => rttBetween(matrix, client, landmark.city));
      if (predicted === measured) hits++;
    }
    expect(clients.length).toBeGreaterThan(100);
    expect(hits / clients.length).toBeGreaterThan(0.85);
  });

  it('predicts the client’s RTT to nodes it never probed about as well as Vivaldi itself', () => {
    const errors: number[] = [];
    for (const client of clients) {
      const coordinate = fitOf(client);
      for (const [position, city] of system.entries()) {
        if (landmarkNames.includes(city.name)) continue;
        const rttMs = rttBetween(matrix, client, city);
        errors.push(Math.abs(predictRttMs(coordinate, coordinates[position]!) - rttMs) / rttMs);
      }
    }
    expect(median(errors)).toBeLessThan(0.2);
  });

  it('is deterministic and leaves the landmarks untouched', () => {
    const client = clients[0]!;
    const before = structuredClone(landmarks.map(({ coordinate }) => coordinate));
    expect(fitOf(client)).toEqual(fitOf(client));
    expect(landmarks.map(({ coordinate }) => coordinate)).toEqual(before);
  });
});

describe('fitCoordinate on an exact space', () => {
  it('recovers a client whose RTTs are exactly 2-D distances plus heights', () => {
    const landmark = (x: number, y: number): VivaldiCoordinate => ({
      vector: [x, y],
      height: 2,
      error: 0.05,
    });
    const landmarks = [landmark(0, 0), landmark(100, 0), landmark(0, 100), landmark(100, 100)];
    const client = { vector: [30, 60], height: 5, error: 0.05 };
    const coordinate = fitted(
      landmarks.map((remote) => ({ remote, rttMs: predictRttMs(client, remote) })),
    );
    for (const remote of landmarks) {
      const rttMs = predictRttMs(client, remote);
      expect(Math.abs(predictRttMs(coordinate, remote) - rttMs) / rttMs).toBeLessThan(0.01);
    }
    expect(isCoordinate(coordinate, 2)).toBe(true);
  });

  it('continues from a start coordinate when given one', () => {
    const remote = { vector: [50, 0], height: 1, error: 0.1 };
    const start = { vector: [-50, 0], height: 1, error: 0.1 };
    const result = fitCoordinate([{ remote, rttMs: 102 }], { dimensions: 2, passes: 1, start });
    expect(result.ok && result.value.vector[0]).toBeCloseTo(-50, 6);
  });
});

describe('fitCoordinate refuses what it cannot fit', () => {
  const remote = { vector: [10, 10], height: 1, error: 0.2 };
  const sample = { remote, rttMs: 40 };

  it('no samples, too many samples, or counts out of range: coordinate_fit_invalid', () => {
    expect(outcome([])).toBe('coordinate_fit_invalid');
    expect(outcome(new Array(COORDINATE_FIT_SAMPLES_MAX + 1).fill(sample))).toBe(
      'coordinate_fit_invalid',
    );
    expect(outcome(new Array(COORDINATE_FIT_SAMPLES_MAX).fill(sample))).toBe('ok');
    for (const passes of [0, 1.5, COORDINATE_FIT_PASSES_MAX + 1]) {
      expect(fitCoordinate([sample], { dimensions: 2, passes }).ok).toBe(false);
    }
    expect(outcome([sample], { dimensions: 0 })).toBe('coordinate_fit_invalid');
    const start = { vector: [0], height: 1, error: 1 };
    const badStart = fitCoordinate([sample], { dimensions: 2, start });
    expect(badStart.ok ? 'ok' : badStart.error.code).toBe('coordinate_fit_invalid');
  });

  it('an invalid sample anywhere: its code, naming the sample', () => {
    const broken = fitCoordinate([sample, { remote, rttMs: -3 }], { dimensions: 2 });
    expect(broken.ok).toBe(false);
    if (!broken.ok) {
      expect(broken.error.code).toBe('coordinate_sample_invalid');
      expect(broken.error.message).toMatch(/^sample 1:/);
    }
    const malformed = { remote: { ...remote, height: Number.NaN }, rttMs: 10 };
    expect(outcome([sample, malformed])).toBe('coordinate_sample_invalid');
    expect(outcome([{ remote: initialCoordinate(3), rttMs: 10 }])).toBe(
      'coordinate_dimensions_mismatch',
    );
  });
});
