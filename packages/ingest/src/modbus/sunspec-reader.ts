/**
 * The SunSpec reader: a Modbus TCP client (modbus-serial) that checks the 'SunS' marker at 40000,
 * walks the model list to the end model on each unit it is given (inverter, and optionally a
 * revenue meter and a met station), and turns each poll into `Reading`s: the inverter's lifetime
 * energy WH and power W, the meter's TotWhExp, the pyranometer's POAI. Each model is read in one
 * request, so its points are consistent; a poll either returns every reading or a code.
 */
import { formatTimestamp } from '@mycel/kernel';
import modbusSerial from 'modbus-serial';
import {
  MODBUS_CONNECT_TIMEOUT_MS,
  MODBUS_READ_REGISTERS_MAX,
  MODBUS_RESPONSE_TIMEOUT_MS,
  SUNSPEC_MODELS_MAX,
} from '../limits/modbus.js';
import type { Reading } from '../reading.js';
import { type ModbusResult, modbusFail } from './modbus-error-codes.js';
import {
  type AccumulatorValue,
  checkAccumulatorStep,
  checkMarker,
  decodeInverter,
  decodeIrradiance,
  decodeMeter,
  modelHeader,
} from './sunspec-decode.js';
import {
  INVERTER_MODEL,
  IRRADIANCE_MODEL,
  METER_MODEL,
  SUNSPEC_BASE_ADDRESS,
  SUNSPEC_END_MODEL_ID,
} from './sunspec-map.js';

/** Where each model starts on a unit: the address of its first point (after ID and L). */
export type ModelDirectory = ReadonlyMap<
  number,
  { readonly address: number; readonly length: number }
>;

export interface SunSpecUnits {
  readonly inverter: number;
  readonly meter?: number;
  readonly met?: number;
}

export interface SunSpecReaderOptions {
  readonly host: string;
  readonly port: number;
  /** did:key of the device the readings are attributed to. */
  readonly device: string;
  readonly units?: SunSpecUnits;
  /** The device's clock, ms (a simulated site's clock in the devnet); default Date.now. */
  readonly clock?: () => number;
  readonly timeoutMs?: number;
}

// modbus-serial is CommonJS; its module object carries the client class as `default` too.
const ModbusClient = modbusSerial.default;
type ModbusRTU = InstanceType<typeof ModbusClient>;

const DEFAULT_UNITS: SunSpecUnits = { inverter: 1, meter: 2, met: 3 };

function errorOf(error: unknown): {
  code: 'modbus_exception' | 'modbus_connection_lost';
  message: string;
} {
  const detail = error as { modbusCode?: number; message?: string; errno?: string } | undefined;
  if (typeof detail?.modbusCode === 'number') {
    return {
      code: 'modbus_exception',
      message: detail.message ?? `exception ${detail.modbusCode}`,
    };
  }
  return {
    code: 'modbus_connection_lost',
    message: `${detail?.errno ?? 'error'}: ${detail?.message ?? String(error)}`,
  };
}

export class SunSpecReader {
  private readonly last = new Map<string, AccumulatorValue>();

  private constructor(
    private readonly client: ModbusRTU,
    private readonly options: SunSpecReaderOptions,
    readonly units: SunSpecUnits,
    /** The models found on each unit id. */
    readonly directories: ReadonlyMap<number, ModelDirectory>,
  ) {}

  /** Connects, then discovers the models on every unit; the inverter must have model 103. */
  static async connect(options: SunSpecReaderOptions): Promise<ModbusResult<SunSpecReader>> {
    const units = options.units ?? DEFAULT_UNITS;
    const client = new ModbusClient();
    try {
      await Promise.race([
        client.connectTCP(options.host, { port: options.port }),
        new Promise((_, reject) =>
          setTimeout(
            () => reject(new Error('connect timed out')),
            MODBUS_CONNECT_TIMEOUT_MS,
          ).unref(),
        ),
      ]);
    } catch (error) {
      client.close(() => {});
      return modbusFail(
        'modbus_connect_failed',
        `${options.host}:${options.port}: ${(error as Error)?.message ?? String(error)}`,
      );
    }
    client.setTimeout(options.timeoutMs ?? MODBUS_RESPONSE_TIMEOUT_MS);
    const directories = new Map<number, ModelDirectory>();
    const needs: [number | undefined, number][] = [
      [units.inverter, INVERTER_MODEL.id],
      [units.meter, METER_MODEL.id],
      [units.met, IRRADIANCE_MODEL.id],
    ];
    for (const [unit, model] of needs) {
      if (unit === undefined) continue;
      const directory = await discover(client, unit);
      if (!directory.ok) {
        await closeClient(client);
        return directory;
      }
      if (!directory.value.has(model)) {
        await closeClient(client);
        return modbusFail('sunspec_model_unknown', `unit ${unit} has no model ${model}`);
      }
      directories.set(unit, directory.value);
    }
    return { ok: true, value: new SunSpecReader(client, options, units, directories) };
  }

  /** One poll of every unit: WH and W, then TotWhExp and POAI when those units are configured. */
  async read(): Promise<ModbusResult<Reading[]>> {
    const capturedAt = formatTimestamp((this.options.clock ?? Date.now)());
    const reading = (
      metric: string,
      value: number,
      unit: string,
      raw: Reading['raw'],
    ): Reading => ({
      device: this.options.device,
      source: 'modbus-sunspec',
      metric,
      value,
      unit,
      capturedAt,
      ...(raw !== undefined ? { raw } : {}),
    });
    const readings: Reading[] = [];
    const pending = new Map<string, AccumulatorValue>();
    const inverterWords = await this.model(this.units.inverter, INVERTER_MODEL.id);
    if (!inverterWords.ok) return inverterWords;
    const inverter = decodeInverter(inverterWords.value);
    if (!inverter.ok) return inverter;
    const step = this.step('WH', inverter.value.wh, pending);
    if (!step.ok) return step;
    readings.push(
      reading(
        'WH',
        inverter.value.wh.wh,
        'Wh',
        accumulatorRaw(INVERTER_MODEL.id, inverter.value.wh),
      ),
      reading('W', inverter.value.w, 'W', {
        model: INVERTER_MODEL.id,
        state: inverter.value.state,
      }),
    );
    if (this.units.meter !== undefined) {
      const words = await this.model(this.units.meter, METER_MODEL.id);
      if (!words.ok) return words;
      const meter = decodeMeter(words.value);
      if (!meter.ok) return meter;
      const meterStep = this.step('TotWhExp', meter.value.totWhExp, pending);
      if (!meterStep.ok) return meterStep;
      readings.push(
        reading(
          'TotWhExp',
          meter.value.totWhExp.wh,
          'Wh',
          accumulatorRaw(METER_MODEL.id, meter.value.totWhExp),
        ),
      );
    }
    if (this.units.met !== undefined) {
      const words = await this.model(this.units.met, IRRADIANCE_MODEL.id);
      if (!words.ok) return words;
      const met = decodeIrradiance(words.value);
      if (!met.ok) return met;
      readings.push(reading('POAI', met.value.poaWm2, 'W/m2', { model: IRRADIANCE_MODEL.id }));
    }
    for (const [name, value] of pending) this.last.set(name, value);
    return { ok: true, value: readings };
  }

  close(): Promise<void> {
    return closeClient(this.client);
  }

  private step(
    name: string,
    value: AccumulatorValue,
    pending: Map<string, AccumulatorValue>,
  ): ModbusResult<void> {
    const before = this.last.get(name);
    if (before !== undefined) {
      const step = checkAccumulatorStep(before, value, name);
      if (!step.ok) return step;
    }
    pending.set(name, value);
    return { ok: true, value: undefined };
  }

  private async model(unit: number, model: number): Promise<ModbusResult<number[]>> {
    const entry = this.directories.get(unit)?.get(model);
    if (entry === undefined) {
      return modbusFail('sunspec_model_unknown', `unit ${unit} has no model ${model}`);
    }
    return readWords(this.client, unit, entry.address, entry.length);
  }
}

function accumulatorRaw(model: number, value: AccumulatorValue): Reading['raw'] {
  return { model, word0: value.words[0], word1: value.words[1], acc: value.raw, sf: value.sf };
}

async function readWords(
  client: ModbusRTU,
  unit: number,
  address: number,
  length: number,
): Promise<ModbusResult<number[]>> {
  const words: number[] = [];
  try {
    client.setID(unit);
    for (let at = address; at < address + length; at += MODBUS_READ_REGISTERS_MAX) {
      const count = Math.min(MODBUS_READ_REGISTERS_MAX, address + length - at);
      const answer = await client.readHoldingRegisters(at, count);
      words.push(...answer.data);
    }
  } catch (error) {
    const { code, message } = errorOf(error);
    return modbusFail(code, `unit ${unit} registers ${address}+${length}: ${message}`);
  }
  return { ok: true, value: words };
}

/** Walks a unit's SunSpec map from 40000: marker, then [ID, L] headers to the end model. */
async function discover(client: ModbusRTU, unit: number): Promise<ModbusResult<ModelDirectory>> {
  const marker = await readWords(client, unit, SUNSPEC_BASE_ADDRESS, 2);
  if (!marker.ok) {
    return marker.error.code === 'modbus_exception'
      ? modbusFail('sunspec_marker_missing', `unit ${unit}: ${marker.error.message}`)
      : marker;
  }
  const checked = checkMarker(marker.value);
  if (!checked.ok) return modbusFail(checked.error.code, `unit ${unit}: ${checked.error.message}`);
  const directory = new Map<number, { address: number; length: number }>();
  let address = SUNSPEC_BASE_ADDRESS + 2;
  for (let index = 0; index < SUNSPEC_MODELS_MAX; index++) {
    const words = await readWords(client, unit, address, 2);
    if (!words.ok) return words;
    const header = modelHeader(words.value);
    if (!header.ok) return header;
    if (header.value.id === SUNSPEC_END_MODEL_ID) return { ok: true, value: directory };
    directory.set(header.value.id, { address: address + 2, length: header.value.length });
    address += 2 + header.value.length;
  }
  return modbusFail(
    'sunspec_end_missing',
    `unit ${unit}: no end model after ${SUNSPEC_MODELS_MAX} models`,
  );
}

function closeClient(client: ModbusRTU): Promise<void> {
  return new Promise((resolve) => {
    if (!client.isOpen) {
      resolve();
      return;
    }
    client.close(() => resolve());
  });
}
