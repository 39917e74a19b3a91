/** Structural refusals of mip-hlt/hrv-short-term@1.0.0: each listed bad input, its own code. */
import type { JsonValue } from '@mycel/kernel';
import { describe, expect, it } from 'vitest';
import { honestCase } from '../../src/health/hrv-cases.js';
import {
  HEALTH_HRV_MODULE,
  type MipsErrorCode,
  seededRandom,
  verifyCase,
} from '../../src/index.js';
import { type Edits, edited, seriesOf } from './hrv-fixtures.js';

type Json = Record<string, JsonValue>;
const ecg = honestCase(seededRandom(1));
const ppg = honestCase(seededRandom(3));

function refusal(edits: Edits, base = ecg): MipsErrorCode | 'accepted' {
  const verified = verifyCase(HEALTH_HRV_MODULE, edited(base, edits));
  return verified.ok ? 'accepted' : verified.error.code;
}

const withSeries =
  (change: (series: { beatTimesMs: number[]; rrMs: number[] }) => void) => (series: Json) => {
    const copy = structuredClone(series) as unknown as { beatTimesMs: number[]; rrMs: number[] };
    change(copy);
    return copy as unknown as Json;
  };
const withValue = (change: Json) => (claim: Json) => ({
  ...claim,
  value: { ...(claim.value as Json), ...change },
});

describe('the fixtures', () => {
  it('an unedited rebuild of the honest case is accepted', () => {
    expect(refusal({})).toBe('accepted');
    expect(seriesOf(ecg).rrMs.length).toBe(seriesOf(ecg).beatTimesMs.length - 1);
  });
});

describe('claim refusals (mip_claim_invalid)', () => {
  it('a personal field in the claim value (birthDate) is refused', () => {
    expect(refusal({ claim: withValue({ birthDate: '1980-01-01' }) })).toBe('mip_claim_invalid');
  });
  it('a name as the subject instead of a keyed pseudonym is refused', () => {
    expect(refusal({ claim: (claim) => ({ ...claim, subject: 'Jane Doe' }) })).toBe(
      'mip_claim_invalid',
    );
  });
  it('an extra top-level claim field is refused', () => {
    expect(
      refusal({
        claim: (claim) => ({
          ...claim,
          pattern: { before: 1, intervention: 2, after: 3, delta: 4 },
        }),
      }),
    ).toBe('mip_claim_invalid');
  });
  it('another unit than ms is refused', () => {
    expect(refusal({ claim: (claim) => ({ ...claim, unit: 's' }) })).toBe('mip_claim_invalid');
  });
});

describe('evidence and gate refusals', () => {
  it('an unknown field in the RR series: health_evidence_invalid', () => {
    expect(refusal({ series: (series) => ({ ...series, patientName: 'Jane' }) })).toBe(
      'health_evidence_invalid',
    );
  });
  it('one RR interval too few for the beats: health_evidence_invalid', () => {
    expect(refusal({ series: withSeries((s) => s.rrMs.pop()) })).toBe('health_evidence_invalid');
  });
  it('beat times out of order: health_evidence_invalid', () => {
    expect(
      refusal({
        series: withSeries((s) => {
          [s.beatTimesMs[3], s.beatTimesMs[4]] = [s.beatTimesMs[4]!, s.beatTimesMs[3]!];
        }),
      }),
    ).toBe('health_evidence_invalid');
  });
  it('an RR interval that is not its beats’ difference: health_series_inconsistent', () => {
    expect(
      refusal({
        series: withSeries((s) => {
          s.rrMs[10] = s.rrMs[10]! + 40;
        }),
      }),
    ).toBe('health_series_inconsistent');
  });
  it('a beat time off the sampling grid: health_series_inconsistent', () => {
    expect(
      refusal({
        series: withSeries((s) => {
          s.beatTimesMs[0] = s.beatTimesMs[0]! + 0.3;
          s.rrMs[0] = s.beatTimesMs[1]! - s.beatTimesMs[0]!;
        }),
      }),
    ).toBe('health_series_inconsistent');
  });
  it('the claim names PPG, the device evidence ECG: health_device_mismatch', () => {
    expect(refusal({ claim: withValue({ deviceClass: 'ppg' }) })).toBe('health_device_mismatch');
  });
  it('an ECG at 125 Hz: health_sampling_rate_low', () => {
    expect(refusal({ device: (device) => ({ ...device, samplingRateHz: 125 }) })).toBe(
      'health_sampling_rate_low',
    );
  });
  it('a PPG at 20 Hz: health_sampling_rate_low', () => {
    expect(refusal({ device: (device) => ({ ...device, samplingRateHz: 20 }) }, ppg)).toBe(
      'health_sampling_rate_low',
    );
  });
  it('a 4-minute window: health_window_invalid', () => {
    const start = Date.parse(ecg.proof.claim.window!.start);
    const shorter = new Date(start + 240_000).toISOString();
    expect(
      refusal({
        claim: (claim) => ({ ...claim, window: { ...(claim.window as Json), end: shorter } }),
      }),
    ).toBe('health_window_invalid');
  });
  it('beats spanning only the first 4 minutes: health_window_invalid', () => {
    expect(
      refusal({
        series: withSeries((s) => {
          const keep = s.beatTimesMs.filter((time) => time < 240_000).length;
          s.beatTimesMs.length = keep;
          s.rrMs.length = keep - 1;
        }),
      }),
    ).toBe('health_window_invalid');
  });
  it('one in five intervals split by a spurious beat: health_artefacts_excessive', () => {
    expect(
      refusal({
        series: withSeries((s) => {
          const times: number[] = [];
          s.beatTimesMs.forEach((time, index) => {
            times.push(time);
            const next = s.beatTimesMs[index + 1];
            if (next !== undefined && index % 5 === 0)
              times.push(time + Math.round((next - time) / 2 / 4) * 4);
          });
          s.beatTimesMs = times;
          s.rrMs = times.slice(1).map((time, index) => time - times[index]!);
        }),
      }),
    ).toBe('health_artefacts_excessive');
  });
});
