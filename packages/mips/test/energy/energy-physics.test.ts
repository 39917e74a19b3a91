/** Solar position, the clear-sky model and the mixture primitive against known values. */
import { describe, expect, it } from 'vitest';
import {
  clearSkyAt,
  ineichenPerez,
  relativeAirmass,
  solarPosition,
} from '../../src/energy/index.js';
import { bernoulliModel, mixtureModel } from '../../src/energy/mixture-model.js';
import { normalModel } from '../../src/probability/evidence-check.js';

describe('solar position (NOAA / Spencer)', () => {
  it('puts the sun near the zenith at Chennai at solar noon on the March equinox', () => {
    // Solar noon at 80.27°E is about 06:39 UTC; the declination on 20 March is ≈ 0°.
    const sun = solarPosition(13.08, 80.27, Date.UTC(2026, 2, 20, 6, 39));
    expect(sun.zenithDeg).toBeGreaterThan(12);
    expect(sun.zenithDeg).toBeLessThan(14.5);
  });

  it('puts the sun below the horizon at Pune at local midnight', () => {
    expect(solarPosition(18.52, 73.86, Date.UTC(2026, 5, 1, 18, 30)).cosZenith).toBeLessThan(0);
  });

  it('gives Seattle a June noon zenith of about lat − 23.4°', () => {
    const sun = solarPosition(47.61, -122.33, Date.UTC(2026, 5, 21, 20, 11));
    expect(sun.zenithDeg).toBeGreaterThan(23.5);
    expect(sun.zenithDeg).toBeLessThan(25);
  });
});

describe('clear sky (Ineichen–Perez)', () => {
  it('has the Kasten–Young airmass of 1 overhead and about 2 at 60°', () => {
    expect(relativeAirmass(0)).toBeCloseTo(1, 2);
    expect(relativeAirmass(60)).toBeCloseTo(2, 1);
  });

  it('gives about 1000–1100 W/m² global overhead in a clean sky', () => {
    const sky = ineichenPerez(1, 0, 1367, 2);
    expect(sky.ghi).toBeGreaterThan(1000);
    expect(sky.ghi).toBeLessThan(1120);
    expect(sky.dni).toBeGreaterThan(900);
    expect(sky.dhi).toBeGreaterThan(0);
  });

  it('lowers irradiance as turbidity rises and is zero at night', () => {
    expect(ineichenPerez(0.8, 36.87, 1367, 5).ghi).toBeLessThan(
      ineichenPerez(0.8, 36.87, 1367, 2).ghi,
    );
    expect(clearSkyAt(18.52, 73.86, Date.UTC(2026, 5, 1, 18, 30), 2).ghi).toBe(0);
  });
});

describe('mixture model', () => {
  it('is the weighted sum of its components, in log space', () => {
    const density = mixtureModel([
      { weight: 1, density: normalModel(0, 1) },
      { weight: 3, density: normalModel(5, 1) },
    ]);
    const expected = 0.25 * Math.exp(normalModel(0, 1)(1)) + 0.75 * Math.exp(normalModel(5, 1)(1));
    expect(density(1)).toBeCloseTo(Math.log(expected), 10);
    // Far in a tail the dominant component decides, without underflow to −∞.
    expect(density(1e4)).toBeCloseTo(Math.log(0.75) + normalModel(5, 1)(1e4), 6);
  });

  it('gives Bernoulli log probabilities', () => {
    expect(bernoulliModel(0.1)(1)).toBeCloseTo(Math.log(0.1), 12);
    expect(bernoulliModel(0.1)(0)).toBeCloseTo(Math.log(0.9), 12);
  });
});
