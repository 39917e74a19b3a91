/** Gravity towards the origin (Ledlie, Gardner, Seltzer, NSDI 2007; vivaldi.ts applyGravity). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyGravity, type VivaldiCoordinate } from '../src/index.js';

function norm(vector: readonly number[]): number {
  return Math.sqrt(vector.reduce((sum, component) => sum + component * component, 0));
}

describe('gravity towards the origin', () => {
  const at = (vector: number[], height = 5): VivaldiCoordinate => ({ vector, height, error: 0.2 });

  it('pulls by (‖x‖ / rho)² ms towards the origin, keeping height and error', () => {
    const pulled = applyGravity(at([300, 400]), 500);
    // ‖x‖ = 500 = rho: a pull of 1 ms along (0.6, 0.8).
    expect(pulled.vector[0]).toBeCloseTo(300 - 0.6, 9);
    expect(pulled.vector[1]).toBeCloseTo(400 - 0.8, 9);
    expect(pulled.height).toBe(5);
    expect(pulled.error).toBe(0.2);
  });

  it('hardly touches a point at Internet scale', () => {
    const pulled = applyGravity(at([60, 80]), 500);
    expect(norm(pulled.vector)).toBeCloseTo(100 - 0.04, 9);
  });

  it('stops at the origin rather than passing it', () => {
    // ‖x‖ = 60,000 and rho = 50: the pull (1.44e6 ms) is far longer than the distance.
    expect(applyGravity(at([36_000, 48_000]), 50).vector).toEqual([0, 0]);
  });

  it('leaves a point at the origin where it is', () => {
    const origin = at([0, 0, 0]);
    expect(applyGravity(origin, 500)).toBe(origin);
  });

  it('property: never increases the norm, never flips a component, never changes the height', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -60_000, max: 60_000, noNaN: true }), {
          minLength: 1,
          maxLength: 16,
        }),
        fc.double({ min: 50, max: 10_000, noNaN: true }),
        (vector, rhoMs) => {
          const before = at(vector);
          const after = applyGravity(before, rhoMs);
          expect(norm(after.vector)).toBeLessThanOrEqual(norm(vector) * (1 + 1e-12));
          after.vector.forEach((component, index) => {
            expect(component * vector[index]!).toBeGreaterThanOrEqual(0);
          });
          expect(after.height).toBe(before.height);
        },
      ),
    );
  });
});
