/**
 * A simulated SunSpec site on a simulated clock: an inverter (model 103) whose lifetime energy
 * accumulator integrates the PV system's clear-sky power curve as the caller advances time, a
 * revenue meter (model 203) that counts the same energy less the AC losses between them, and a
 * met station (model 302) with a plane-of-array pyranometer. A day runs in as long as the reads
 * take. A cheating producer sets `inflate` (the inverter's accumulator counts that much more than
 * it made) or `wrongScaleFactor` (WH_SF reported wrong). This file holds state and register
 * images only; sunspec-server.ts puts them on Modbus TCP.
 */
import { mipsLimits } from '@mycel/mips';
import {
  SIM_INFLATE_MAX,
  SIM_INTEGRATION_STEP_MS,
  SIM_INVERTER_UNIT_ID,
  SIM_IRRADIANCE_MEAN_MS,
  SIM_MET_UNIT_ID,
  SIM_METER_UNIT_ID,
} from '../limits/modbus.js';
import { type ModbusResult, modbusFail } from './modbus-error-codes.js';
import { acPowerW, type PvSystem, planeOfArrayWm2 } from './sim-pv-model.js';
import {
  COMMON_MODEL,
  INVERTER_MODEL,
  IRRADIANCE_MODEL,
  METER_MODEL,
  SUNSPEC_END_MODEL_ID,
  SUNSPEC_INT16_NOT_IMPLEMENTED,
  SUNSPEC_MARKER,
  SUNSPEC_UINT16_NOT_IMPLEMENTED,
} from './sunspec-map.js';
import { acc32Words, int16Word, stringWords } from './sunspec-words.js';

const HOUR_MS = 3_600_000;

export interface SimulatedSiteOptions {
  readonly system: PvSystem;
  /** Simulated time the site starts at, ms since the epoch. */
  readonly startMs: number;
  readonly serial: string;
  /** The meter's serial (the proof names only its hash). */
  readonly meterSerial: string;
  /** Inverter lifetime energy at startMs, Wh. */
  readonly accumulatorStartWh?: number;
  /** Meter lifetime exported energy at startMs, Wh. */
  readonly meterStartWh?: number;
  /** WH_SF the inverter counts in (default 0: 1 Wh per count). */
  readonly whSf?: number;
  /** TotWh_SF the meter counts in (default 0). */
  readonly meterSf?: number;
  /** AC losses between inverter and meter (default the MIP's mean, 1.25 %). */
  readonly meterLoss?: number;
  /** Cheat: the inverter's accumulator counts this factor of what it made (> 1). */
  readonly inflate?: number;
  /** Fault or cheat: the WH_SF word reports this (signed; 0x8000 for not implemented). */
  readonly wrongScaleFactor?: number;
  /** Modbus unit ids; defaults 1 inverter, 2 meter, 3 met station. */
  readonly units?: { readonly inverter: number; readonly meter: number; readonly met: number };
}

export type SiteUnit = 'inverter' | 'meter' | 'met';

export class SimulatedSite {
  readonly system: PvSystem;
  readonly units: { readonly inverter: number; readonly meter: number; readonly met: number };
  private clockMs: number;
  /** Energy the array truly delivered since startMs, Wh. */
  private producedWh = 0;
  /** Test hook: Wh added to the inverter's accumulator (negative rewinds it). */
  private accumulatorShiftWh = 0;

  private constructor(private readonly options: SimulatedSiteOptions) {
    this.system = options.system;
    this.clockMs = options.startMs;
    this.units = options.units ?? {
      inverter: SIM_INVERTER_UNIT_ID,
      meter: SIM_METER_UNIT_ID,
      met: SIM_MET_UNIT_ID,
    };
  }

  static create(options: SimulatedSiteOptions): ModbusResult<SimulatedSite> {
    const inflate = options.inflate ?? 1;
    if (!(inflate >= 1 && inflate <= SIM_INFLATE_MAX)) {
      return modbusFail(
        'modbus_options_invalid',
        `inflate ${inflate} is outside 1..${SIM_INFLATE_MAX}`,
      );
    }
    const { system } = options;
    if (
      !(system.ratedAcPowerW > 0 && system.nameplateDcW > 0 && Number.isFinite(options.startMs))
    ) {
      return modbusFail('modbus_options_invalid', 'a site needs positive ratings and a start time');
    }
    for (const sf of [options.whSf ?? 0, options.meterSf ?? 0]) {
      if (!Number.isInteger(sf) || sf < -3 || sf > 3) {
        return modbusFail('modbus_options_invalid', `scale factor ${sf} is outside -3..3`);
      }
    }
    return { ok: true, value: new SimulatedSite(options) };
  }

  /** The site's simulated clock, ms. */
  get nowMs(): number {
    return this.clockMs;
  }

  /** Energy the array truly delivered since the start, Wh. */
  get trueProducedWh(): number {
    return this.producedWh;
  }

  /** Runs the simulated clock forward to `timeMs`, integrating power in one-minute steps. */
  advanceTo(timeMs: number): void {
    if (!(timeMs >= this.clockMs)) {
      throw new Error(`assertion failed: the simulated clock only runs forward (${timeMs})`);
    }
    while (this.clockMs < timeMs) {
      const stepMs = Math.min(SIM_INTEGRATION_STEP_MS, timeMs - this.clockMs);
      this.producedWh += (acPowerW(this.system, this.clockMs + stepMs / 2) * stepMs) / HOUR_MS;
      this.clockMs += stepMs;
    }
  }

  /** Test hook: moves the inverter's accumulator by `deltaWh` (negative: a rollback). */
  shiftAccumulator(deltaWh: number): void {
    this.accumulatorShiftWh += deltaWh;
  }

  /** The unit a Modbus unit id addresses. */
  unitOf(unitId: number): SiteUnit | undefined {
    if (unitId === this.units.inverter) return 'inverter';
    if (unitId === this.units.meter) return 'meter';
    if (unitId === this.units.met) return 'met';
    return undefined;
  }

  /** The unit's SunSpec map from 40000 at the current simulated time: marker, models, end. */
  registers(unit: SiteUnit): number[] {
    const common = this.commonPoints(unit);
    const model =
      unit === 'inverter'
        ? [INVERTER_MODEL.id, INVERTER_MODEL.length, ...this.inverterPoints()]
        : unit === 'meter'
          ? [METER_MODEL.id, METER_MODEL.length, ...this.meterPoints()]
          : [IRRADIANCE_MODEL.id, IRRADIANCE_MODEL.length, ...this.irradiancePoints()];
    return [
      ...SUNSPEC_MARKER,
      COMMON_MODEL.id,
      COMMON_MODEL.length,
      ...common,
      ...model,
      SUNSPEC_END_MODEL_ID,
      0,
    ];
  }

  private commonPoints(unit: SiteUnit): number[] {
    const words = new Array<number>(COMMON_MODEL.length).fill(0);
    const { points, strings } = COMMON_MODEL;
    const serial = unit === 'meter' ? this.options.meterSerial : `${this.options.serial}-${unit}`;
    const fields: [keyof typeof strings, string][] = [
      ['Mn', 'Mycel Simulated'],
      ['Md', unit === 'inverter' ? 'SIM-PV-103' : unit === 'meter' ? 'SIM-MTR-203' : 'SIM-MET-302'],
      ['Vr', '1.0.0'],
      ['SN', serial],
    ];
    for (const [name, text] of fields) {
      words.splice(points[name], strings[name], ...stringWords(text, strings[name]));
    }
    words[points.DA] =
      unit === 'inverter'
        ? this.units.inverter
        : unit === 'meter'
          ? this.units.meter
          : this.units.met;
    return words;
  }

  private inverterPoints(): number[] {
    const p = INVERTER_MODEL.points;
    const words = new Array<number>(INVERTER_MODEL.length).fill(SUNSPEC_UINT16_NOT_IMPLEMENTED);
    const powerW = acPowerW(this.system, this.clockMs);
    const wSf = this.system.ratedAcPowerW > 32767 ? 1 : 0;
    const voltage = 230;
    words[p.A] = Math.round((powerW / (3 * voltage)) * 100);
    words[p.AphA] = words[p.AphB] = words[p.AphC] = Math.round((powerW / (3 * voltage)) * 100);
    words[p.A_SF] = int16Word(-2);
    words[p.PhVphA] = voltage * 10;
    words[p.V_SF] = int16Word(-1);
    words[p.W] = int16Word(Math.round(powerW / 10 ** wSf));
    words[p.W_SF] = int16Word(wSf);
    words[p.Hz] = 5000;
    words[p.Hz_SF] = int16Word(-2);
    const whSf = this.options.whSf ?? 0;
    const lifetimeWh =
      (this.options.accumulatorStartWh ?? 0) +
      this.producedWh * (this.options.inflate ?? 1) +
      this.accumulatorShiftWh;
    const [high, low] = acc32Words(Math.floor(lifetimeWh / 10 ** whSf));
    words[p.WH] = high;
    words[p.WH + 1] = low;
    words[p.WH_SF] =
      this.options.wrongScaleFactor === SUNSPEC_INT16_NOT_IMPLEMENTED
        ? SUNSPEC_INT16_NOT_IMPLEMENTED
        : int16Word(this.options.wrongScaleFactor ?? whSf);
    words[p.St] = powerW > 0 ? 4 : 2;
    return words;
  }

  private meterPoints(): number[] {
    const p = METER_MODEL.points;
    const words = new Array<number>(METER_MODEL.length).fill(SUNSPEC_INT16_NOT_IMPLEMENTED);
    const loss = this.options.meterLoss ?? mipsLimits.ENERGY_METER_LOSS_MEAN;
    const sf = this.options.meterSf ?? 0;
    const exported = (this.options.meterStartWh ?? 0) + this.producedWh * (1 - loss);
    const [high, low] = acc32Words(Math.floor(exported / 10 ** sf));
    for (let offset = 36; offset < 52; offset++) words[offset] = 0;
    words[p.TotWhExp] = high;
    words[p.TotWhExp + 1] = low;
    words[p.TotWh_SF] = int16Word(sf);
    words[p.W] = int16Word(Math.round((acPowerW(this.system, this.clockMs) * (1 - loss)) / 10));
    words[p.W_SF] = int16Word(1);
    return words;
  }

  private irradiancePoints(): number[] {
    const p = IRRADIANCE_MODEL.points;
    const words = new Array<number>(IRRADIANCE_MODEL.length).fill(SUNSPEC_UINT16_NOT_IMPLEMENTED);
    // The pyranometer's logger reports the mean of the last window, sampled each minute.
    const samples = SIM_IRRADIANCE_MEAN_MS / SIM_INTEGRATION_STEP_MS;
    let sum = 0;
    for (let index = 0; index < samples; index++) {
      sum += planeOfArrayWm2(
        this.system,
        this.clockMs - SIM_IRRADIANCE_MEAN_MS + (index + 0.5) * SIM_INTEGRATION_STEP_MS,
      );
    }
    words[p.POAI] = Math.min(0xfffe, Math.round(sum / samples));
    return words;
  }
}
