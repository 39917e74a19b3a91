/**
 * Synthetic resting RR series for the calibration benchmark. Physiology: a mean heart rate of
 * 55–85 bpm, respiratory sinus arrhythmia at 0.2–0.33 Hz, a Mayer-wave LF component near 0.1 Hz,
 * slow drift (a few components below 0.04 Hz, roughly 1/f), beat-to-beat innovations, and rare
 * ectopic beats with a compensatory pause. Capture: ECG R-wave jitter of ~1 ms on a 250–1000 Hz
 * grid, or PPG pulse-arrival jitter of 3–10 ms on a 25–128 Hz grid (Schäfer & Vagedes 2013).
 */
import { HEALTH_WINDOW_MS } from '../limits.js';
import type { Random } from '../probability/random.js';
import type { HealthDeviceClass } from './hrv-claim-schema.js';

/** A heart's true beat times (ms from the recording start) before any device sees them. */
export interface HeartBeats {
  readonly timesMs: number[];
}

export interface CaptureDevice {
  readonly deviceClass: HealthDeviceClass;
  readonly samplingRateHz: number;
  readonly model: string;
  /** sd of the fiducial point's timing error, ms. */
  readonly jitterMs: number;
}

export const ECG_RATES_HZ = [250, 256, 500, 512, 1000] as const;
export const PPG_RATES_HZ = [25, 32, 50, 64, 100, 128] as const;

export function pickDevice(random: Random, deviceClass?: HealthDeviceClass): CaptureDevice {
  const chosen = deviceClass ?? (random.chance(0.5) ? 'ecg' : 'ppg');
  if (chosen === 'ecg') {
    return {
      deviceClass: 'ecg',
      samplingRateHz: random.pick(ECG_RATES_HZ),
      model: random.pick(['chest-strap-ecg', 'holter-3-lead', 'patch-ecg']),
      jitterMs: random.uniform(0.5, 1.5),
    };
  }
  return {
    deviceClass: 'ppg',
    samplingRateHz: random.pick(PPG_RATES_HZ),
    model: random.pick(['wrist-ppg', 'finger-ppg', 'armband-ppg']),
    jitterMs: random.uniform(3, 10),
  };
}

interface Oscillation {
  readonly hz: number;
  readonly amplitudeMs: number;
  readonly phase: number;
}

export interface HeartOptions {
  /** Ectopic beats per beat (default 0–0.6 %). */
  readonly ectopicRate?: number;
  /** Recording length, ms (default 5 min). */
  readonly durationMs?: number;
}

/** True beat times over a recording, the first one within a beat of its start. */
export function synthesiseHeart(random: Random, options: HeartOptions = {}): HeartBeats {
  const duration = options.durationMs ?? HEALTH_WINDOW_MS;
  const meanRr = 60_000 / random.uniform(55, 85);
  const scale = meanRr / 900;
  const rsa: Oscillation = {
    hz: random.uniform(0.2, 0.33),
    amplitudeMs: random.uniform(8, 45) * scale,
    phase: random.uniform(0, 2 * Math.PI),
  };
  const slow: Oscillation[] = [
    { hz: random.uniform(0.08, 0.12), amplitudeMs: random.uniform(5, 30), phase: 0 },
    { hz: random.uniform(0.02, 0.04), amplitudeMs: random.uniform(4, 20), phase: 0 },
    { hz: random.uniform(0.004, 0.015), amplitudeMs: random.uniform(5, 30), phase: 0 },
  ].map((wave) => ({ ...wave, phase: random.uniform(0, 2 * Math.PI) }));
  const innovationMs = random.uniform(2, 7);
  const ectopicRate = options.ectopicRate ?? random.uniform(0, 0.006);
  const times: number[] = [];
  let time = random.uniform(0, meanRr);
  let respiratoryPhase = rsa.phase;
  let compensation = 0;
  while (time < duration) {
    times.push(time);
    let rr = meanRr + rsa.amplitudeMs * Math.sin(respiratoryPhase);
    for (const wave of slow)
      rr += wave.amplitudeMs * Math.sin(2 * Math.PI * wave.hz * (time / 1000) + wave.phase);
    rr += random.normal(0, innovationMs);
    if (compensation > 0) {
      rr = compensation;
      compensation = 0;
    } else if (random.chance(ectopicRate)) {
      const premature = rr * random.uniform(0.55, 0.75);
      compensation = 2 * rr - premature;
      rr = premature;
    }
    // Breathing rate wanders a little from breath to breath.
    respiratoryPhase += 2 * Math.PI * rsa.hz * (rr / 1000) * (1 + random.normal(0, 0.05));
    time += rr;
  }
  return { timesMs: times };
}

/** What the device records: each true beat time plus fiducial jitter, on its sampling grid. */
export function captureBeats(heart: HeartBeats, device: CaptureDevice, random: Random): number[] {
  const periodMs = 1000 / device.samplingRateHz;
  const captured: number[] = [];
  for (const time of heart.timesMs) {
    const step = Math.round((time + random.normal(0, device.jitterMs)) / periodMs);
    const quantised = step * periodMs;
    if (step >= 0 && (captured.length === 0 || quantised > captured[captured.length - 1]!)) {
      captured.push(quantised);
    }
  }
  return captured;
}

/** RR intervals of captured beat times. */
export function intervalsOf(beatTimesMs: readonly number[]): number[] {
  const intervals: number[] = [];
  for (let index = 1; index < beatTimesMs.length; index++) {
    intervals.push(beatTimesMs[index]! - beatTimesMs[index - 1]!);
  }
  return intervals;
}
