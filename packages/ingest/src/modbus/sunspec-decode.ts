/**
 * The pure SunSpec decoder: register words in, values with their raw form out, or a stable code.
 * Models 1 (common), 103 (inverter), 203 (meter) and 302 (irradiance), as mapped in
 * sunspec-map.ts. A scale factor outside −10..10, or not implemented where its value is needed,
 * is refused; so is an accumulator that reads lower than the read before it.
 */
import { SUNSPEC_SCALE_FACTOR_MAX, SUNSPEC_SCALE_FACTOR_MIN } from '../limits/modbus.js';
import { type ModbusResult, modbusFail } from './modbus-error-codes.js';
import {
  COMMON_MODEL,
  INVERTER_MODEL,
  INVERTER_STATES,
  type InverterState,
  IRRADIANCE_MODEL,
  METER_MODEL,
  SUNSPEC_ACC32_NOT_IMPLEMENTED,
  SUNSPEC_END_MODEL_ID,
  SUNSPEC_INT16_NOT_IMPLEMENTED,
  SUNSPEC_KNOWN_MODELS,
  SUNSPEC_MARKER,
  SUNSPEC_UINT16_NOT_IMPLEMENTED,
} from './sunspec-map.js';
import { acc32, int16, isWord, wordsString } from './sunspec-words.js';

/** An accumulator as the device holds it: raw count × 10^sf Wh. */
export interface AccumulatorValue {
  readonly raw: number;
  readonly sf: number;
  /** The two register words, high first, as read. */
  readonly words: readonly [number, number];
  readonly wh: number;
}

export interface CommonValues {
  readonly manufacturer: string;
  readonly model: string;
  readonly version: string;
  readonly serial: string;
}

export interface InverterValues {
  /** AC current, A. */
  readonly a: number;
  /** AC power, W (the register with W_SF applied). */
  readonly w: number;
  readonly wh: AccumulatorValue;
  readonly state: InverterState | 'unknown';
}

export interface MeterValues {
  readonly totWhExp: AccumulatorValue;
}

export interface IrradianceValues {
  /** Plane-of-array irradiance, W/m². */
  readonly poaWm2: number;
  /** Global horizontal irradiance, W/m², when implemented. */
  readonly ghiWm2?: number;
}

export interface ModelHeader {
  readonly id: number;
  readonly length: number;
}

function checkWords(words: readonly number[], count: number, what: string): ModbusResult<void> {
  if (words.length < count || !words.slice(0, count).every(isWord)) {
    return modbusFail(
      'sunspec_words_invalid',
      `${what} needs ${count} 16-bit register words, got ${words.length}`,
    );
  }
  return { ok: true, value: undefined };
}

/** Holding registers 40000-40001 must read 'SunS'. */
export function checkMarker(words: readonly number[]): ModbusResult<void> {
  const shape = checkWords(words, 2, 'the SunSpec marker');
  if (!shape.ok) return shape;
  if (words[0] !== SUNSPEC_MARKER[0] || words[1] !== SUNSPEC_MARKER[1]) {
    const seen = words
      .slice(0, 2)
      .map((word) => `0x${word.toString(16).padStart(4, '0')}`)
      .join(' ');
    return modbusFail('sunspec_marker_missing', `registers 40000-40001 read ${seen}, not 'SunS'`);
  }
  return { ok: true, value: undefined };
}

/**
 * A model header `[ID, L]`: the end model (L 0), a model this reader decodes (L as defined), or
 * another model the walk skips over by its L.
 */
export function modelHeader(words: readonly number[]): ModbusResult<ModelHeader> {
  const shape = checkWords(words, 2, 'a model header');
  if (!shape.ok) return shape;
  const id = words[0]!;
  const length = words[1]!;
  if (id === SUNSPEC_END_MODEL_ID) {
    return length === 0
      ? { ok: true, value: { id, length } }
      : modbusFail('sunspec_model_length_invalid', `the end model has L ${length}, not 0`);
  }
  const known = SUNSPEC_KNOWN_MODELS.get(id);
  if (known !== undefined && length !== known.length) {
    return modbusFail(
      'sunspec_model_length_invalid',
      `model ${id} has L ${length}, its definition ${known.length}`,
    );
  }
  if (id === 0) return modbusFail('sunspec_model_unknown', 'a model header with ID 0');
  return { ok: true, value: { id, length } };
}

/** A sunssf word: int16 within −10..10; 0x8000 (not implemented) is refused when `required`. */
export function decodeScaleFactor(
  word: number,
  name: string,
  required = true,
): ModbusResult<number | undefined> {
  if (word === SUNSPEC_INT16_NOT_IMPLEMENTED) {
    return required
      ? modbusFail('sunspec_scale_factor_invalid', `${name} is not implemented (0x8000)`)
      : { ok: true, value: undefined };
  }
  const sf = int16(word);
  if (sf < SUNSPEC_SCALE_FACTOR_MIN || sf > SUNSPEC_SCALE_FACTOR_MAX) {
    return modbusFail(
      'sunspec_scale_factor_invalid',
      `${name} is ${sf}, outside ${SUNSPEC_SCALE_FACTOR_MIN}..${SUNSPEC_SCALE_FACTOR_MAX}`,
    );
  }
  return { ok: true, value: sf };
}

function accumulator(
  words: readonly number[],
  offset: number,
  sfWord: number,
  name: string,
  sfName: string,
): ModbusResult<AccumulatorValue> {
  const sf = decodeScaleFactor(sfWord, sfName);
  if (!sf.ok) return sf;
  const high = words[offset]!;
  const low = words[offset + 1]!;
  const raw = acc32(high, low);
  if (raw === SUNSPEC_ACC32_NOT_IMPLEMENTED) {
    return modbusFail('sunspec_value_not_implemented', `${name} reads 0: not implemented`);
  }
  return { ok: true, value: { raw, sf: sf.value!, words: [high, low], wh: raw * 10 ** sf.value! } };
}

function scaled(word: number, sf: number | undefined, signed: boolean): number | undefined {
  const notImplemented = signed ? SUNSPEC_INT16_NOT_IMPLEMENTED : SUNSPEC_UINT16_NOT_IMPLEMENTED;
  if (word === notImplemented || sf === undefined) return undefined;
  return (signed ? int16(word) : word) * 10 ** sf;
}

/** Model 1's points (the L registers after the header). */
export function decodeCommon(words: readonly number[]): ModbusResult<CommonValues> {
  const shape = checkWords(words, COMMON_MODEL.length, 'model 1');
  if (!shape.ok) return shape;
  const { points, strings } = COMMON_MODEL;
  const text = (name: keyof typeof strings) =>
    wordsString(words.slice(points[name], points[name] + strings[name]));
  return {
    ok: true,
    value: { manufacturer: text('Mn'), model: text('Md'), version: text('Vr'), serial: text('SN') },
  };
}

/** Model 103's points: current, power and the lifetime energy accumulator WH with WH_SF. */
export function decodeInverter(words: readonly number[]): ModbusResult<InverterValues> {
  const shape = checkWords(words, INVERTER_MODEL.length, 'model 103');
  if (!shape.ok) return shape;
  const p = INVERTER_MODEL.points;
  const wSf = decodeScaleFactor(words[p.W_SF]!, 'W_SF');
  if (!wSf.ok) return wSf;
  const aSf = decodeScaleFactor(words[p.A_SF]!, 'A_SF', false);
  if (!aSf.ok) return aSf;
  const w = scaled(words[p.W]!, wSf.value, true);
  if (w === undefined) return modbusFail('sunspec_value_not_implemented', 'W is not implemented');
  const wh = accumulator(words, p.WH, words[p.WH_SF]!, 'WH', 'WH_SF');
  if (!wh.ok) return wh;
  const stWord = words[p.St]!;
  const state = INVERTER_STATES[stWord as keyof typeof INVERTER_STATES] ?? 'unknown';
  return {
    ok: true,
    value: { a: scaled(words[p.A]!, aSf.value, false) ?? 0, w, wh: wh.value, state },
  };
}

/** Model 203's points: total exported energy TotWhExp with TotWh_SF. */
export function decodeMeter(words: readonly number[]): ModbusResult<MeterValues> {
  const shape = checkWords(words, METER_MODEL.length, 'model 203');
  if (!shape.ok) return shape;
  const p = METER_MODEL.points;
  const totWhExp = accumulator(words, p.TotWhExp, words[p.TotWh_SF]!, 'TotWhExp', 'TotWh_SF');
  if (!totWhExp.ok) return totWhExp;
  return { ok: true, value: { totWhExp: totWhExp.value } };
}

/** Model 302's first block: plane-of-array (and global horizontal) irradiance, W/m². */
export function decodeIrradiance(words: readonly number[]): ModbusResult<IrradianceValues> {
  const shape = checkWords(words, IRRADIANCE_MODEL.length, 'model 302');
  if (!shape.ok) return shape;
  const p = IRRADIANCE_MODEL.points;
  const poa = words[p.POAI]!;
  if (poa === SUNSPEC_UINT16_NOT_IMPLEMENTED) {
    return modbusFail('sunspec_value_not_implemented', 'POAI is not implemented');
  }
  const ghi = words[p.GHI]!;
  return {
    ok: true,
    value: {
      poaWm2: poa,
      ...(ghi !== SUNSPEC_UINT16_NOT_IMPLEMENTED ? { ghiWm2: ghi } : {}),
    },
  };
}

/** An accumulator may only move forward between two reads of the same point. */
export function checkAccumulatorStep(
  before: AccumulatorValue,
  after: AccumulatorValue,
  name: string,
): ModbusResult<void> {
  if (after.wh < before.wh) {
    return modbusFail(
      'sunspec_accumulator_rollback',
      `${name} went from ${before.wh} Wh to ${after.wh} Wh`,
    );
  }
  return { ok: true, value: undefined };
}
