/** Solar position and the clear-sky model against known values. */
import { describe, expect, it } from 'vitest';
import {
  clearSkyAt,
  ineichenPerez,
  relativeAirmass,
  solarPosition,
} from '../../src/energy/index.js';

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
