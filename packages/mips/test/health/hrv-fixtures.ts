/** Cases for the hrv-short-term tests: generated ones, and copies with edited evidence or claim. */
import { buildProof, type JsonValue, parseJsonBytes } from '@mycel/kernel';
import {
  evidenceBytes,
  evidenceEntry,
  type GeneratedCase,
  HEALTH_DEVICE_MEDIA_TYPE,
  HEALTH_RR_SERIES_MEDIA_TYPE,
} from '../../src/index.js';

type Json = Record<string, JsonValue>;

function read(generated: GeneratedCase, mediaType: string): Json {
  const piece = generated.evidence.find((candidate) => candidate.mediaType === mediaType)!;
  const parsed = parseJsonBytes(piece.bytes);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value as Json;
}

export interface Edits {
  readonly series?: (series: Json) => Json;
  readonly device?: (device: Json) => Json;
  readonly claim?: (claim: Json) => Json;
}

/** The case with its evidence and claim edited, the proof rebuilt around the new digests. */
export function edited(generated: GeneratedCase, edits: Edits): GeneratedCase {
  const series = evidenceBytes(
    (edits.series ?? ((x) => x))(read(generated, HEALTH_RR_SERIES_MEDIA_TYPE)),
  );
  const device = evidenceBytes(
    (edits.device ?? ((x) => x))(read(generated, HEALTH_DEVICE_MEDIA_TYPE)),
  );
  const { id: _id, signatures: _s, verifications: _v, v: _version, ...fields } = generated.proof;
  const claim = (edits.claim ?? ((x) => x))(structuredClone(generated.proof.claim) as Json);
  const proof = buildProof({
    ...fields,
    claim: claim as typeof generated.proof.claim,
    evidence: [
      evidenceEntry(HEALTH_RR_SERIES_MEDIA_TYPE, series, 'vault:subject', 'private'),
      evidenceEntry(HEALTH_DEVICE_MEDIA_TYPE, device, 'vault:subject', 'on-request'),
    ],
  });
  return {
    ...generated,
    proof,
    evidence: [
      { mediaType: HEALTH_RR_SERIES_MEDIA_TYPE, bytes: series },
      { mediaType: HEALTH_DEVICE_MEDIA_TYPE, bytes: device },
    ],
  };
}

export function seriesOf(generated: GeneratedCase): {
  beatTimesMs: number[];
  rrMs: number[];
  startedAt: string;
} {
  return read(generated, HEALTH_RR_SERIES_MEDIA_TYPE) as never;
}
