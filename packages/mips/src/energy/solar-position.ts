/**
 * Where the sun is, seen from a latitude/longitude at an instant: the NOAA General Solar Position
 * calculation, which uses Spencer's Fourier series for the declination, the equation of time and
 * the sun–earth distance (J. W. Spencer, "Fourier series representation of the position of the
 * sun", Search 2(5), 1971, p. 172; NOAA Global Monitoring Division, "General Solar Position
 * Calculations"). Accuracy ≈ 0.03° in declination, ≈ 1 min in the equation of time: ample for an
 * hourly energy ceiling.
 */

const DEG = Math.PI / 180;
const DAY_MS = 86_400_000;

/** Solar constant, W/m² (Spencer's normalisation). */
export const ENERGY_SOLAR_CONSTANT_W_M2 = 1367;

export interface SolarPosition {
  /** cos of the solar zenith angle (negative when the sun is below the horizon). */
  readonly cosZenith: number;
  /** Zenith angle, degrees. */
  readonly zenithDeg: number;
  /** Extraterrestrial normal irradiance at this day's sun–earth distance, W/m². */
  readonly extraterrestrialWm2: number;
  /** Unit vector towards the sun, east–north–up. */
  readonly east: number;
  readonly north: number;
  readonly up: number;
}

export function solarPosition(latDeg: number, lonDeg: number, timeMs: number): SolarPosition {
  const date = new Date(timeMs);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const dayOfYear = Math.floor((timeMs - yearStart) / DAY_MS) + 1;
  const utcHours =
    (timeMs - Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate())) / 3_600_000;
  // Fractional year, radians (NOAA).
  const g = ((2 * Math.PI) / 365) * (dayOfYear - 1 + (utcHours - 12) / 24);
  const eqTimeMin =
    229.18 *
    (0.000075 +
      0.001868 * Math.cos(g) -
      0.032077 * Math.sin(g) -
      0.014615 * Math.cos(2 * g) -
      0.040849 * Math.sin(2 * g));
  const decl =
    0.006918 -
    0.399912 * Math.cos(g) +
    0.070257 * Math.sin(g) -
    0.006758 * Math.cos(2 * g) +
    0.000907 * Math.sin(2 * g) -
    0.002697 * Math.cos(3 * g) +
    0.00148 * Math.sin(3 * g);
  const distanceFactor =
    1.00011 +
    0.034221 * Math.cos(g) +
    0.00128 * Math.sin(g) +
    0.000719 * Math.cos(2 * g) +
    0.000077 * Math.sin(2 * g);
  const trueSolarMin = utcHours * 60 + eqTimeMin + 4 * lonDeg;
  const hourAngle = (trueSolarMin / 4 - 180) * DEG;
  const lat = latDeg * DEG;
  const up = Math.sin(lat) * Math.sin(decl) + Math.cos(lat) * Math.cos(decl) * Math.cos(hourAngle);
  const east = -Math.cos(decl) * Math.sin(hourAngle);
  const north =
    Math.cos(lat) * Math.sin(decl) - Math.sin(lat) * Math.cos(decl) * Math.cos(hourAngle);
  const cosZenith = Math.max(-1, Math.min(1, up));
  return {
    cosZenith,
    zenithDeg: Math.acos(cosZenith) / DEG,
    extraterrestrialWm2: ENERGY_SOLAR_CONSTANT_W_M2 * distanceFactor,
    east,
    north,
    up,
  };
}
