/**
 * The measures the verifier recomputes from an RR series: which intervals are artefacts (Task
 * Force 1996 physiological range; Malik's 20 % rule against a centred local median), RMSSD and
 * SDNN of the NN intervals, and three features of the series' structure used by the soft checks:
 * the AR(2) residual share, the power near the beat-rate Nyquist frequency, and the coarsest
 * sampling grid the beat times lie on.
 */
import {
  HEALTH_ARTEFACT_MEDIAN_INTERVALS,
  HEALTH_ARTEFACT_RELATIVE_MAX,
  HEALTH_GRID_MULTIPLE_MAX,
  HEALTH_NOISE_BAND_HIGH,
  HEALTH_NOISE_BAND_LOW,
  HEALTH_RR_MAX_MS,
  HEALTH_RR_MIN_MS,
} from '../limits.js';

export interface HrvMeasures extends HrvBasics {
  readonly artefactFraction: number;
  readonly meanHrBpm: number;
  /** Share of NN variance an AR(2) predictor leaves unexplained, in (0, 1). */
  readonly arResidualShare: number;
  /** Power (ms²) of the artefact-corrected series in the timing-noise band. */
  readonly noiseBandPowerMs2: number;
}

/** Each interval's local reference: the median of the centred window (clipped at the ends). */
export function localMedians(rrMs: readonly number[]): number[] {
  const half = HEALTH_ARTEFACT_MEDIAN_INTERVALS >> 1;
  const width = Math.min(rrMs.length, 2 * half + 1);
  const buffer = new Float64Array(width);
  const medians = new Array<number>(rrMs.length);
  for (let index = 0; index < rrMs.length; index++) {
    const low = Math.max(0, Math.min(index - half, rrMs.length - width));
    // Insertion sort of the window: 11 values, cheaper than a general sort.
    for (let j = 0; j < width; j++) {
      const value = rrMs[low + j]!;
      let k = j;
      while (k > 0 && buffer[k - 1]! > value) {
        buffer[k] = buffer[k - 1]!;
        k--;
      }
      buffer[k] = value;
    }
    const middle = width >> 1;
    medians[index] =
      width % 2 === 1 ? buffer[middle]! : (buffer[middle - 1]! + buffer[middle]!) / 2;
  }
  return medians;
}

/** true for an interval that is not NN: outside 300–2000 ms or > 20 % from its local median. */
export function artefactFlags(
  rrMs: readonly number[],
  references: readonly number[] = localMedians(rrMs),
): boolean[] {
  return rrMs.map(
    (rr, index) =>
      rr < HEALTH_RR_MIN_MS ||
      rr > HEALTH_RR_MAX_MS ||
      Math.abs(rr - references[index]!) > HEALTH_ARTEFACT_RELATIVE_MAX * references[index]!,
  );
}

/** The residual share of x_t ≈ a·x_{t−1} + b·x_{t−2} over runs of three NN intervals. */
function arResidualShare(rrMs: readonly number[], flags: readonly boolean[], mean: number): number {
  let s11 = 0;
  let s12 = 0;
  let s22 = 0;
  let s01 = 0;
  let s02 = 0;
  let s00 = 0;
  for (let t = 2; t < rrMs.length; t++) {
    if (flags[t] || flags[t - 1] || flags[t - 2]) continue;
    const x0 = rrMs[t]! - mean;
    const x1 = rrMs[t - 1]! - mean;
    const x2 = rrMs[t - 2]! - mean;
    s11 += x1 * x1;
    s12 += x1 * x2;
    s22 += x2 * x2;
    s01 += x0 * x1;
    s02 += x0 * x2;
    s00 += x0 * x0;
  }
  const det = s11 * s22 - s12 * s12;
  if (s00 <= 0 || det <= 0) return 0.5;
  const a = (s01 * s22 - s02 * s12) / det;
  const b = (s02 * s11 - s01 * s12) / det;
  const residual = s00 - a * s01 - b * s02;
  return Math.min(1 - 1e-6, Math.max(1e-6, residual / s00));
}

/** One-sided power (ms²) of the series in [low, high] cycles per beat, by direct DFT. */
function bandPower(series: readonly number[], low: number, high: number): number {
  const n = series.length;
  const mean = series.reduce((sum, x) => sum + x, 0) / n;
  let power = 0;
  for (let k = Math.ceil(low * n); k <= Math.floor(high * n); k++) {
    let re = 0;
    let im = 0;
    // Rotate a unit phasor instead of calling cos / sin per sample.
    const stepCos = Math.cos((2 * Math.PI * k) / n);
    const stepSin = Math.sin((2 * Math.PI * k) / n);
    let cos = 1;
    let sin = 0;
    for (let t = 0; t < n; t++) {
      const x = series[t]! - mean;
      re += x * cos;
      im -= x * sin;
      const nextCos = cos * stepCos - sin * stepSin;
      sin = sin * stepCos + cos * stepSin;
      cos = nextCos;
    }
    const both = 2 * k === n ? 1 : 2;
    power += (both * (re * re + im * im)) / (n * n);
  }
  return power;
}

/** The claimed measures: artefacts by the 20 % rule, RMSSD and SDNN of the NN intervals. */
export interface HrvBasics {
  readonly intervals: number;
  readonly artefacts: number;
  readonly rmssdMs: number;
  readonly sdnnMs: number;
  readonly meanNnMs: number;
}

function basics(rrMs: readonly number[], flags: readonly boolean[]): HrvBasics {
  let count = 0;
  let sum = 0;
  for (let index = 0; index < rrMs.length; index++) {
    if (flags[index]) continue;
    count++;
    sum += rrMs[index]!;
  }
  const meanNn = sum / Math.max(1, count);
  let squares = 0;
  let successive = 0;
  let pairs = 0;
  for (let index = 0; index < rrMs.length; index++) {
    if (flags[index]) continue;
    squares += (rrMs[index]! - meanNn) ** 2;
    if (index === 0 || flags[index - 1]) continue;
    successive += (rrMs[index]! - rrMs[index - 1]!) ** 2;
    pairs++;
  }
  return {
    intervals: rrMs.length,
    artefacts: rrMs.length - count,
    rmssdMs: pairs === 0 ? 0 : Math.sqrt(successive / pairs),
    sdnnMs: count < 2 ? 0 : Math.sqrt(squares / (count - 1)),
    meanNnMs: meanNn,
  };
}

/** What an honest producer claims of a series (no structure features: the cheap part). */
export function hrvBasics(rrMs: readonly number[]): HrvBasics {
  return basics(rrMs, artefactFlags(rrMs));
}

export function hrvMeasures(rrMs: readonly number[]): HrvMeasures {
  const references = localMedians(rrMs);
  const flags = artefactFlags(rrMs, references);
  const core = basics(rrMs, flags);
  const corrected = rrMs.map((rr, index) => (flags[index] ? references[index]! : rr));
  return {
    ...core,
    artefactFraction: core.artefacts / rrMs.length,
    meanHrBpm: 60_000 / core.meanNnMs,
    arResidualShare: arResidualShare(rrMs, flags, core.meanNnMs),
    noiseBandPowerMs2: bandPower(corrected, HEALTH_NOISE_BAND_LOW, HEALTH_NOISE_BAND_HIGH),
  };
}

/**
 * The largest m ≤ HEALTH_GRID_MULTIPLE_MAX such that every beat time is a whole multiple of m
 * sampling periods: 1 for a device sampling at its stated rate, more for times captured on a
 * coarser clock and relabelled.
 */
export function gridMultiple(beatTimesMs: readonly number[], samplingRateHz: number): number {
  const periodMs = 1000 / samplingRateHz;
  for (let m = HEALTH_GRID_MULTIPLE_MAX; m > 1; m--) {
    const every = beatTimesMs.every((time) => {
      const steps = Math.round(time / periodMs);
      return steps % m === 0;
    });
    if (every) return m;
  }
  return 1;
}
