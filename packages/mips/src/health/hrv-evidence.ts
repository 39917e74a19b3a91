/**
 * The two evidence roles of `mip-hlt/hrv-short-term@1.0.0` and their JSON: the RR-interval series
 * with its beat times (stays in the subject's vault; only its digest is in the proof) and the
 * capturing device's metadata. Reading them checks the schema and the one structural rule a
 * schema cannot say: each RR interval is the difference of two beat times on the sampling grid.
 */
import type { JsonValue } from '@mycel/kernel';
import { type Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { TimestampSchema } from '../kernel-parts.js';
import {
  HEALTH_DEVICE_MODEL_CHARS_MAX,
  HEALTH_INTERVALS_MAX,
  HEALTH_SAMPLING_HZ_MAX,
  HEALTH_WINDOW_MS,
} from '../limits.js';
import type { EvidenceRole } from '../mechanism/mip-module.js';
import { type MipsResult, mipsFail } from '../mips-error-codes.js';
import { HEALTH_DEVICE_CLASSES } from './hrv-claim-schema.js';

export const HEALTH_RR_SERIES_MEDIA_TYPE = 'application/vnd.mycel.health.rr-series+json';
export const HEALTH_DEVICE_MEDIA_TYPE = 'application/vnd.mycel.health.device+json';

export const HEALTH_HRV_EVIDENCE: readonly EvidenceRole[] = [
  {
    role: 'rr-series',
    mediaType: HEALTH_RR_SERIES_MEDIA_TYPE,
    capture:
      'beat times (ECG R-wave peaks or PPG pulse onsets) and RR intervals over a 5-minute resting recording',
    calibration: 'recommended',
    required: true,
  },
  {
    role: 'device',
    mediaType: HEALTH_DEVICE_MEDIA_TYPE,
    capture: 'device class (ecg | ppg), sampling rate in Hz and model, as the device reports them',
    calibration: 'none',
    required: true,
  },
];

const Milliseconds = Type.Number({ minimum: 0, maximum: 2 * HEALTH_WINDOW_MS });

export const HealthRrSeriesSchema = Type.Object(
  {
    /** The device clock's time of its first sample: beat times count from it. */
    startedAt: TimestampSchema,
    /** Each detected beat, ms after startedAt, strictly increasing. */
    beatTimesMs: Type.Array(Milliseconds, { minItems: 2, maxItems: HEALTH_INTERVALS_MAX + 1 }),
    /** rrMs[i] = beatTimesMs[i + 1] − beatTimesMs[i]. */
    rrMs: Type.Array(Milliseconds, { minItems: 1, maxItems: HEALTH_INTERVALS_MAX }),
  },
  { additionalProperties: false },
);
export type HealthRrSeries = Static<typeof HealthRrSeriesSchema>;

export const HealthDeviceSchema = Type.Object(
  {
    deviceClass: Type.Union(HEALTH_DEVICE_CLASSES.map((name) => Type.Literal(name))),
    samplingRateHz: Type.Number({ exclusiveMinimum: 0, maximum: HEALTH_SAMPLING_HZ_MAX }),
    model: Type.String({ minLength: 1, maxLength: HEALTH_DEVICE_MODEL_CHARS_MAX }),
  },
  { additionalProperties: false },
);
export type HealthDevice = Static<typeof HealthDeviceSchema>;

const seriesShape = TypeCompiler.Compile(HealthRrSeriesSchema);
const deviceShape = TypeCompiler.Compile(HealthDeviceSchema);

/** Relative slack for float arithmetic when matching a time to the grid or an RR to a difference. */
const FLOAT_SLACK = 1e-9;

export function readHealthDevice(value: JsonValue | undefined): MipsResult<HealthDevice> {
  if (!deviceShape.Check(value)) {
    const first = deviceShape.Errors(value).First();
    return mipsFail('health_evidence_invalid', `device: ${first?.message}`, first?.path);
  }
  return { ok: true, value };
}

/** The series, checked against its schema, itself and the device's sampling period. */
export function readHealthRrSeries(
  value: JsonValue | undefined,
  samplingRateHz: number,
): MipsResult<HealthRrSeries> {
  if (!seriesShape.Check(value)) {
    const first = seriesShape.Errors(value).First();
    return mipsFail('health_evidence_invalid', `rr-series: ${first?.message}`, first?.path);
  }
  const { beatTimesMs: beats, rrMs } = value;
  if (rrMs.length !== beats.length - 1) {
    return mipsFail(
      'health_evidence_invalid',
      `${beats.length} beats have ${beats.length - 1} intervals, not ${rrMs.length}`,
      '/rrMs',
    );
  }
  for (let index = 1; index < beats.length; index++) {
    if (beats[index]! <= beats[index - 1]!) {
      return mipsFail(
        'health_evidence_invalid',
        'beat times must increase',
        `/beatTimesMs/${index}`,
      );
    }
  }
  const periodMs = 1000 / samplingRateHz;
  for (let index = 0; index < beats.length; index++) {
    const steps = beats[index]! / periodMs;
    if (Math.abs(steps - Math.round(steps)) > FLOAT_SLACK * Math.max(1, steps)) {
      return mipsFail(
        'health_series_inconsistent',
        `beat ${index} at ${beats[index]} ms is off the ${periodMs} ms sampling grid`,
        `/beatTimesMs/${index}`,
      );
    }
    if (index === 0) continue;
    const difference = beats[index]! - beats[index - 1]!;
    if (Math.abs(rrMs[index - 1]! - difference) > FLOAT_SLACK * Math.max(1, difference)) {
      return mipsFail(
        'health_series_inconsistent',
        `interval ${index - 1} is ${rrMs[index - 1]} ms but its beats are ${difference} ms apart`,
        `/rrMs/${index - 1}`,
      );
    }
  }
  return { ok: true, value };
}
