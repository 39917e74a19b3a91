/**
 * The labelled cases of the calibration benchmark: honest recordings and the five cheating models
 * of `mip-hlt/hrv-short-term@1.0.0`, each written to match the check models in hrv-checks.ts.
 *   altered-values   the claim's RMSSD and/or SDNN moved by 3–40 % (mostly up) from the series'
 *   synthetic-series a fabricated series: white-noise RR (no RSA, no 1/f) or a pure oscillation
 *   artefacts-hidden 2–15 % artefacts left in the series, the claim computed over them, count 0
 *   replayed-series  an older recording claimed for a new window; its start kept (70 %) or
 *                    rewritten, and 40 % of recordings not 5 minutes long
 *   ppg-as-ecg       a PPG capture relabelled as ECG at a multiple of its rate; half re-quantised
 *                    with dither onto the ECG grid, so only its timing noise shows
 */
import { HEALTH_WINDOW_MS } from '../limits.js';
import { caseLabels } from '../mechanism/case-labels.js';
import type { GeneratedCase } from '../mechanism/mip-module.js';
import type { Random } from '../probability/random.js';
import { honestValue, recordingCase } from './hrv-case-builder.js';
import type { HealthPosition } from './hrv-claim-schema.js';
import {
  type CaptureDevice,
  captureBeats,
  intervalsOf,
  pickDevice,
  synthesiseHeart,
} from './hrv-rr-synthesis.js';

export const HEALTH_HRV_CHEATING_MODELS = [
  'altered-values',
  'synthetic-series',
  'artefacts-hidden',
  'replayed-series',
  'ppg-as-ecg',
] as const;
export type HealthHrvCheatingModel = (typeof HEALTH_HRV_CHEATING_MODELS)[number];

/** 2026-11-01T00:00Z: generated windows start within 30 days of it, on whole seconds. */
const EPOCH_MS = Date.UTC(2026, 10, 1);

interface Scene {
  readonly windowStartMs: number;
  readonly startedAtMs: number;
  readonly subjectNumber: number;
  readonly position: HealthPosition;
}

function scene(random: Random): Scene {
  const windowStartMs = EPOCH_MS + random.integer(0, 30 * 86_400) * 1000;
  return {
    windowStartMs,
    startedAtMs: windowStartMs + Math.round(random.normal(0, 1000)),
    subjectNumber: random.integer(1, 5000),
    position: random.pick(['supine', 'seated'] as const),
  };
}

function reported(device: CaptureDevice, overrides: Partial<CaptureDevice> = {}) {
  const chosen = { ...device, ...overrides };
  return {
    deviceClass: chosen.deviceClass,
    samplingRateHz: chosen.samplingRateHz,
    model: chosen.model,
  };
}

export function honestCase(random: Random): GeneratedCase {
  const device = pickDevice(random);
  const beats = captureBeats(synthesiseHeart(random), device, random);
  return recordingCase({
    label: 'honest',
    truth: true,
    beatTimesMs: beats,
    device: reported(device),
    ...scene(random),
  });
}

function alteredValues(random: Random): GeneratedCase {
  const device = pickDevice(random);
  const beats = captureBeats(synthesiseHeart(random), device, random);
  const setting = scene(random);
  const value = honestValue(intervalsOf(beats), device.deviceClass, setting.position);
  const factor = () => 1 + (random.chance(0.8) ? 1 : -1) * random.uniform(0.03, 0.4);
  const which = random.integer(0, 2);
  const claimed = {
    rmssdMs: which !== 1 ? Math.round(value.rmssdMs * factor() * 10) / 10 : value.rmssdMs,
    sdnnMs: which !== 0 ? Math.round(value.sdnnMs * factor() * 10) / 10 : value.sdnnMs,
  };
  return recordingCase({
    label: 'altered-values',
    truth: false,
    beatTimesMs: beats,
    device: reported(device),
    claimed,
    ...setting,
  });
}

function syntheticSeries(random: Random): GeneratedCase {
  const device = pickDevice(random);
  const meanRr = 60_000 / random.uniform(55, 85);
  const white = random.chance(0.5);
  const sd = random.uniform(15, 60);
  const hz = random.uniform(0.2, 0.33);
  const times: number[] = [];
  let time = random.uniform(0, meanRr);
  while (time < HEALTH_WINDOW_MS) {
    times.push(time);
    time += white
      ? meanRr + random.normal(0, sd)
      : meanRr + sd * Math.sin((2 * Math.PI * hz * time) / 1000);
  }
  const beats = captureBeats({ timesMs: times }, { ...device, jitterMs: 0 }, random);
  return recordingCase({
    label: 'synthetic-series',
    truth: false,
    beatTimesMs: beats,
    device: reported(device),
    ...scene(random),
  });
}

function artefactsHidden(random: Random): GeneratedCase {
  const device = pickDevice(random);
  const clean = captureBeats(synthesiseHeart(random), device, random);
  const share = random.uniform(0.02, 0.15);
  const beats: number[] = [];
  for (let index = 0; index < clean.length; index++) {
    const time = clean[index]!;
    const next = clean[index + 1];
    if (index > 0 && next !== undefined && random.chance(share / 2)) continue; // a missed beat
    beats.push(time);
    if (next !== undefined && random.chance(share / 2)) {
      // A motion spike detected as a beat, somewhere inside the interval.
      const period = 1000 / device.samplingRateHz;
      beats.push(Math.round((time + (next - time) * random.uniform(0.3, 0.7)) / period) * period);
    }
  }
  const setting = scene(random);
  const rrMs = intervalsOf(beats);
  const value = honestValue(rrMs, device.deviceClass, setting.position);
  const mean = rrMs.reduce((sum, rr) => sum + rr, 0) / rrMs.length;
  let successive = 0;
  for (let index = 1; index < rrMs.length; index++)
    successive += (rrMs[index]! - rrMs[index - 1]!) ** 2;
  const variance = rrMs.reduce((sum, rr) => sum + (rr - mean) ** 2, 0) / (rrMs.length - 1);
  const claimed = {
    rmssdMs: Math.round(Math.sqrt(successive / (rrMs.length - 1)) * 10) / 10,
    sdnnMs: Math.round(Math.sqrt(variance) * 10) / 10,
    artefactCount: 0,
  };
  return recordingCase({
    label: 'artefacts-hidden',
    truth: false,
    beatTimesMs: beats,
    device: reported(device),
    claimed: value.artefactCount === 0 ? {} : claimed,
    ...setting,
  });
}

function replayedSeries(random: Random): GeneratedCase {
  const device = pickDevice(random);
  const durationMs = random.chance(0.6)
    ? HEALTH_WINDOW_MS
    : random.pick([120_000, 180_000, 240_000, 360_000, 600_000]);
  const beats = captureBeats(synthesiseHeart(random, { durationMs }), device, random);
  const setting = scene(random);
  const startedAtMs = random.chance(0.3)
    ? setting.startedAtMs
    : setting.windowStartMs -
      random.integer(1, 30 * 86_400) * 1000 +
      Math.round(random.normal(0, 1000));
  return recordingCase({
    label: 'replayed-series',
    truth: false,
    beatTimesMs: beats,
    device: reported(device),
    ...setting,
    startedAtMs,
  });
}

const ECG_MULTIPLE_OF: Record<number, number> = {
  25: 250,
  32: 256,
  50: 250,
  64: 256,
  100: 500,
  128: 256,
};

function ppgAsEcg(random: Random): GeneratedCase {
  const device = pickDevice(random, 'ppg');
  let beats = captureBeats(synthesiseHeart(random), device, random);
  const ecgRate = ECG_MULTIPLE_OF[device.samplingRateHz]!;
  if (random.chance(0.5)) {
    const ppgPeriod = 1000 / device.samplingRateHz;
    const ecgPeriod = 1000 / ecgRate;
    beats = beats.map((time) =>
      Math.max(
        0,
        Math.round((time + random.uniform(-0.5, 0.5) * ppgPeriod) / ecgPeriod) * ecgPeriod,
      ),
    );
  }
  const relabelled = reported(device, {
    deviceClass: 'ecg',
    samplingRateHz: ecgRate,
    model: 'chest-strap-ecg',
  });
  return recordingCase({
    label: 'ppg-as-ecg',
    truth: false,
    beatTimesMs: beats,
    device: relabelled,
    ...scene(random),
  });
}

const CHEATS: Record<HealthHrvCheatingModel, (random: Random) => GeneratedCase> = {
  'altered-values': alteredValues,
  'synthetic-series': syntheticSeries,
  'artefacts-hidden': artefactsHidden,
  'replayed-series': replayedSeries,
  'ppg-as-ecg': ppgAsEcg,
};

export function cheatCase(model: HealthHrvCheatingModel, random: Random): GeneratedCase {
  return CHEATS[model](random);
}

/** `count` cases: a `honestShare` of them honest, the rest split evenly among the models. */
export function generateHealthHrvCases(
  random: Random,
  count: number,
  honestShare: number,
): GeneratedCase[] {
  return caseLabels(count, honestShare, HEALTH_HRV_CHEATING_MODELS).map((label) =>
    label === 'honest' ? honestCase(random) : cheatCase(label as HealthHrvCheatingModel, random),
  );
}
