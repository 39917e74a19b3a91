/**
 * What a simulated site's devices show at its current time, decoded from the same SunSpec
 * register images its Modbus server serves: so a site published over OPC UA or Sparkplug B
 * carries exactly the numbers (floors, scale factors) a SunSpec poll of it would read.
 */
import { failWith, type Outcome, ok } from '@mycel/kernel';
import type { ModbusErrorCode } from '../modbus/modbus-error-codes.js';
import type { SimulatedSite, SiteUnit } from '../modbus/simulated-site.js';
import { decodeInverter, decodeIrradiance, decodeMeter } from '../modbus/sunspec-decode.js';
import {
  INVERTER_MODEL,
  IRRADIANCE_MODEL,
  METER_MODEL,
  SUNSPEC_END_MODEL_ID,
} from '../modbus/sunspec-map.js';
import { int16 } from '../modbus/sunspec-words.js';

export interface SiteSnapshot {
  readonly timeMs: number;
  /** Inverter lifetime energy (model 103 WH), Wh. */
  readonly inverterWh: number;
  /** Inverter AC power (model 103 W), W. */
  readonly inverterW: number;
  /** Revenue meter exported energy (model 203 TotWhExp), Wh. */
  readonly meterWh: number;
  /** Revenue meter power (model 203 W), W. */
  readonly meterW: number;
  /** Plane-of-array irradiance (model 302 POAI), W/m². */
  readonly poaWm2: number;
}

/** The points of `model` in `unit`'s register image (after the 2-word marker). */
function modelWords(site: SimulatedSite, unit: SiteUnit, model: number): number[] | undefined {
  const words = site.registers(unit);
  let at = 2;
  while (at + 1 < words.length && words[at] !== SUNSPEC_END_MODEL_ID) {
    const length = words[at + 1]!;
    if (words[at] === model) return words.slice(at + 2, at + 2 + length);
    at += 2 + length;
  }
  return undefined;
}

export function siteSnapshot(site: SimulatedSite): Outcome<SiteSnapshot, ModbusErrorCode> {
  const inverterWords = modelWords(site, 'inverter', INVERTER_MODEL.id);
  const meterWords = modelWords(site, 'meter', METER_MODEL.id);
  const metWords = modelWords(site, 'met', IRRADIANCE_MODEL.id);
  if (inverterWords === undefined || meterWords === undefined || metWords === undefined) {
    return failWith('sunspec_model_unknown', 'the site lacks model 103, 203 or 302');
  }
  const inverter = decodeInverter(inverterWords);
  if (!inverter.ok) return inverter;
  const meter = decodeMeter(meterWords);
  if (!meter.ok) return meter;
  const met = decodeIrradiance(metWords);
  if (!met.ok) return met;
  const p = METER_MODEL.points;
  return ok({
    timeMs: site.nowMs,
    inverterWh: inverter.value.wh.wh,
    inverterW: inverter.value.w,
    meterWh: meter.value.totWhExp.wh,
    meterW: int16(meterWords[p.W]!) * 10 ** int16(meterWords[p.W_SF]!),
    poaWm2: met.value.poaWm2,
  });
}
