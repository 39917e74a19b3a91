/**
 * The soft checks of `mip-hlt/hrv-short-term@1.0.0`. Each measured feature is weighed under the
 * honest model and under each of the five cheating models, all matched to the case generator
 * (hrv-cases.ts, docs/spec/mip-health.md), and the checks are chained by Bayes' rule
 * (probability/cheat-mixture.ts). Features: the claimed device class, the claimed values against the
 * recomputation, the artefact count, the series' structure, the recording start against the
 * window, for ECG claims the sampling grid, and the timing noise against the device class.
 * Resting plausibility is three hard bounds. The synthetic-series model is weighed as its two
 * variants (white noise, pure oscillation), so its features stay coupled.
 */
import * as L from '../limits.js';
import {
  logProbability as logP,
  logSumExp,
  type MixtureFeature,
  mixtureModel,
  sequentialMixtureChecks,
} from '../probability/cheat-mixture.js';
import { type EvidenceCheck, hardBound } from '../probability/evidence-check.js';
import { logit } from '../probability/log-odds.js';
import type { HealthHrvValue } from './hrv-claim-schema.js';
import { alteredModel, normalModel, uniformModel } from './hrv-densities.js';
import type { HrvMeasures } from './hrv-metrics.js';

export interface HrvCheckInput {
  readonly claimed: HealthHrvValue;
  readonly measures: HrvMeasures;
  /** Coarsest multiple of the sampling period all beat times lie on. */
  readonly gridMultiple: number;
  /** Recording start minus claimed window start, ms. */
  readonly startOffsetMs: number;
  readonly samplingRateHz: number;
}

/** Relative weights of the cheating models among claims that passed the gates. */
export const HEALTH_HRV_GATED_WEIGHTS = {
  'altered-values': L.HEALTH_GATE_PASS_ALTERED,
  'synthetic-white': L.HEALTH_GATE_PASS_SYNTHETIC_WHITE,
  'synthetic-regular': L.HEALTH_GATE_PASS_SYNTHETIC_REGULAR,
  'artefacts-hidden': L.HEALTH_GATE_PASS_ARTEFACTS,
  'replayed-series': L.HEALTH_GATE_PASS_REPLAYED,
  'ppg-as-ecg': L.HEALTH_GATE_PASS_PPG_AS_ECG,
} as const;
type Model = keyof typeof HEALTH_HRV_GATED_WEIGHTS;

/** log-likelihoods: `base` under every model except those given. */
function feature(
  name: string,
  value: number,
  base: number,
  others: Partial<Record<Model, number>>,
  measured: MixtureFeature['measured'],
): MixtureFeature {
  const cheats: Record<string, number> = {};
  for (const model of Object.keys(HEALTH_HRV_GATED_WEIGHTS)) {
    cheats[model] = others[model as Model] ?? base;
  }
  return { name, value, honest: base, cheats, measured };
}

/** log Σ w_i · exp(l_i) over (weight, log-likelihood) pairs. */
function logMixture(parts: ReadonlyArray<readonly [number, number]>): number {
  return logSumExp(parts.map(([weight, logLikelihood]) => Math.log(weight) + logLikelihood));
}

function valuesFeature({ claimed, measures }: HrvCheckInput): MixtureFeature {
  const sd = L.HEALTH_CLAIM_ROUNDING_SD_MS;
  const dr = claimed.rmssdMs - measures.rmssdMs;
  const ds = claimed.sdnnMs - measures.sdnnMs;
  const exact = normalModel(0, sd);
  const altered = (reference: number) =>
    alteredModel(
      reference,
      sd,
      L.HEALTH_ALTERED_RELATIVE_MIN,
      L.HEALTH_ALTERED_RELATIVE_MAX,
      L.HEALTH_ALTERED_UP_SHARE,
    );
  const honest = exact(dr) + exact(ds);
  const ar = altered(measures.rmssdMs)(dr);
  const as = altered(measures.sdnnMs)(ds);
  // The generator alters RMSSD only, SDNN only or both, a third each.
  const alteredLog = logMixture([
    [1 / 3, ar + exact(ds)],
    [1 / 3, exact(dr) + as],
    [1 / 3, ar + as],
  ]);
  // Hidden artefacts: the claim is computed over them, so it is off by up to its own size.
  const wide =
    normalModel(0, Math.max(5, measures.rmssdMs))(dr) +
    normalModel(0, Math.max(5, measures.sdnnMs))(ds);
  const hidden = logMixture([
    [L.HEALTH_ARTEFACT_COUNT_MATCH_CHEAT, honest],
    [1 - L.HEALTH_ARTEFACT_COUNT_MATCH_CHEAT, wide],
  ]);
  return feature(
    'values-recomputed',
    Math.hypot(dr, ds),
    honest,
    { 'altered-values': alteredLog, 'artefacts-hidden': hidden },
    {
      claimedRmssdMs: claimed.rmssdMs,
      recomputedRmssdMs: measures.rmssdMs,
      claimedSdnnMs: claimed.sdnnMs,
      recomputedSdnnMs: measures.sdnnMs,
    },
  );
}

function structureFeatures(input: HrvCheckInput): MixtureFeature[] {
  const { claimed, measures } = input;
  const ecg = claimed.deviceClass === 'ecg';
  const count = claimed.artefactCount - measures.artefacts;
  const ar = logit(measures.arResidualShare);
  const arEcg = normalModel(L.HEALTH_AR_LOGIT_ECG_MEAN, L.HEALTH_AR_LOGIT_ECG_SD)(ar);
  const arPpg = normalModel(L.HEALTH_AR_LOGIT_PPG_MEAN, L.HEALTH_AR_LOGIT_PPG_SD)(ar);
  const arWhite = normalModel(L.HEALTH_AR_LOGIT_WHITE_MEAN, L.HEALTH_AR_LOGIT_WHITE_SD)(ar);
  const arRegular = ecg
    ? normalModel(L.HEALTH_AR_LOGIT_REGULAR_ECG_MEAN, L.HEALTH_AR_LOGIT_REGULAR_ECG_SD)(ar)
    : normalModel(L.HEALTH_AR_LOGIT_REGULAR_PPG_MEAN, L.HEALTH_AR_LOGIT_REGULAR_PPG_SD)(ar);
  const replayStart = mixtureModel([
    [L.HEALTH_REPLAY_START_REWRITTEN, normalModel(0, L.HEALTH_START_OFFSET_SD_MS)],
    [
      1 - L.HEALTH_REPLAY_START_REWRITTEN,
      uniformModel(-L.HEALTH_REPLAY_OFFSET_RANGE_MS, L.HEALTH_REPLAY_OFFSET_RANGE_MS),
    ],
  ])(input.startOffsetMs);
  return [
    feature(
      'device-class',
      ecg ? 1 : 0,
      logP(ecg ? L.HEALTH_ECG_SHARE : 1 - L.HEALTH_ECG_SHARE),
      { 'ppg-as-ecg': logP(ecg ? 1 : 0) },
      { deviceClass: claimed.deviceClass },
    ),
    feature(
      'artefact-count',
      count,
      logP(
        count === 0
          ? 1 - L.HEALTH_ARTEFACT_COUNT_MISMATCH_HONEST
          : L.HEALTH_ARTEFACT_COUNT_MISMATCH_HONEST,
      ),
      {
        'artefacts-hidden': logP(
          count === 0
            ? L.HEALTH_ARTEFACT_COUNT_MATCH_CHEAT
            : 1 - L.HEALTH_ARTEFACT_COUNT_MATCH_CHEAT,
        ),
      },
      { claimed: claimed.artefactCount, recomputed: measures.artefacts },
    ),
    feature(
      'series-structure',
      ar,
      ecg ? arEcg : arPpg,
      { 'synthetic-white': arWhite, 'synthetic-regular': arRegular, 'ppg-as-ecg': arPpg },
      { arResidualShare: measures.arResidualShare },
    ),
    feature(
      'recording-start',
      input.startOffsetMs,
      normalModel(0, L.HEALTH_START_OFFSET_SD_MS)(input.startOffsetMs),
      { 'replayed-series': replayStart },
      { startOffsetMs: input.startOffsetMs },
    ),
  ];
}

/** A series claimed from an ECG must lie on its fine sampling grid, not a coarser one. */
function ecgFeatures(input: HrvCheckInput): MixtureFeature[] {
  const m = input.gridMultiple;
  // Honest: each of the n + 1 beat times lies on a coarser m-grid with chance 1/m.
  const gridHonest = m === 1 ? 0 : -(input.measures.intervals + 1) * Math.log(m);
  const dithered = L.HEALTH_PPG_AS_ECG_DITHERED;
  return [
    feature(
      'sampling-grid',
      m,
      gridHonest,
      { 'ppg-as-ecg': logP(m === 1 ? dithered : 1 - dithered) },
      { gridMultiple: m },
    ),
  ];
}

/** Beat-time noise against the claimed device: an ECG is quiet, a PPG noisier, a fabrication either. */
function noiseFeature(input: HrvCheckInput): MixtureFeature {
  const ecg = input.claimed.deviceClass === 'ecg';
  const quantisation = (1000 / input.samplingRateHz) ** 2 / 12;
  const expected = L.HEALTH_NOISE_BAND_SHARE * quantisation + L.HEALTH_NOISE_PHYSIOLOGICAL_MS2;
  const z = Math.log(Math.max(input.measures.noiseBandPowerMs2, 1e-6) / expected);
  const model = (mean: number, sd: number) => normalModel(mean, sd)(z);
  return feature(
    'timing-noise',
    z,
    ecg
      ? model(L.HEALTH_NOISE_Z_ECG_MEAN, L.HEALTH_NOISE_Z_ECG_SD)
      : model(L.HEALTH_NOISE_Z_PPG_MEAN, L.HEALTH_NOISE_Z_PPG_SD),
    {
      'ppg-as-ecg': model(L.HEALTH_NOISE_Z_PPG_AS_ECG_MEAN, L.HEALTH_NOISE_Z_PPG_AS_ECG_SD),
      'synthetic-white': ecg
        ? model(L.HEALTH_NOISE_Z_WHITE_ECG_MEAN, L.HEALTH_NOISE_Z_WHITE_ECG_SD)
        : model(L.HEALTH_NOISE_Z_WHITE_PPG_MEAN, L.HEALTH_NOISE_Z_WHITE_PPG_SD),
      'synthetic-regular': ecg
        ? model(L.HEALTH_NOISE_Z_REGULAR_ECG_MEAN, L.HEALTH_NOISE_Z_REGULAR_ECG_SD)
        : model(L.HEALTH_NOISE_Z_REGULAR_PPG_MEAN, L.HEALTH_NOISE_Z_REGULAR_PPG_SD),
    },
    { noiseBandPowerMs2: input.measures.noiseBandPowerMs2, expectedMs2: expected },
  );
}

function plausibility(measures: HrvMeasures): EvidenceCheck[] {
  return [
    hardBound({
      name: 'resting-heart-rate-max',
      value: measures.meanHrBpm,
      bound: L.HEALTH_RESTING_HR_MAX_BPM,
      boundSd: L.HEALTH_RESTING_HR_BOUND_SD_BPM,
      direction: 'at-most',
    }),
    hardBound({
      name: 'resting-heart-rate-min',
      value: measures.meanHrBpm,
      bound: L.HEALTH_RESTING_HR_MIN_BPM,
      boundSd: L.HEALTH_RESTING_HR_BOUND_SD_BPM,
      direction: 'at-least',
    }),
    hardBound({
      name: 'rmssd-sdnn-ratio',
      value: measures.rmssdMs / Math.max(measures.sdnnMs, 1e-9),
      bound: L.HEALTH_RMSSD_SDNN_RATIO_MAX,
      boundSd: L.HEALTH_RMSSD_SDNN_RATIO_BOUND_SD,
      direction: 'at-most',
    }),
  ];
}

export function hrvChecks(input: HrvCheckInput): EvidenceCheck[] {
  const features = [valuesFeature(input), ...structureFeatures(input)];
  if (input.claimed.deviceClass === 'ecg') features.push(...ecgFeatures(input));
  features.push(noiseFeature(input));
  return [
    ...sequentialMixtureChecks(features, HEALTH_HRV_GATED_WEIGHTS),
    ...plausibility(input.measures),
  ];
}
