import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COORDINATE_COMPONENT_MS_MAX,
  COORDINATE_DIMENSIONS_MAX,
  COORDINATE_ERROR_MAX,
  COORDINATE_ERROR_MIN,
  COORDINATE_HEIGHT_MS_MAX,
  COORDINATE_HEIGHT_MS_MIN,
  initialCoordinate,
  isCoordinate,
  predictRttMs,
  RTT_SAMPLE_MS_MAX,
  updateCoordinate,
  type VivaldiCoordinate,
} from '../src/index.js';
import { randomIndex, seededRandom } from './seeded-random.js';
import { median } from './wondernetwork-fixture.js';

function updated(
  local: VivaldiCoordinate,
  remote: VivaldiCoordinate,
  rttMs: number,
  tieBreak?: number,
): VivaldiCoordinate {
  const result = updateCoordinate(local, remote, rttMs, tieBreak === undefined ? {} : { tieBreak });
  if (!result.ok) throw new Error(`expected the sample to be accepted: ${result.error.message}`);
  return result.value;
}

/** 'ok' or the error code, so a table of samples reads as a table of outcomes. */
function outcome(remote: unknown, rttMs: number): string {
  const result = updateCoordinate(initialCoordinate(2), remote as VivaldiCoordinate, rttMs);
  return result.ok ? 'ok' : result.error.code;
}

function deepFreeze(coordinate: VivaldiCoordinate): VivaldiCoordinate {
  Object.freeze(coordinate.vector);
  return Object.freeze(coordinate);
}

const coordinate = (vector: number[], height: number, error: number): VivaldiCoordinate => ({
  vector,
  height,
  error,
});

/** [0, <hole>, 1]: what a hand-made array can look like, though JSON cannot express it. */
function sparseVector(): number[] {
  const vector: number[] = [];
  vector[0] = 0;
  vector[2] = 1;
  return vector;
}

const arbitraryCoordinate = (dimensions: number) =>
  fc.record({
    vector: fc.array(fc.double({ min: -5_000, max: 5_000, noNaN: true }), {
      minLength: dimensions,
      maxLength: dimensions,
    }),
    height: fc.double({ min: COORDINATE_HEIGHT_MS_MIN, max: 500, noNaN: true }),
    error: fc.double({ min: COORDINATE_ERROR_MIN, max: COORDINATE_ERROR_MAX, noNaN: true }),
  });

describe('initialCoordinate and predictRttMs', () => {
  it('starts at the origin with the smallest height and the largest error', () => {
    expect(initialCoordinate(3)).toEqual({
      vector: [0, 0, 0],
      height: COORDINATE_HEIGHT_MS_MIN,
      error: COORDINATE_ERROR_MAX,
    });
    expect(isCoordinate(initialCoordinate(COORDINATE_DIMENSIONS_MAX))).toBe(true);
  });

  it('refuses dimension counts outside the limits', () => {
    for (const dimensions of [0, -1, 1.5, COORDINATE_DIMENSIONS_MAX + 1, Number.NaN]) {
      expect(() => initialCoordinate(dimensions)).toThrow(/dimensions/);
    }
  });

  it('predicts the Euclidean distance plus both heights', () => {
    const a = coordinate([0, 0], 1, 0.5);
    const b = coordinate([3, 4], 2, 0.5);
    expect(predictRttMs(a, b)).toBe(8);
    expect(predictRttMs(a, a)).toBe(2);
  });

  it('is symmetric', () => {
    fc.assert(
      fc.property(arbitraryCoordinate(3), arbitraryCoordinate(3), (a, b) => {
        expect(predictRttMs(a, b)).toBe(predictRttMs(b, a));
      }),
      { numRuns: 200 },
    );
  });

  it('throws for coordinates of different dimensions (a caller bug: isCoordinate checks them)', () => {
    expect(() => predictRttMs(initialCoordinate(2), initialCoordinate(3))).toThrow(/dimensions/);
  });
});

describe('updateCoordinate: one Vivaldi step', () => {
  it('takes the step of Dabek et al. fig. 3 with height vectors, computed by hand', () => {
    // predicted 5 + 1 + 1 = 7, measured 14: weight 0.5, timestep 0.25 × 0.5, push 0.125 × 7 ms
    // along [(0 − 3) / 7, (0 − 4) / 7, (1 + 1) / 7]; sample error |7 − 14| / 14 = 0.5.
    const local = coordinate([0, 0], 1, 1);
    const remote = coordinate([3, 4], 1, 1);
    const next = updated(local, remote, 14);
    expect(next.vector[0]).toBeCloseTo(-0.375, 12);
    expect(next.vector[1]).toBeCloseTo(-0.5, 12);
    expect(next.height).toBeCloseTo(1.25, 12);
    expect(next.error).toBeCloseTo(0.5 * 0.125 + 1 * 0.875, 12);
  });

  it('moves away when too close, closer when too far, and never below the smallest height', () => {
    const local = coordinate([10, 0], 5, 0.5);
    const remote = coordinate([0, 0], 5, 0.5);
    const predicted = predictRttMs(local, remote);
    const away = updated(local, remote, 40);
    expect(predictRttMs(away, remote)).toBeGreaterThan(predicted);
    expect(predictRttMs(away, remote)).toBeLessThan(40);
    const closer = updated(local, remote, 1);
    expect(predictRttMs(closer, remote)).toBeLessThan(predicted);
    let shrinking = local;
    for (let step = 0; step < 200; step++) shrinking = updated(shrinking, remote, 0.001);
    expect(shrinking.height).toBe(COORDINATE_HEIGHT_MS_MIN);
  });

  it('moves a node that is unsure of itself more than one that is sure', () => {
    const remote = coordinate([0, 0], 1, 0.2);
    const unsure = updated(coordinate([10, 0], 1, 1.2), remote, 50);
    const sure = updated(coordinate([10, 0], 1, 0.05), remote, 50);
    expect(unsure.vector[0]! - 10).toBeGreaterThan(sure.vector[0]! - 10);
    expect(sure.vector[0]!).toBeGreaterThan(10);
  });

  it('returns a new coordinate and leaves its inputs untouched', () => {
    const local = deepFreeze(coordinate([1, 2], 3, 0.4));
    const remote = deepFreeze(coordinate([4, 6], 1, 0.3));
    const next = updated(local, remote, 30);
    expect(next).not.toBe(local);
    expect(local).toEqual(coordinate([1, 2], 3, 0.4));
    expect(remote).toEqual(coordinate([4, 6], 1, 0.3));
  });

  it('is deterministic: the same inputs give the same output, bit for bit', () => {
    fc.assert(
      fc.property(
        arbitraryCoordinate(4),
        arbitraryCoordinate(4),
        fc.double({ min: 0.01, max: RTT_SAMPLE_MS_MAX, noNaN: true }),
        (local, remote, rttMs) => {
          expect(updated(local, remote, rttMs)).toEqual(updated(local, remote, rttMs));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('always returns a coordinate that isCoordinate accepts', () => {
    fc.assert(
      fc.property(
        arbitraryCoordinate(2),
        arbitraryCoordinate(2),
        fc.double({ min: Number.MIN_VALUE, max: RTT_SAMPLE_MS_MAX, noNaN: true }),
        (local, remote, rttMs) => {
          expect(isCoordinate(updated(local, remote, rttMs), 2)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
    const far = coordinate([COORDINATE_COMPONENT_MS_MAX, 0], COORDINATE_HEIGHT_MS_MAX, 1.5);
    const next = updated(far, coordinate([-COORDINATE_COMPONENT_MS_MAX, 0], 1, 0.01), 1);
    expect(isCoordinate(next)).toBe(true);
  });
});

describe('updateCoordinate when the two points coincide', () => {
  const origin = initialCoordinate(3);

  it('pushes the Euclidean part a full step along a unit vector chosen by the tie-break', () => {
    const next = updated(origin, origin, 50, 0.25);
    const stepMs = 0.25 * 0.5 * (50 - 2 * COORDINATE_HEIGHT_MS_MIN);
    expect(Math.hypot(...next.vector)).toBeCloseTo(stepMs, 9);
    expect(next.height).toBe(origin.height);
  });

  it('takes the same direction for the same tie-break and another for another', () => {
    expect(updated(origin, origin, 50, 0.25)).toEqual(updated(origin, origin, 50, 0.25));
    const directions = [0.1, 0.2, 0.3, 7, -7].map((tieBreak) =>
      updated(origin, origin, 50, tieBreak).vector.join(','),
    );
    expect(new Set(directions).size).toBe(directions.length);
  });

  it('without a tie-break, takes its direction from the sample: deterministic, varied by RTT', () => {
    expect(updated(origin, origin, 50)).toEqual(updated(origin, origin, 50));
    const directions = [40, 50, 60, 70].map((rttMs) => {
      const vector = updated(origin, origin, rttMs).vector;
      const norm = Math.hypot(...vector);
      return vector.map((component) => (component / norm).toFixed(6)).join(',');
    });
    expect(new Set(directions).size).toBe(directions.length);
  });

  it('works in one dimension too', () => {
    const next = updated(initialCoordinate(1), initialCoordinate(1), 10, 3);
    expect(Math.abs(next.vector[0]!)).toBeGreaterThan(0);
  });
});

describe('updateCoordinate rejects invalid samples', () => {
  const valid = coordinate([1, 1], 1, 0.5);

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['negative', -1],
    ['zero (below clock resolution)', 0],
    ['above RTT_SAMPLE_MS_MAX', RTT_SAMPLE_MS_MAX + 1],
  ])('an RTT that is %s: coordinate_sample_invalid', (_, rttMs) => {
    expect(outcome(valid, rttMs)).toBe('coordinate_sample_invalid');
  });

  it('accepts the edges of the RTT range', () => {
    expect(outcome(valid, RTT_SAMPLE_MS_MAX)).toBe('ok');
    expect(outcome(valid, Number.MIN_VALUE)).toBe('ok');
  });

  it('a remote coordinate that is not well formed: coordinate_sample_invalid', () => {
    expect(outcome(null, 10)).toBe('coordinate_sample_invalid');
    expect(outcome({ vector: [1, Number.NaN], height: 1, error: 0.5 }, 10)).toBe(
      'coordinate_sample_invalid',
    );
  });

  it('a remote coordinate of other dimensions: coordinate_dimensions_mismatch', () => {
    expect(outcome(coordinate([1, 1, 1], 1, 0.5), 10)).toBe('coordinate_dimensions_mismatch');
  });

  it('throws for a malformed local coordinate: that is the caller’s bug, not a sample', () => {
    expect(() => updateCoordinate(coordinate([Number.NaN], 1, 1), valid, 10)).toThrow(/local/);
  });
});

describe('isCoordinate: the check for coordinates received from peers', () => {
  it.each<[string, unknown]>([
    ['null', null],
    ['a string', '{"vector":[0],"height":1,"error":1}'],
    ['an array', [[0], 1, 1]],
    ['no vector', { height: 1, error: 1 }],
    ['an extra key', { vector: [0], height: 1, error: 1, name: 'x' }],
    ['a vector that is not an array', { vector: { 0: 1, length: 1 }, height: 1, error: 1 }],
    ['an empty vector', { vector: [], height: 1, error: 1 }],
    ['too many dimensions', { vector: new Array(17).fill(0), height: 1, error: 1 }],
    ['a sparse vector', { vector: sparseVector(), height: 1, error: 1 }],
    ['an undefined component', { vector: [0, undefined], height: 1, error: 1 }],
    ['a string component', { vector: [0, '1'], height: 1, error: 1 }],
    ['a NaN component', { vector: [0, Number.NaN], height: 1, error: 1 }],
    ['an infinite component', { vector: [Number.POSITIVE_INFINITY], height: 1, error: 1 }],
    ['a huge component', { vector: [COORDINATE_COMPONENT_MS_MAX * 2], height: 1, error: 1 }],
    ['a negative height', { vector: [0], height: -1, error: 1 }],
    ['a height below the minimum', { vector: [0], height: 0, error: 1 }],
    ['a huge height', { vector: [0], height: COORDINATE_HEIGHT_MS_MAX + 1, error: 1 }],
    ['a string height', { vector: [0], height: '1', error: 1 }],
    ['a zero error', { vector: [0], height: 1, error: 0 }],
    ['an error above the maximum', { vector: [0], height: 1, error: 2 }],
    ['a NaN error', { vector: [0], height: 1, error: Number.NaN }],
  ])('rejects %s', (_, value) => {
    expect(isCoordinate(value)).toBe(false);
  });

  it('accepts a coordinate parsed from JSON, and checks the dimension count when asked', () => {
    const value: unknown = JSON.parse('{"vector":[12.5,-3],"height":4.25,"error":0.2}');
    expect(isCoordinate(value)).toBe(true);
    expect(isCoordinate(value, 2)).toBe(true);
    expect(isCoordinate(value, 3)).toBe(false);
  });
});

describe('Vivaldi on a synthetic metric space', () => {
  /** Nodes at random places in a 300 ms square, each with an access link of 1 to 20 ms. */
  function syntheticSpace(count: number, seed: number) {
    const random = seededRandom(seed);
    return Array.from({ length: count }, () => ({
      x: random() * 300,
      y: random() * 300,
      height: 1 + random() * 19,
    }));
  }

  function simulate(seed: number): { coordinates: VivaldiCoordinate[]; error: number } {
    const nodes = syntheticSpace(24, seed);
    const rttMs = (a: number, b: number) => {
      const [p, q] = [nodes[a]!, nodes[b]!];
      return Math.hypot(p.x - q.x, p.y - q.y) + p.height + q.height;
    };
    const random = seededRandom(seed + 1);
    const coordinates = nodes.map(() => initialCoordinate(2));
    for (let round = 0; round < 1_500; round++) {
      for (let node = 0; node < nodes.length; node++) {
        let peer = randomIndex(random, nodes.length - 1);
        if (peer >= node) peer++;
        coordinates[node] = updated(
          coordinates[node]!,
          coordinates[peer]!,
          rttMs(node, peer),
          random(),
        );
      }
    }
    const errors: number[] = [];
    for (let a = 0; a < nodes.length; a++) {
      for (let b = a + 1; b < nodes.length; b++) {
        const measured = rttMs(a, b);
        errors.push(Math.abs(predictRttMs(coordinates[a]!, coordinates[b]!) - measured) / measured);
      }
    }
    return { coordinates, error: median(errors) };
  }

  it('converges: a space that is exactly 2-D plus height is embedded almost exactly', () => {
    for (const seed of [1, 2, 3]) expect(simulate(seed).error).toBeLessThan(0.01);
  });

  it('is reproducible: the same seed gives the same coordinates', () => {
    expect(simulate(9).coordinates).toEqual(simulate(9).coordinates);
  });
});
