/**
 * Clear-sky irradiance: the Ineichen–Perez model (P. Ineichen, R. Perez, "A new airmass
 * independent formulation for the Linke turbidity coefficient", Solar Energy 73(3), 2002,
 * pp. 151–157) with the Kasten–Young relative airmass (F. Kasten, A. T. Young, "Revised optical
 * air mass tables and approximation formula", Applied Optics 28(22), 1989). The verifier's
 * ceiling uses a fixed, very clean Linke turbidity so that real skies stay below it; the case
 * generator uses realistic turbidities.
 */
import { solarPosition } from './solar-position.js';

export interface ClearSky {
  /** Global horizontal, direct normal and diffuse horizontal irradiance, W/m². */
  readonly ghi: number;
  readonly dni: number;
  readonly dhi: number;
}

const NIGHT: ClearSky = { ghi: 0, dni: 0, dhi: 0 };

/** Kasten–Young relative optical airmass for a zenith angle in degrees. */
export function relativeAirmass(zenithDeg: number): number {
  const cosZ = Math.cos((zenithDeg * Math.PI) / 180);
  return 1 / (cosZ + 0.50572 * (96.07995 - zenithDeg) ** -1.6364);
}

/** Ineichen–Perez clear-sky irradiance for a sun position, Linke turbidity and altitude (m). */
export function ineichenPerez(
  cosZenith: number,
  zenithDeg: number,
  extraterrestrialWm2: number,
  linkeTurbidity: number,
  altitudeM = 0,
): ClearSky {
  if (cosZenith <= 0.0001 || zenithDeg >= 90) return NIGHT;
  const am = relativeAirmass(zenithDeg);
  const fh1 = Math.exp(-altitudeM / 8000);
  const fh2 = Math.exp(-altitudeM / 1250);
  const cg1 = 5.09e-5 * altitudeM + 0.868;
  const cg2 = 3.92e-5 * altitudeM + 0.0387;
  const tl = linkeTurbidity;
  const ghi = Math.max(
    0,
    cg1 *
      extraterrestrialWm2 *
      cosZenith *
      Math.exp(-cg2 * am * (fh1 + fh2 * (tl - 1))) *
      Math.exp(0.01 * am ** 1.8),
  );
  const b = 0.664 + 0.163 / fh1;
  const dniModel = b * extraterrestrialWm2 * Math.exp(-0.09 * am * (tl - 1));
  // Ineichen's consistency limit: the beam may not exceed what the global model leaves for it.
  const dniLimit = (ghi * (1 - (0.1 - 0.2 * Math.exp(-tl)) / (0.1 + 0.882 / fh1))) / cosZenith;
  const dni = Math.max(0, Math.min(dniModel, dniLimit));
  return { ghi, dni, dhi: Math.max(0, ghi - dni * cosZenith) };
}

/** Clear-sky irradiance at a place and instant. */
export function clearSkyAt(
  latDeg: number,
  lonDeg: number,
  timeMs: number,
  linkeTurbidity: number,
): ClearSky {
  const sun = solarPosition(latDeg, lonDeg, timeMs);
  return ineichenPerez(sun.cosZenith, sun.zenithDeg, sun.extraterrestrialWm2, linkeTurbidity);
}

/**
 * The most irradiance any plane can receive under a clear sky: the whole beam (a plane facing the
 * sun), the whole diffuse sky and a share of ground reflection, W/m².
 */
export function ceilingIrradiance(sky: ClearSky, albedoShare: number): number {
  return sky.dni + sky.dhi + albedoShare * sky.ghi;
}
