/** Checks say how they moved the log-odds; the belief adds them and reports an interval. */
import { describe, expect, it } from 'vitest';
import {
  audit,
  brierScore,
  conservativeQuantity,
  corroborated,
  expectedCalibrationError,
  formBelief,
  hardBound,
  likelihoodRatio,
  mipsLimits,
  normalModel,
  rejectionRates,
  shiftedNormalModel,
  sigmoid,
  thresholdForFalseRejection,
} from '../../src/index.js';

describe('hardBound', () => {
  it('barely moves a value well inside the bound, and crushes one far beyond it', () => {
    const inside = hardBound({
      name: 'rated',
      value: 80,
      bound: 100,
      boundSd: 5,
      direction: 'at-most',
    });
    expect(inside.logLikelihoodRatio).toBeGreaterThan(-0.001);
    expect(inside.violated).toBe(false);
    const beyond = hardBound({
      name: 'rated',
      value: 140,
      bound: 100,
      boundSd: 5,
      direction: 'at-most',
    });
    expect(beyond.violated).toBe(true);
    expect(beyond.logLikelihoodRatio).toBe(-mipsLimits.CHECK_LOG_LR_ABS_MAX);
    expect(beyond.note).toMatch(/above the bound by 40/);
  });

  it('allows for the bound uncertainty: one sd over costs log Φ(−1)', () => {
    const over = hardBound({
      name: 'floor',
      value: 95,
      bound: 100,
      boundSd: 5,
      direction: 'at-least',
    });
    expect(over.logLikelihoodRatio).toBeCloseTo(Math.log(0.158655), 4);
  });
});

describe('likelihood ratios and corroboration', () => {
  it('compares the honest model with the named cheating model', () => {
    const honest = normalModel(0, 1);
    const cheat = shiftedNormalModel(0, 1, 2, 6);
    const near = likelihoodRatio({ name: 'r', value: 0, honest, cheat, against: 'inflated' });
    const far = likelihoodRatio({ name: 'r', value: 4, honest, cheat, against: 'inflated' });
    expect(near.logLikelihoodRatio).toBeGreaterThan(2);
    expect(far.logLikelihoodRatio).toBeLessThan(-4);
    expect(far.note).toMatch(/^against inflated: lowered the odds/);
  });

  it('has a shifted model that is a density (integrates to 1)', () => {
    const density = shiftedNormalModel(0, 1, 2, 6);
    let mass = 0;
    for (let x = -10; x < 20; x += 0.01) mass += Math.exp(density(x)) * 0.01;
    expect(mass).toBeCloseTo(1, 3);
  });

  it('down-weights a second source that shares a failure mode', () => {
    const check = likelihoodRatio({
      name: 'meter',
      value: 0,
      honest: normalModel(0, 1),
      cheat: normalModel(3, 1),
      against: 'x',
    });
    expect(corroborated(check, 0).logLikelihoodRatio).toBe(check.logLikelihoodRatio);
    expect(corroborated(check, 0.75).logLikelihoodRatio).toBeCloseTo(check.logLikelihoodRatio / 4);
    expect(corroborated(check, 1).logLikelihoodRatio).toBe(0);
  });
});

describe('audit as a Beta posterior', () => {
  it('favours the honest model when re-measurements agree and the cheat when they do not', () => {
    const base = { name: 'audit', honest: [19, 1], cheat: [2, 3], against: 'fabricated' } as const;
    const agree = audit({ ...base, sampled: 10, agreed: 10 });
    const disagree = audit({ ...base, sampled: 10, agreed: 3 });
    expect(agree.logLikelihoodRatio).toBeGreaterThan(2);
    expect(disagree.logLikelihoodRatio).toBeLessThan(-5);
    expect(agree.measured).toMatchObject({ sampled: 10, agreed: 10, posteriorMean: 29 / 30 });
  });

  it('says nothing without re-measurements', () => {
    const none = audit({
      name: 'a',
      sampled: 0,
      agreed: 0,
      honest: [19, 1],
      cheat: [2, 3],
      against: 'x',
    });
    expect(none.logLikelihoodRatio).toBeCloseTo(0, 10);
  });
});

describe('formBelief', () => {
  const check = (llr: number, sd = 0) => ({
    name: 'c',
    measured: null,
    logLikelihoodRatio: llr,
    sd,
    note: '',
  });

  it('adds log-odds from the prior and reports a 90 % interval from the uncertainties', () => {
    const result = formBelief({
      method: 'm',
      prior: { p: 0.8, logOddsSd: 0.5 },
      checks: [check(1, 0.3), check(-0.5, 0.4)],
    });
    const center = Math.log(4) + 0.5;
    expect(result.p).toBeCloseTo(sigmoid(center), 12);
    const spread = 1.645 * Math.sqrt(0.25 + 0.09 + 0.16);
    expect(result.interval[0]).toBeCloseTo(sigmoid(center - spread), 12);
    expect(result.interval[1]).toBeCloseTo(sigmoid(center + spread), 12);
    // p ≈ 0.868: between the fail and pass thresholds.
    expect(result.verdict).toBe('inconclusive');
  });

  it('reports fail, inconclusive and a forced inconclusive reason', () => {
    const prior = { p: 0.5, logOddsSd: 0 };
    expect(formBelief({ method: 'm', prior, checks: [check(-5)] }).verdict).toBe('fail');
    expect(formBelief({ method: 'm', prior, checks: [check(0.5)] }).verdict).toBe('inconclusive');
    const forced = formBelief({
      method: 'm',
      prior,
      checks: [check(9)],
      inconclusive: 'insufficient_evidence',
    });
    expect(forced).toMatchObject({ verdict: 'inconclusive', reason: 'insufficient_evidence' });
  });

  it('settles a conservative quantile of the quantity, never below zero', () => {
    expect(conservativeQuantity(1000, 50, 'Wh', 0.05).value).toBeCloseTo(1000 - 1.6449 * 50, 1);
    expect(conservativeQuantity(10, 50, 'Wh', 0.05).value).toBe(0);
  });
});

describe('calibration measures', () => {
  const cases = [
    { label: 'honest', truth: true, p: 0.9 },
    { label: 'honest', truth: true, p: 0.8 },
    { label: 'cheat', truth: false, p: 0.1 },
    { label: 'cheat', truth: false, p: 0.85 },
  ];

  it('computes the Brier score and the expected calibration error', () => {
    expect(brierScore(cases)).toBeCloseTo((0.01 + 0.04 + 0.01 + 0.7225) / 4, 12);
    // Bins: [0.1] → |0.1−0| ; [0.8, 0.85] → |0.825−0.5| ; [0.9] → |0.9−1|.
    expect(expectedCalibrationError(cases)).toBeCloseTo((0.1 + 2 * 0.325 + 0.1) / 4, 12);
  });

  it('fits the threshold that rejects at most the allowed share of honest cases', () => {
    const honest = Array.from({ length: 200 }, (_, i) => ({
      label: 'honest',
      truth: true,
      p: (i + 1) / 200,
    }));
    const threshold = thresholdForFalseRejection(honest, 0.01);
    expect(threshold).toBeCloseTo(3 / 200, 12);
    expect(rejectionRates(honest, threshold).honest).toEqual({ cases: 200, rejected: 2 });
    expect(rejectionRates(cases, 0.5).cheat).toEqual({ cases: 2, rejected: 1 });
  });
});
