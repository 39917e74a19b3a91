/**
 * Statistical process control for a lot's measurement series: the within-subgroup sigma (R̄/d2,
 * or MR̄/d2 for individuals), Cpk, Bissell's standard error of Cpk, and the Western Electric
 * rules 1–4 on the X̄ (or individuals) chart. Constants are the control-chart factors of ASTM
 * E2587 / Montgomery, Introduction to Statistical Quality Control, Appendix VI.
 */
import { normalCdf } from '../probability/normal.js';

/** d2(m): the mean range of m standard normal values, m = 2 … 10 (index = m). */
const D2 = [0, 0, 1.128, 1.693, 2.059, 2.326, 2.534, 2.704, 2.847, 2.97, 3.078];

export function controlFactorD2(subgroupSize: number): number {
  const value = D2[Math.max(2, subgroupSize)];
  if (value === undefined) throw new Error(`assertion failed: no d2 for ${subgroupSize}`);
  return value;
}

/** The points a chart plots: subgroup means (X̄-R) or the values themselves (individuals). */
export interface ChartSeries {
  readonly points: readonly number[];
  /** The grand mean: the chart's centre line and the process mean estimate. */
  readonly center: number;
  /** Within-subgroup (short-term) process sigma: R̄/d2, or MR̄/d2(2) for individuals. */
  readonly sigmaWithin: number;
  /** Sigma of one plotted point: sigmaWithin / √m. */
  readonly sigmaPoint: number;
}

/** Subgroups of equal size m, in time order; m = 1 makes an individuals chart. */
export function chartSeries(subgroups: readonly (readonly number[])[]): ChartSeries {
  const size = subgroups[0]?.length ?? 0;
  if (size === 0 || subgroups.some((group) => group.length !== size)) {
    throw new Error('assertion failed: subgroups must be non-empty and of equal size');
  }
  const points = subgroups.map((group) => group.reduce((sum, x) => sum + x, 0) / size);
  const center = points.reduce((sum, x) => sum + x, 0) / points.length;
  let spread = 0;
  if (size === 1) {
    for (let i = 1; i < points.length; i++) spread += Math.abs(points[i]! - points[i - 1]!);
    spread /= Math.max(1, points.length - 1);
  } else {
    for (const group of subgroups) spread += Math.max(...group) - Math.min(...group);
    spread /= subgroups.length;
  }
  const sigmaWithin = spread / controlFactorD2(size);
  return { points, center, sigmaWithin, sigmaPoint: sigmaWithin / Math.sqrt(size) };
}

/** Cpk = min(USL − μ, μ − LSL) / 3σ (ISO 22514-2, the within-subgroup sigma). */
export function cpkOf(center: number, sigma: number, lsl: number, usl: number): number {
  return Math.min(usl - center, center - lsl) / (3 * sigma);
}

/** Bissell (1990) large-sample standard error of an estimated Cpk from n measurements. */
export function cpkStandardError(cpk: number, sampleSize: number): number {
  return Math.sqrt(1 / (9 * sampleSize) + (cpk * cpk) / (2 * (sampleSize - 1)));
}

/** P(true Cpk ≥ target) under the normal approximation of the estimate. */
export function probabilityCpkAtLeast(cpk: number, standardError: number, target: number): number {
  return normalCdf((cpk - target) / standardError);
}

export interface ChartSignal {
  /** Western Electric rule 1 … 4. */
  readonly rule: 1 | 2 | 3 | 4;
  /** Index of the point that completed the signal. */
  readonly point: number;
}

/** k of the last `window` zone values (ending at i) beyond `limit` on one side. */
function beyond(
  z: readonly number[],
  i: number,
  window: number,
  k: number,
  limit: number,
): boolean {
  if (i + 1 < window) return false;
  let above = 0;
  let below = 0;
  for (let j = i - window + 1; j <= i; j++) {
    if (z[j]! > limit) above++;
    if (z[j]! < -limit) below++;
  }
  return above >= k || below >= k;
}

/**
 * Western Electric Statistical Quality Control Handbook (1956) rules on a chart's points: 1 — one
 * point beyond 3σ; 2 — two of three beyond 2σ on one side; 3 — four of five beyond 1σ on one side;
 * 4 — eight in a row on one side of the centre line. The first signal, or undefined.
 */
export function westernElectricSignal(chart: ChartSeries): ChartSignal | undefined {
  const z = chart.points.map((x) => (x - chart.center) / chart.sigmaPoint);
  for (let i = 0; i < z.length; i++) {
    if (Math.abs(z[i]!) > 3) return { rule: 1, point: i };
    if (beyond(z, i, 3, 2, 2)) return { rule: 2, point: i };
    if (beyond(z, i, 5, 4, 1)) return { rule: 3, point: i };
    if (beyond(z, i, 8, 8, 0)) return { rule: 4, point: i };
  }
  return undefined;
}

/** The sample variance (n − 1 denominator) of all values. */
export function sampleVariance(values: readonly number[]): number {
  const mean = values.reduce((sum, x) => sum + x, 0) / values.length;
  let sum = 0;
  for (const x of values) sum += (x - mean) ** 2;
  return sum / Math.max(1, values.length - 1);
}
