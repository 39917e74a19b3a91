/**
 * Turning a captured recording into a labelled case: the RR-series and device evidence bytes (as
 * the subject's vault holds them), the claim an honest producer makes of them (this MIP's own
 * recomputation, rounded to 0.1 ms), and the proof envelope carrying only their digests.
 */
import { buildProof, ed25519SignerFromSeed, formatTimestamp } from '@mycel/kernel';
import { HEALTH_WINDOW_MS } from '../limits.js';
import type { GeneratedCase } from '../mechanism/mip-module.js';
import { evidenceBytes, evidenceEntry } from '../mechanism/verify-reality.js';
import {
  HEALTH_HRV_MIP,
  HEALTH_HRV_PREDICATE,
  HEALTH_HRV_UNIT,
  type HealthHrvValue,
  type HealthPosition,
  healthPseudonym,
} from './hrv-claim-schema.js';
import {
  HEALTH_DEVICE_MEDIA_TYPE,
  HEALTH_RR_SERIES_MEDIA_TYPE,
  type HealthDevice,
} from './hrv-evidence.js';
import { hrvBasics } from './hrv-metrics.js';
import { intervalsOf } from './hrv-rr-synthesis.js';

let producerDid: string | undefined;

/** The producer (a clinic's gateway) that issues the generated proofs. */
function producer(): string {
  producerDid ??= ed25519SignerFromSeed(new Uint8Array(32).fill(71)).key.did;
  return producerDid;
}

const PSEUDONYM_KEY = new Uint8Array(32).fill(72);

export interface RecordingFields {
  readonly label: string;
  readonly truth: boolean;
  readonly beatTimesMs: readonly number[];
  readonly device: HealthDevice;
  readonly windowStartMs: number;
  /** The device clock's recording start (defaults to the window start). */
  readonly startedAtMs?: number;
  readonly subjectNumber: number;
  readonly position: HealthPosition;
  /** Replaces parts of the honest claim value (a cheat's edits). */
  readonly claimed?: Partial<HealthHrvValue>;
}

const round = (value: number): number => Math.round(value * 10) / 10;

/** The claim value an honest producer states for an RR series. */
export function honestValue(
  rrMs: readonly number[],
  deviceClass: HealthDevice['deviceClass'],
  position: HealthPosition,
): HealthHrvValue {
  const measures = hrvBasics(rrMs);
  return {
    rmssdMs: round(measures.rmssdMs),
    sdnnMs: round(measures.sdnnMs),
    artefactCount: measures.artefacts,
    deviceClass,
    position,
  };
}

export function recordingCase(fields: RecordingFields): GeneratedCase {
  const rrMs = intervalsOf(fields.beatTimesMs);
  const series = evidenceBytes({
    startedAt: formatTimestamp(fields.startedAtMs ?? fields.windowStartMs),
    beatTimesMs: [...fields.beatTimesMs],
    rrMs,
  });
  const device = evidenceBytes({ ...fields.device });
  const value = {
    ...honestValue(rrMs, fields.device.deviceClass, fields.position),
    ...fields.claimed,
  };
  const end = fields.windowStartMs + HEALTH_WINDOW_MS;
  const proof = buildProof({
    mip: HEALTH_HRV_MIP,
    federation: 'devnet',
    claim: {
      subject: healthPseudonym(PSEUDONYM_KEY, `subject-${fields.subjectNumber}`),
      predicate: HEALTH_HRV_PREDICATE,
      value: { ...value },
      unit: HEALTH_HRV_UNIT,
      window: { start: formatTimestamp(fields.windowStartMs), end: formatTimestamp(end) },
    },
    attestation: { issuer: producer(), capturedAt: formatTimestamp(end) },
    evidence: [
      evidenceEntry(HEALTH_RR_SERIES_MEDIA_TYPE, series, 'vault:subject', 'private'),
      evidenceEntry(HEALTH_DEVICE_MEDIA_TYPE, device, 'vault:subject', 'on-request'),
    ],
    issuedAt: formatTimestamp(end + 60_000),
  });
  return {
    label: fields.label,
    truth: fields.truth,
    proof,
    evidence: [
      { mediaType: HEALTH_RR_SERIES_MEDIA_TYPE, bytes: series },
      { mediaType: HEALTH_DEVICE_MEDIA_TYPE, bytes: device },
    ],
    context: { nowMs: end + 120_000 },
  };
}
