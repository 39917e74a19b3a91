/**
 * The reality verifier of `mip-hlt/hrv-short-term@1.0.0`. Gates first (Task Force 1996): a claim
 * that contradicts its device evidence, a device sampling too slowly for its class, a window or a
 * beat span that is not the 5-minute recording, or more artefacts than the gate allows make the
 * measures undefined, and those are coded refusals. Then RMSSD and SDNN are recomputed from the
 * RR series and the soft checks (hrv-checks.ts) form p from the domain prior.
 */
import { parseTimestamp } from '@mycel/kernel';
import {
  HEALTH_ARTEFACT_FRACTION_MAX,
  HEALTH_ECG_SAMPLING_HZ_MIN,
  HEALTH_ECG_TIMING_SD_MS,
  HEALTH_INTERVALS_MIN,
  HEALTH_PPG_SAMPLING_HZ_MIN,
  HEALTH_PPG_TIMING_SD_MS,
  HEALTH_PRIOR_LOG_ODDS_SD,
  HEALTH_PRIOR_P,
  HEALTH_SPAN_MIN_MS,
  HEALTH_WINDOW_MS,
  HEALTH_WINDOW_TOLERANCE_MS,
} from '../limits.js';
import type { RealityInput } from '../mechanism/mip-module.js';
import { type MipsResult, mipsFail } from '../mips-error-codes.js';
import {
  conservativeQuantity,
  formBelief,
  type Prior,
  type RealityResult,
} from '../probability/belief.js';
import { hrvChecks } from './hrv-checks.js';
import {
  checkHealthHrvClaim,
  HEALTH_HRV_MIP,
  HEALTH_HRV_UNIT,
  type HealthHrvClaim,
} from './hrv-claim-schema.js';
import { readHealthDevice, readHealthRrSeries } from './hrv-evidence.js';
import { gridMultiple, hrvMeasures } from './hrv-metrics.js';

export const HEALTH_HRV_PRIOR: Prior = { p: HEALTH_PRIOR_P, logOddsSd: HEALTH_PRIOR_LOG_ODDS_SD };
export const HEALTH_HRV_METHOD = `${HEALTH_HRV_MIP}#recompute-task-force-1996`;

export function verifyHealthHrv(input: RealityInput): MipsResult<RealityResult> {
  const reason = checkHealthHrvClaim(input.proof.claim);
  if (reason !== undefined) return mipsFail('mip_claim_invalid', reason, '/claim');
  const claim = input.proof.claim as HealthHrvClaim;
  const device = readHealthDevice(input.evidence.get('device'));
  if (!device.ok) return device;
  const { deviceClass, samplingRateHz } = device.value;
  if (deviceClass !== claim.value.deviceClass) {
    return mipsFail(
      'health_device_mismatch',
      `the claim says ${claim.value.deviceClass}, the device evidence ${deviceClass}`,
      '/claim/value/deviceClass',
    );
  }
  const rateMin = deviceClass === 'ecg' ? HEALTH_ECG_SAMPLING_HZ_MIN : HEALTH_PPG_SAMPLING_HZ_MIN;
  if (samplingRateHz < rateMin) {
    return mipsFail(
      'health_sampling_rate_low',
      `${deviceClass} at ${samplingRateHz} Hz; at least ${rateMin} Hz is needed`,
    );
  }
  const series = readHealthRrSeries(input.evidence.get('rr-series'), samplingRateHz);
  if (!series.ok) return series;
  const windowStart = parseTimestamp(claim.window.start as string)!;
  const windowMs = parseTimestamp(claim.window.end as string)! - windowStart;
  if (Math.abs(windowMs - HEALTH_WINDOW_MS) > HEALTH_WINDOW_TOLERANCE_MS) {
    return mipsFail(
      'health_window_invalid',
      `the window is ${windowMs} ms, not 5 min`,
      '/claim/window',
    );
  }
  const beats = series.value.beatTimesMs;
  const spanMs = beats[beats.length - 1]! - beats[0]!;
  if (
    spanMs < HEALTH_SPAN_MIN_MS ||
    beats[beats.length - 1]! > windowMs + HEALTH_WINDOW_TOLERANCE_MS
  ) {
    return mipsFail(
      'health_window_invalid',
      `the beats span ${spanMs} ms up to ${beats[beats.length - 1]} ms; the window is ${windowMs} ms`,
      '/beatTimesMs',
    );
  }
  const measures = hrvMeasures(series.value.rrMs);
  if (measures.intervals - measures.artefacts < HEALTH_INTERVALS_MIN) {
    return mipsFail(
      'health_artefacts_excessive',
      `${measures.intervals - measures.artefacts} NN intervals; at least ${HEALTH_INTERVALS_MIN} are needed`,
    );
  }
  if (measures.artefactFraction > HEALTH_ARTEFACT_FRACTION_MAX) {
    return mipsFail(
      'health_artefacts_excessive',
      `${measures.artefacts} of ${measures.intervals} intervals are artefacts (> ${HEALTH_ARTEFACT_FRACTION_MAX * 100} %)`,
    );
  }
  const checks = hrvChecks({
    claimed: claim.value,
    measures,
    gridMultiple: gridMultiple(beats, samplingRateHz),
    samplingRateHz,
    startOffsetMs: parseTimestamp(series.value.startedAt as string)! - windowStart,
  });
  return {
    ok: true,
    value: formBelief({
      method: HEALTH_HRV_METHOD,
      prior: HEALTH_HRV_PRIOR,
      checks,
      settle: settleRmssd(measures.rmssdMs, deviceClass, samplingRateHz),
    }),
  };
}

/**
 * What settlement pays for: RMSSD corrected for beat-time noise (white timing noise of sd σ adds
 * 6σ² to the mean squared successive difference), at its 5 % lower quantile. σ combines the
 * class's fiducial jitter and the sampling grid's quantisation (period / √12).
 */
function settleRmssd(rmssdMs: number, deviceClass: 'ecg' | 'ppg', samplingRateHz: number) {
  const jitter = deviceClass === 'ecg' ? HEALTH_ECG_TIMING_SD_MS : HEALTH_PPG_TIMING_SD_MS;
  const timingVariance = jitter ** 2 + (1000 / samplingRateHz) ** 2 / 12;
  const corrected = Math.sqrt(Math.max(0, rmssdMs ** 2 - 6 * timingVariance));
  const sd = Math.max(0.5, rmssdMs - corrected);
  return conservativeQuantity(corrected, sd, HEALTH_HRV_UNIT, 0.05);
}
