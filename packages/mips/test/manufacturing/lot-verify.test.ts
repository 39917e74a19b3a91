/**
 * The lot-conformance verifier on generated lots: honest lots pass, each named cheating model is
 * caught in a clear instance, checks say what they measured, settlement uses the conservative
 * Cpk, and the frozen vectors reproduce.
 */
import { describe, expect, it } from 'vitest';
import { MFG_CHEATING_MODELS, mfgLotConformanceModule } from '../../src/manufacturing/index.js';
import {
  type Editable,
  editClaim,
  editEvidence,
  findLotCase,
  lotCase,
  lotP,
  MEDIA,
  verifyLot,
} from './lot-fixtures.js';

function checksOf(generated: ReturnType<typeof lotCase>) {
  const result = verifyLot(generated);
  if (!result.ok) throw new Error(`refused: ${result.error.code}`);
  return result.value;
}

describe('honest lots', () => {
  it('pass with p ≥ 0.9 and a conservative Cpk to settle', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const generated = lotCase('honest', seed);
      const result = checksOf(generated);
      const value = generated.proof.claim.value as Editable;
      expect(result.verdict).toBe('pass');
      expect(result.p).toBeGreaterThanOrEqual(0.9);
      expect(result.method).toBe('mip-mfg/lot-conformance@1.0.0#spc-capability-mixture');
      expect(result.settle?.unit).toBe('cpk');
      expect(result.settle?.quantile).toBe(0.05);
      expect(result.settle!.value).toBeLessThan(value.cpkClaimed + 0.006);
    }
  });

  it('carry checks with measured values and notes', () => {
    const result = checksOf(
      findLotCase('honest', (c) => c.evidence.some((p) => p.mediaType === MEDIA.audit)),
    );
    const names = result.checks.map((check) => check.name);
    expect(names).toEqual([
      'gauge-calibration',
      'cpk-recomputed',
      'cpk-meets-target',
      'part-count-within-counters',
      'sample-size-as-claimed',
      'sampling-covers-lot',
      'variance-above-repeatability',
      'audit-remeasurement',
    ]);
    for (const check of result.checks) {
      expect(check.note).toMatch(/against the cheating mixture/);
      expect(check.measured).toHaveProperty('value');
    }
    const target = result.checks.find((check) => check.name === 'cpk-meets-target')!
      .measured as Editable;
    expect(target.probabilityCpkAtLeastTarget).toBeGreaterThan(0.5);
    expect(target.cpkStandardError).toBeGreaterThan(0);
    const calibration = result.checks[0]!.measured as Editable;
    expect(calibration.testUncertaintyRatioMin).toBeGreaterThanOrEqual(4);
    expect(calibration.measurementsOutsideCertificate).toBe(0);
  });
});

describe('cheating models', () => {
  it('fabricated measurements are caught by the audit', () => {
    const generated = findLotCase('fabricated-measurements', (c) =>
      c.evidence.some((p) => p.mediaType === MEDIA.audit),
    );
    const result = checksOf(generated);
    const audit = result.checks.find((check) => check.name === 'audit-remeasurement')!;
    expect(result.p).toBeLessThan(0.1);
    expect(audit.logLikelihoodRatio).toBeLessThan(-2);
    expect((audit.measured as Editable).agreed).toBeLessThan((audit.measured as Editable).sampled);
  });

  it('too-smooth fabricated values fall below the gauge repeatability', () => {
    const generated = findLotCase('fabricated-measurements', (c) => {
      const result = verifyLot(c);
      return (
        result.ok &&
        result.value.checks.some(
          (k) => k.name === 'variance-above-repeatability' && (k.measured as Editable).value === 0,
        )
      );
    });
    const check = checksOf(generated).checks.find(
      (k) => k.name === 'variance-above-repeatability',
    )!;
    expect((check.measured as Editable).varianceToRepeatabilityRatio).toBeLessThan(1);
    expect(check.logLikelihoodRatio).toBeLessThan(-2);
  });

  it('an out-of-calibration gauge is caught', () => {
    const result = checksOf(lotCase('out-of-calibration-gauge', 13));
    expect(result.verdict).toBe('fail');
    expect(result.checks[0]!.violated).toBe(true);
    expect(result.checks[0]!.logLikelihoodRatio).toBeLessThan(-7);
  });

  it('an expired certificate alone turns an honest lot to fail', () => {
    const generated = lotCase('honest', 3);
    const expired = editEvidence(generated, MEDIA.certificates, (doc) => {
      for (const certificate of doc.certificates) {
        certificate.validUntil = generated.proof.claim.window!.start;
        certificate.validFrom = '2020-01-01T00:00:00Z';
      }
    });
    expect(lotP(expired)).toBeLessThan(0.1);
  });

  it('a Cpk claimed above the data is caught', () => {
    const result = checksOf(lotCase('inflated-cpk', 14));
    const check = result.checks.find((k) => k.name === 'cpk-recomputed')!;
    expect((check.measured as Editable).excess).toBeGreaterThan(0.03);
    expect(check.violated).toBe(true);
    expect(result.p).toBeLessThan(0.1);
  });

  it('a part count above the machine counters is caught', () => {
    const result = checksOf(lotCase('inflated-part-count', 15));
    const check = result.checks.find((k) => k.name === 'part-count-within-counters')!;
    expect((check.measured as Editable).surplus).toBeGreaterThan(0.04);
    expect(check.violated).toBe(true);
    expect(result.p).toBeLessThan(0.1);
  });

  it('one part more than the cycles counted is caught', () => {
    const generated = lotCase('honest', 2);
    const counters = JSON.parse(
      new TextDecoder().decode(
        generated.evidence.find((p) => p.mediaType === MEDIA.counters)!.bytes,
      ),
    );
    const inflated = editClaim(generated, (claim) => {
      claim.value.partCount = Math.round((counters.end.cycle - counters.start.cycle) * 1.1);
    });
    expect(lotP(inflated)).toBeLessThan(0.1);
  });

  it('a cherry-picked subset is caught by its sampling gaps or its size', () => {
    for (const seed of [30, 31, 32]) {
      const result = checksOf(lotCase('cherry-picked-subset', seed));
      const gaps = result.checks.find((k) => k.name === 'sampling-covers-lot')!;
      expect((gaps.measured as Editable).gapRatioMax).toBeGreaterThan(1.5);
      expect(result.p).toBeLessThan(0.1);
    }
  });

  it('knows exactly the five named models', () => {
    expect([...mfgLotConformanceModule.cheatingModels]).toEqual([...MFG_CHEATING_MODELS]);
    expect(MFG_CHEATING_MODELS).toHaveLength(5);
  });
});

describe('vectors', () => {
  it('are 3–6 cases whose verdicts match their labels', () => {
    const vectors = mfgLotConformanceModule.vectors();
    expect(vectors.length).toBeGreaterThanOrEqual(3);
    expect(vectors.length).toBeLessThanOrEqual(6);
    for (const vector of vectors) {
      const result = verifyLot(vector.case);
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.value.verdict).toBe(vector.case.truth ? 'pass' : 'fail');
    }
  });
});
