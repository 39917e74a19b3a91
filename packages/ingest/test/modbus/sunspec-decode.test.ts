/**
 * The pure SunSpec decoder against register words built by hand from the model definitions:
 * the marker, model headers, int16 scale factors (0x8000 not implemented), acc32 word order, and
 * an accumulator that runs backwards. Each bad input asserts its exact code.
 */
import { describe, expect, it } from 'vitest';
import {
  acc32,
  acc32Words,
  checkAccumulatorStep,
  checkMarker,
  decodeInverter,
  decodeMeter,
  decodeScaleFactor,
  INVERTER_MODEL,
  int16Word,
  METER_MODEL,
  modelHeader,
} from '../../src/index.js';

function inverterWords(fields: { wh: number; whSf: number; w: number }): number[] {
  const words = new Array<number>(INVERTER_MODEL.length).fill(0xffff);
  const p = INVERTER_MODEL.points;
  [words[p.WH], words[p.WH + 1]] = acc32Words(fields.wh);
  words[p.WH_SF] = int16Word(fields.whSf);
  words[p.W] = int16Word(fields.w);
  words[p.W_SF] = int16Word(0);
  words[p.A] = 1234;
  words[p.A_SF] = int16Word(-2);
  words[p.St] = 4;
  return words;
}

describe('SunSpec decoder', () => {
  it("reads 'SunS' and refuses anything else with sunspec_marker_missing", () => {
    expect(checkMarker([0x5375, 0x6e53]).ok).toBe(true);
    const wrong = checkMarker([0, 0]);
    expect(!wrong.ok && wrong.error.code).toBe('sunspec_marker_missing');
  });

  it('decodes acc32 high word first and a negative scale factor', () => {
    expect(acc32Words(70_000)).toEqual([1, 4464]);
    expect(acc32(1, 4464)).toBe(70_000);
    const decoded = decodeInverter(inverterWords({ wh: 123_456_789, whSf: -1, w: 4321 }));
    expect(decoded.ok && decoded.value).toMatchObject({
      w: 4321,
      a: 12.34,
      state: 'mppt',
      wh: { raw: 123_456_789, sf: -1, wh: 12_345_678.9 },
    });
  });

  it('refuses a scale factor outside -10..10 with sunspec_scale_factor_invalid', () => {
    const decoded = decodeInverter(inverterWords({ wh: 1000, whSf: 12, w: 10 }));
    expect(!decoded.ok && decoded.error.code).toBe('sunspec_scale_factor_invalid');
  });

  it('refuses a not-implemented WH_SF (0x8000) where the energy needs it', () => {
    const words = inverterWords({ wh: 1000, whSf: 0, w: 10 });
    words[INVERTER_MODEL.points.WH_SF] = 0x8000;
    const decoded = decodeInverter(words);
    expect(!decoded.ok && decoded.error.code).toBe('sunspec_scale_factor_invalid');
    const optional = decodeScaleFactor(0x8000, 'A_SF', false);
    expect(optional.ok && optional.value).toBeUndefined();
  });

  it('refuses a model header whose L contradicts the definition, and ID 0', () => {
    const header = modelHeader([103, 52]);
    expect(!header.ok && header.error.code).toBe('sunspec_model_length_invalid');
    const zero = modelHeader([0, 10]);
    expect(!zero.ok && zero.error.code).toBe('sunspec_model_unknown');
    expect(modelHeader([0xffff, 0]).ok).toBe(true);
  });

  it('reads the meter TotWhExp with TotWh_SF', () => {
    const words = new Array<number>(METER_MODEL.length).fill(0x8000);
    const p = METER_MODEL.points;
    [words[p.TotWhExp], words[p.TotWhExp + 1]] = acc32Words(987_654);
    words[p.TotWh_SF] = int16Word(1);
    const decoded = decodeMeter(words);
    expect(decoded.ok && decoded.value.totWhExp.wh).toBe(9_876_540);
    const short = decodeMeter(words.slice(0, 50));
    expect(!short.ok && short.error.code).toBe('sunspec_words_invalid');
  });

  it('refuses an accumulator that runs backwards with sunspec_accumulator_rollback', () => {
    const at = (raw: number) => ({ raw, sf: 0, words: acc32Words(raw), wh: raw }) as const;
    expect(checkAccumulatorStep(at(100), at(100), 'WH').ok).toBe(true);
    const step = checkAccumulatorStep(at(100), at(99), 'WH');
    expect(!step.ok && step.error.code).toBe('sunspec_accumulator_rollback');
  });
});
