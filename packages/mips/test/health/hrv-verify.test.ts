/** mip-hlt/hrv-short-term@1.0.0: honest recordings pass, each cheating model is caught, p is calibrated. */
import { describe, expect, it } from 'vitest';
import { cheatCase, honestCase } from '../../src/health/hrv-cases.js';
import {
  HEALTH_HRV_MODULE,
  type RealityResult,
  seededRandom,
  verifyCase,
} from '../../src/index.js';
import type { GeneratedCase } from '../../src/mechanism/mip-module.js';

function result(generated: GeneratedCase): RealityResult {
  const verified = verifyCase(HEALTH_HRV_MODULE, generated);
  if (!verified.ok) throw new Error(`${verified.error.code}: ${verified.error.message}`);
  return verified.value;
}

describe('honest recordings', () => {
  it('an honest ECG recording passes with every check recorded', () => {
    const verified = result(honestCase(seededRandom(1)));
    expect(verified.verdict).toBe('pass');
    expect(verified.p).toBeGreaterThan(0.9);
    expect(verified.method).toBe('mip-hlt/hrv-short-term@1.0.0#recompute-task-force-1996');
    expect(verified.checks.map((check) => check.name)).toEqual([
      'values-recomputed',
      'device-class',
      'artefact-count',
      'series-structure',
      'recording-start',
      'sampling-grid',
      'timing-noise',
      'resting-heart-rate-max',
      'resting-heart-rate-min',
      'rmssd-sdnn-ratio',
    ]);
    expect(verified.settle?.unit).toBe('ms');
    expect(verified.settle?.quantile).toBe(0.05);
  });

  it('an honest PPG recording passes without the ECG-only grid check', () => {
    const verified = result(honestCase(seededRandom(3)));
    expect(verified.p).toBeGreaterThan(0.85);
    expect(verified.checks.some((check) => check.name === 'sampling-grid')).toBe(false);
    expect(verified.checks.some((check) => check.name === 'timing-noise')).toBe(true);
  });

  it('at least 95 % of 60 honest recordings get p ≥ 0.5', () => {
    const random = seededRandom(21);
    const ps = Array.from({ length: 60 }, () => result(honestCase(random)).p);
    expect(ps.filter((p) => p >= 0.5).length).toBeGreaterThanOrEqual(57);
  });

  it('checks carry their measured values and a note on how they moved p', () => {
    const verified = result(honestCase(seededRandom(1)));
    const values = verified.checks.find((check) => check.name === 'values-recomputed')!;
    const measured = values.measured as Record<string, number>;
    expect(Math.abs(measured.claimedRmssdMs! - measured.recomputedRmssdMs!)).toBeLessThanOrEqual(
      0.05,
    );
    for (const check of verified.checks) expect(check.note.length).toBeGreaterThan(10);
  });
});

describe('evidence locality (K3)', () => {
  it('the proof carries the series digest, never a beat time or an RR value', () => {
    const generated = honestCase(seededRandom(1));
    const text = JSON.stringify(generated.proof);
    expect(text).not.toContain('beatTimesMs');
    expect(text).not.toContain('rrMs');
    expect(generated.proof.evidence.map((entry) => entry.disclosure)).toEqual([
      'private',
      'on-request',
    ]);
    expect(generated.proof.evidence[0]!.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('each cheating model is caught', () => {
  it('altered-values: RMSSD / SDNN moved from the series fail on the recomputation', () => {
    const verified = result(cheatCase('altered-values', seededRandom(2)));
    expect(verified.verdict).toBe('fail');
    expect(verified.checks[0]!.logLikelihoodRatio).toBeLessThan(-10);
  });

  it('synthetic-series: white-noise RR without sinus structure fails', () => {
    const verified = result(cheatCase('synthetic-series', seededRandom(1)));
    expect(verified.verdict).toBe('fail');
    const structure = verified.checks.find((check) => check.name === 'series-structure')!;
    expect(structure.logLikelihoodRatio).toBeLessThan(-5);
  });

  it('artefacts-hidden: artefacts below the gate claimed clean fail on the count', () => {
    const verified = result(cheatCase('artefacts-hidden', seededRandom(4)));
    expect(verified.p).toBeLessThan(0.1);
    const count = verified.checks.find((check) => check.name === 'artefact-count')!;
    expect((count.measured as Record<string, number>).claimed).toBe(0);
    expect((count.measured as Record<string, number>).recomputed).toBeGreaterThan(0);
  });

  it('artefacts-hidden: artefacts above the gate are refused, health_artefacts_excessive', () => {
    const verified = verifyCase(HEALTH_HRV_MODULE, cheatCase('artefacts-hidden', seededRandom(1)));
    expect(verified.ok).toBe(false);
    if (!verified.ok) expect(verified.error.code).toBe('health_artefacts_excessive');
  });

  it('replayed-series: an old recording start fails on recording-start', () => {
    const verified = result(cheatCase('replayed-series', seededRandom(2)));
    expect(verified.verdict).toBe('fail');
    const start = verified.checks.find((check) => check.name === 'recording-start')!;
    expect(Math.abs((start.measured as Record<string, number>).startOffsetMs!)).toBeGreaterThan(
      3_600_000,
    );
  });

  it('replayed-series: a recording of another length is refused, health_window_invalid', () => {
    const verified = verifyCase(HEALTH_HRV_MODULE, cheatCase('replayed-series', seededRandom(5)));
    expect(verified.ok).toBe(false);
    if (!verified.ok) expect(verified.error.code).toBe('health_window_invalid');
  });

  it('ppg-as-ecg: a PPG capture relabelled as ECG fails', () => {
    const verified = result(cheatCase('ppg-as-ecg', seededRandom(2)));
    expect(verified.verdict).toBe('fail');
  });
});

describe('vectors', () => {
  it('vectors: six hand-picked cases, each verifying as described', () => {
    const vectors = HEALTH_HRV_MODULE.vectors();
    expect(vectors.map((vector) => vector.name)).toEqual([
      'honest-ecg',
      'altered-values',
      'synthetic-series',
      'artefacts-hidden',
      'ppg-as-ecg',
      'replayed-other-length',
    ]);
    expect(result(vectors[0]!.case).verdict).toBe('pass');
    for (const vector of vectors.slice(1, 5)) expect(result(vector.case).p).toBeLessThan(0.1);
  });
});
