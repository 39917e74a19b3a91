/**
 * The honest world the case generator draws from: PV systems of 3–100 kW at real cities, a day's
 * clear-sky irradiance (Ineichen–Perez with a realistic Linke turbidity) transposed to a tilted
 * plane (isotropic sky, Liu & Jordan 1963), clouds as a clearness process, an inverter that clips
 * at its rated power, an accumulator and a revenue meter each with their own error, quantised by
 * their SunSpec scale factors. Simulated minute by minute.
 */
import {
  ENERGY_INVERTER_METERING_SD,
  ENERGY_METER_LOSS_MEAN,
  ENERGY_METER_LOSS_SD,
  ENERGY_PERFORMANCE_RATIO_MEAN,
  ENERGY_PERFORMANCE_RATIO_SD,
  ENERGY_PYRANOMETER_SD,
  ENERGY_REVENUE_METER_SD,
  ENERGY_STC_IRRADIANCE_W_M2,
} from '../limits.js';
import type { Random } from '../probability/random.js';
import { ineichenPerez } from './clear-sky.js';
import { solarPosition } from './solar-position.js';

export interface EnergySite {
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
}

export const ENERGY_SITES: readonly EnergySite[] = [
  { name: 'chennai', lat: 13.08, lon: 80.27 },
  { name: 'pune', lat: 18.52, lon: 73.86 },
  { name: 'seattle', lat: 47.61, lon: -122.33 },
  { name: 'madrid', lat: 40.42, lon: -3.7 },
  { name: 'nairobi', lat: -1.29, lon: 36.82 },
  { name: 'sydney', lat: -33.87, lon: 151.21 },
];

export interface SimDevice {
  readonly id: string;
  readonly site: EnergySite;
  readonly ratedAcPowerW: number;
  readonly nameplateDcW: number;
  readonly tiltDeg: number;
  readonly performanceRatio: number;
  readonly linkeTurbidity: number;
  readonly inverterBias: number;
  readonly pyranometerBias: number;
  readonly meterLoss: number;
  readonly meterBias: number;
  readonly whSf: number;
  readonly meterSf: number;
  readonly accumulatorStartWh: number;
  readonly meterStartWh: number;
  readonly commissioned: string;
  readonly meterSerial: string;
}

export function sampleDevice(random: Random, index: number): SimDevice {
  const ratedAcPowerW = Math.round(random.uniform(3, 100)) * 1000;
  const nameplateDcW = Math.round(ratedAcPowerW * random.uniform(1, 1.3));
  const site = random.pick(ENERGY_SITES);
  const years = random.uniform(0.1, 8);
  return {
    id: `device:pv-${site.name}-${index}`,
    site,
    ratedAcPowerW,
    nameplateDcW,
    tiltDeg: Math.min(45, Math.abs(site.lat) * random.uniform(0.5, 1.1) + 5),
    performanceRatio: random.normal(ENERGY_PERFORMANCE_RATIO_MEAN, ENERGY_PERFORMANCE_RATIO_SD),
    linkeTurbidity: random.uniform(2.5, 5),
    inverterBias: random.normal(0, ENERGY_INVERTER_METERING_SD),
    pyranometerBias: random.normal(0, ENERGY_PYRANOMETER_SD),
    meterLoss: Math.max(0, random.normal(ENERGY_METER_LOSS_MEAN, ENERGY_METER_LOSS_SD)),
    meterBias: random.normal(0, ENERGY_REVENUE_METER_SD),
    whSf: ratedAcPowerW >= 30000 ? random.pick([0, 1]) : 0,
    meterSf: random.pick([0, 0, 1]),
    accumulatorStartWh: nameplateDcW * 1.4 * 365 * years * random.uniform(0.8, 1.2),
    meterStartWh: nameplateDcW * 1.3 * 365 * years * random.uniform(0.8, 1.2),
    commissioned: new Date(Date.UTC(2026, 0, 1) - years * 365 * 86_400_000)
      .toISOString()
      .slice(0, 10),
    meterSerial: `MTR-${site.name.toUpperCase()}-${100000 + index}`,
  };
}

/** Minute-by-minute truth over [fromMs, toMs]. */
export interface SimSeries {
  readonly fromMs: number;
  readonly minutes: number;
  /** Plane-of-array irradiance, W/m², mean over each minute. */
  readonly poa: readonly number[];
  /** AC power, W, over each minute. */
  readonly powerW: readonly number[];
}

export type SkyRegime = 'clear' | 'broken' | 'overcast';

/** Plane-of-array clear-sky irradiance, isotropic transposition, panel facing the equator. */
export function planeOfArray(device: SimDevice, timeMs: number, turbidity: number): number {
  const sun = solarPosition(device.site.lat, device.site.lon, timeMs);
  const sky = ineichenPerez(sun.cosZenith, sun.zenithDeg, sun.extraterrestrialWm2, turbidity);
  if (sky.ghi <= 0) return 0;
  const tilt = (device.tiltDeg * Math.PI) / 180;
  const facing = device.site.lat >= 0 ? -1 : 1;
  const cosIncidence = Math.max(0, sun.up * Math.cos(tilt) + facing * sun.north * Math.sin(tilt));
  return (
    sky.dni * cosIncidence +
    (sky.dhi * (1 + Math.cos(tilt))) / 2 +
    (0.2 * sky.ghi * (1 - Math.cos(tilt))) / 2
  );
}

export function simulateSeries(
  random: Random,
  device: SimDevice,
  fromMs: number,
  minutes: number,
  regime: SkyRegime,
): SimSeries {
  const poa: number[] = [];
  const powerW: number[] = [];
  let cloud =
    regime === 'clear'
      ? 1
      : regime === 'broken'
        ? random.uniform(0.4, 1)
        : random.uniform(0.15, 0.35);
  const mean = cloud;
  for (let minute = 0; minute < minutes; minute++) {
    const timeMs = fromMs + minute * 60_000 + 30_000;
    if (regime === 'broken') {
      cloud = mean + 0.85 * (cloud - mean) + random.normal(0, 0.12);
      cloud = Math.max(0.1, Math.min(1.1, cloud));
    } else if (regime === 'overcast') {
      cloud = Math.max(0.05, Math.min(0.5, cloud + random.normal(0, 0.01)));
    } else {
      cloud = 1 + random.normal(0, 0.005);
    }
    const irradiance = planeOfArray(device, timeMs, device.linkeTurbidity) * cloud;
    poa.push(irradiance);
    const dc = (device.nameplateDcW * irradiance) / ENERGY_STC_IRRADIANCE_W_M2;
    powerW.push(
      Math.min(device.ratedAcPowerW, dc * device.performanceRatio * (1 + random.normal(0, 0.005))),
    );
  }
  return { fromMs, minutes, poa, powerW };
}
