/**
 * The physics of the simulated PV system: plane-of-array irradiance from the energy MIP's
 * clear-sky model (Ineichen–Perez, solar position from @mycel/mips) transposed to a tilted plane
 * facing the equator (isotropic sky, Liu & Jordan 1963, ground albedo 0.2), and AC power as
 * nameplate × POA / 1000 W/m² × performance ratio, clipped at the inverter's rating. Pure.
 */
import { ineichenPerez, mipsLimits, solarPosition } from '@mycel/mips';

export interface PvSystem {
  /** City or site name (the capability advert's locality label). */
  readonly label: string;
  readonly lat: number;
  readonly lon: number;
  /** Inverter rated AC output, W. */
  readonly ratedAcPowerW: number;
  /** Array nameplate at STC, W (DC). */
  readonly nameplateDcW: number;
  /** Panel tilt from horizontal, degrees; the panel faces the equator. */
  readonly tiltDeg: number;
  /** AC performance ratio (DC derate × inverter efficiency); the MIP's honest mean is 0.81. */
  readonly performanceRatio: number;
  /** Linke turbidity of the site's sky (2 very clean … 5 hazy). */
  readonly linkeTurbidity: number;
}

const GROUND_ALBEDO = 0.2;

/** A PV system at a place with the MIP's typical parameters: tilt ≈ latitude, PR 0.81. */
export function pvSystemAt(
  label: string,
  lat: number,
  lon: number,
  ratedAcPowerW: number,
  overrides: Partial<Omit<PvSystem, 'label' | 'lat' | 'lon' | 'ratedAcPowerW'>> = {},
): PvSystem {
  return {
    label,
    lat,
    lon,
    ratedAcPowerW,
    nameplateDcW: Math.round(ratedAcPowerW * 1.15),
    tiltDeg: Math.min(45, Math.abs(lat) + 5),
    performanceRatio: mipsLimits.ENERGY_PERFORMANCE_RATIO_MEAN,
    linkeTurbidity: 3,
    ...overrides,
  };
}

/** Plane-of-array irradiance under a clear sky, W/m². */
export function planeOfArrayWm2(system: PvSystem, timeMs: number): number {
  const sun = solarPosition(system.lat, system.lon, timeMs);
  const sky = ineichenPerez(
    sun.cosZenith,
    sun.zenithDeg,
    sun.extraterrestrialWm2,
    system.linkeTurbidity,
  );
  if (sky.ghi <= 0) return 0;
  const tilt = (system.tiltDeg * Math.PI) / 180;
  const towardsEquator = system.lat >= 0 ? -1 : 1;
  const cosIncidence = Math.max(
    0,
    sun.up * Math.cos(tilt) + towardsEquator * sun.north * Math.sin(tilt),
  );
  return (
    sky.dni * cosIncidence +
    (sky.dhi * (1 + Math.cos(tilt))) / 2 +
    (GROUND_ALBEDO * sky.ghi * (1 - Math.cos(tilt))) / 2
  );
}

/** AC power at an instant, W. */
export function acPowerW(system: PvSystem, timeMs: number): number {
  const dcW =
    (system.nameplateDcW * planeOfArrayWm2(system, timeMs)) / mipsLimits.ENERGY_STC_IRRADIANCE_W_M2;
  return Math.min(system.ratedAcPowerW, dcW * system.performanceRatio);
}
