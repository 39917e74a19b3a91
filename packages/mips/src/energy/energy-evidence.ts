/**
 * Reading a generation-interval proof into numbers the checks use, refusing what is unusable:
 * a window that is empty or over an hour, a scale factor outside SunSpec's −10..10, a claimed Wh
 * that is not the claimed register difference, evidence JSON of the wrong shape, or claimed
 * register readings that the register evidence does not contain. Everything else is measured.
 */
import { type JsonValue, parseTimestamp } from '@mycel/kernel';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import {
  ENERGY_SCALE_FACTOR_MAX,
  ENERGY_SCALE_FACTOR_MIN,
  ENERGY_WINDOW_MS_MAX,
} from '../limits.js';
import { type MipsResult, mipsFail } from '../mips-error-codes.js';
import {
  type EnergyClaim,
  type IrradianceEvidence,
  IrradianceEvidenceSchema,
  type MeterEvidence,
  MeterEvidenceSchema,
  type RegisterEvidence,
  RegisterEvidenceSchema,
  registerWh,
} from './energy-claim-schema.js';

/** A parsed, structurally sound proof: the numbers every check reads. */
export interface EnergyInterval {
  readonly claim: EnergyClaim;
  readonly startMs: number;
  readonly endMs: number;
  readonly claimedWh: number;
  readonly register: RegisterEvidence;
  /** Index of the reads the claim's start and end readings are. */
  readonly startIndex: number;
  readonly endIndex: number;
  readonly meter?: MeterEvidence;
  readonly irradiance?: IrradianceEvidence;
}

const registerShape = TypeCompiler.Compile(RegisterEvidenceSchema);
const meterShape = TypeCompiler.Compile(MeterEvidenceSchema);
const irradianceShape = TypeCompiler.Compile(IrradianceEvidenceSchema);

function shaped<T>(
  check: {
    Check(value: unknown): boolean;
    Errors(value: unknown): Iterable<{ path: string; message: string }>;
  },
  value: JsonValue | undefined,
  role: string,
): MipsResult<T | undefined> {
  if (value === undefined) return { ok: true, value: undefined };
  if (!check.Check(value)) {
    const first = [...check.Errors(value)][0];
    return mipsFail(
      'energy_evidence_invalid',
      `${role}: ${first?.message ?? 'schema mismatch'} at ${first?.path ?? '/'}`,
      `/evidence/${role}${first?.path ?? ''}`,
    );
  }
  return { ok: true, value: value as T };
}

function scaleFactorInRange(sf: number): boolean {
  return sf >= ENERGY_SCALE_FACTOR_MIN && sf <= ENERGY_SCALE_FACTOR_MAX;
}

export function readInterval(
  claim: EnergyClaim,
  evidence: ReadonlyMap<string, JsonValue>,
): MipsResult<EnergyInterval> {
  const startMs = parseTimestamp(claim.window.start) ?? Number.NaN;
  const endMs = parseTimestamp(claim.window.end) ?? Number.NaN;
  if (!(endMs > startMs)) {
    return mipsFail(
      'energy_window_invalid',
      `the window ends at ${claim.window.end}`,
      '/claim/window',
    );
  }
  if (endMs - startMs > ENERGY_WINDOW_MS_MAX) {
    return mipsFail(
      'energy_window_too_long',
      `the window is ${(endMs - startMs) / 60000} min, more than ${ENERGY_WINDOW_MS_MAX / 60000}`,
      '/claim/window',
    );
  }
  const { start, end } = claim.value.register;
  for (const [name, sf] of [
    ['start', start.sf],
    ['end', end.sf],
  ] as const) {
    if (!scaleFactorInRange(sf)) {
      return mipsFail(
        'energy_scale_factor_out_of_range',
        `the ${name} reading's scale factor ${sf} is outside ${ENERGY_SCALE_FACTOR_MIN}..${ENERGY_SCALE_FACTOR_MAX}`,
        `/claim/value/register/${name}/sf`,
      );
    }
  }
  const delta = registerWh(end.raw, end.sf) - registerWh(start.raw, start.sf);
  const claimedWh = claim.value.wh;
  if (Math.abs(delta - claimedWh) > 1e-9 * Math.max(1, Math.abs(delta))) {
    return mipsFail(
      'energy_claim_inconsistent',
      `the registers give ${delta} Wh, the claim ${claimedWh} Wh`,
      '/claim/value/wh',
    );
  }
  const register = shaped<RegisterEvidence>(registerShape, evidence.get('register'), 'register');
  if (!register.ok) return register;
  const meter = shaped<MeterEvidence>(meterShape, evidence.get('meter'), 'meter');
  if (!meter.ok) return meter;
  const irradiance = shaped<IrradianceEvidence>(
    irradianceShape,
    evidence.get('irradiance'),
    'irradiance',
  );
  if (!irradiance.ok) return irradiance;
  const reads = register.value!;
  for (const [index, read] of reads.reads.entries()) {
    if (!scaleFactorInRange(read.whSf)) {
      return mipsFail(
        'energy_scale_factor_out_of_range',
        `register read ${index} has scale factor ${read.whSf}`,
        `/evidence/register/reads/${index}/whSf`,
      );
    }
  }
  for (const [index, read] of (meter.value?.reads ?? []).entries()) {
    if (!scaleFactorInRange(read.whSf)) {
      return mipsFail(
        'energy_scale_factor_out_of_range',
        `meter read ${index} has scale factor ${read.whSf}`,
        `/evidence/meter/reads/${index}/whSf`,
      );
    }
  }
  const same = (read: { wh: number; whSf: number }, reading: { raw: number; sf: number }) =>
    read.wh === reading.raw && read.whSf === reading.sf;
  const nearest = (reading: { raw: number; sf: number }, timeMs: number, after: number) => {
    let best = -1;
    for (let index = after + 1; index < reads.reads.length; index++) {
      const read = reads.reads[index]!;
      if (!same(read, reading)) continue;
      if (best < 0 || Math.abs(read.tMs - timeMs) < Math.abs(reads.reads[best]!.tMs - timeMs)) {
        best = index;
      }
    }
    return best;
  };
  const startIndex = nearest(start, startMs, -1);
  const endIndex = startIndex < 0 ? -1 : nearest(end, endMs, startIndex);
  if (
    reads.model !== claim.value.register.model ||
    reads.point !== claim.value.register.point ||
    startIndex < 0 ||
    endIndex <= startIndex
  ) {
    return mipsFail(
      'energy_claim_contradicts_evidence',
      'the claimed start and end readings are not an ordered pair of the register evidence reads',
      '/claim/value/register',
    );
  }
  return {
    ok: true,
    value: {
      claim,
      startMs,
      endMs,
      claimedWh,
      register: reads,
      startIndex,
      endIndex,
      ...(meter.value !== undefined ? { meter: meter.value } : {}),
      ...(irradiance.value !== undefined ? { irradiance: irradiance.value } : {}),
    },
  };
}
