/**
 * The SPC statistics against hand-computed values: within-subgroup sigma (R̄/d2, MR̄/d2), Cpk,
 * Bissell's standard error, each Western Electric rule, and the sequential cheating mixture.
 */
import { describe, expect, it } from 'vitest';
import { samplingGapRatio } from '../../src/manufacturing/lot-sampling.js';
import {
  chartSeries,
  controlFactorD2,
  cpkOf,
  cpkStandardError,
  probabilityCpkAtLeast,
  westernElectricSignal,
} from '../../src/manufacturing/spc-statistics.js';

/** A chart with centre 0 and point sigma 1 whose points are `z` (individuals: MR̄ = d2). */
function zChart(z: number[]) {
  return { points: z, center: 0, sigmaWithin: 1, sigmaPoint: 1 };
}

describe('control chart statistics', () => {
  it('estimates sigma as R̄/d2 for subgroups', () => {
    const chart = chartSeries([
      [10, 12, 11],
      [11, 13, 12],
    ]);
    expect(chart.center).toBeCloseTo(11.5, 12);
    expect(chart.sigmaWithin).toBeCloseTo(2 / 1.693, 12);
    expect(chart.sigmaPoint).toBeCloseTo(2 / 1.693 / Math.sqrt(3), 12);
  });

  it('estimates sigma as MR̄/1.128 for individuals', () => {
    const chart = chartSeries([[1], [3], [2], [4]]);
    expect(chart.sigmaWithin).toBeCloseTo((2 + 1 + 2) / 3 / 1.128, 12);
    expect(controlFactorD2(1)).toBe(1.128);
    expect(controlFactorD2(5)).toBe(2.326);
  });

  it('computes Cpk from the nearer limit', () => {
    expect(cpkOf(10.1, 0.1, 9.5, 10.5)).toBeCloseTo(0.4 / 0.3, 12);
    expect(cpkOf(9.9, 0.1, 9.5, 10.5)).toBeCloseTo(0.4 / 0.3, 12);
  });

  it('gives Bissell’s standard error and P(Cpk ≥ target)', () => {
    const se = cpkStandardError(1.5, 50);
    expect(se).toBeCloseTo(Math.sqrt(1 / 450 + 2.25 / 98), 12);
    expect(se).toBeCloseTo(0.1588, 3);
    expect(probabilityCpkAtLeast(1.33, se, 1.33)).toBeCloseTo(0.5, 6);
    expect(probabilityCpkAtLeast(1.5, se, 1.33)).toBeCloseTo(0.858, 2);
  });
});

describe('Western Electric rules', () => {
  it('finds no signal in an in-control pattern', () => {
    expect(
      westernElectricSignal(zChart([0.5, -0.5, 1.2, -1.1, 0.3, -0.2, 0.8, -0.9, 0.1])),
    ).toBeUndefined();
  });
  it('rule 1: one point beyond 3 sigma', () => {
    expect(westernElectricSignal(zChart([0, 0.5, -3.2, 0]))).toEqual({ rule: 1, point: 2 });
  });
  it('rule 2: two of three beyond 2 sigma on one side', () => {
    expect(westernElectricSignal(zChart([0, 2.3, 0.1, 2.5]))).toEqual({ rule: 2, point: 3 });
  });
  it('rule 3: four of five beyond 1 sigma on one side', () => {
    expect(westernElectricSignal(zChart([-1.5, -1.2, 0.2, -1.4, -1.1]))).toEqual({
      rule: 3,
      point: 4,
    });
  });
  it('rule 4: eight in a row on one side', () => {
    expect(westernElectricSignal(zChart([0.2, 0.3, 0.1, 0.5, 0.4, 0.2, 0.6, 0.3]))).toEqual({
      rule: 4,
      point: 7,
    });
  });
});

describe('sampling gaps', () => {
  const subgroup = (firstCycle: number) => ({
    at: '2026-01-01T00:00:00Z',
    firstCycle,
    gauge: 'G',
    values: [1],
  });
  it('is 1 for an even plan and 2 where a subgroup was dropped', () => {
    expect(samplingGapRatio([5, 15, 25, 35].map(subgroup), 0, 40)).toBe(1);
    expect(samplingGapRatio([5, 15, 35, 45].map(subgroup), 0, 50)).toBe(2);
  });
});
