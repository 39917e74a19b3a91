/**
 * Fixtures for the lot-conformance tests: generated cases of a fixed seed, and editors that
 * change one piece of evidence (or the claim) of a case and re-issue its proof, so each test
 * starts from a lot that is consistent except for the one thing it breaks.
 */
import { buildProof, type JsonValue, parseJsonBytes } from '@mycel/kernel';
import {
  mfgGenerateLotCase as generateLotCase,
  MFG_AUDIT_MEDIA_TYPE,
  MFG_CERTIFICATES_MEDIA_TYPE,
  MFG_COUNTERS_MEDIA_TYPE,
  MFG_SERIES_MEDIA_TYPE,
  mfgLotConformanceModule,
} from '../../src/manufacturing/index.js';
import type { GeneratedCase } from '../../src/mechanism/mip-module.js';
import { evidenceBytes, evidenceEntry, verifyCase } from '../../src/mechanism/verify-reality.js';
import { seededRandom } from '../../src/probability/random.js';

export const MEDIA = {
  series: MFG_SERIES_MEDIA_TYPE,
  certificates: MFG_CERTIFICATES_MEDIA_TYPE,
  counters: MFG_COUNTERS_MEDIA_TYPE,
  audit: MFG_AUDIT_MEDIA_TYPE,
} as const;

// biome-ignore lint/suspicious/noExplicitAny: tests edit evidence JSON freely
export type Editable = any;

/** A case of `label` drawn from `seed`. */
export function lotCase(label: string, seed: number): GeneratedCase {
  return generateLotCase(seededRandom(seed), label);
}

/** The first case of `label` from seeds 1, 2, … that `accept` takes. */
export function findLotCase(
  label: string,
  accept: (generated: GeneratedCase) => boolean,
): GeneratedCase {
  for (let seed = 1; seed < 200; seed++) {
    const generated = lotCase(label, seed);
    if (accept(generated)) return generated;
  }
  throw new Error(`no ${label} case accepted`);
}

export function evidenceJson(generated: GeneratedCase, mediaType: string): Editable {
  const piece = generated.evidence.find((p) => p.mediaType === mediaType);
  if (piece === undefined) return undefined;
  const parsed = parseJsonBytes(piece.bytes);
  if (!parsed.ok) throw new Error('fixture evidence is not JSON');
  return parsed.value;
}

function reissue(
  generated: GeneratedCase,
  claim: Editable,
  evidence: GeneratedCase['evidence'],
): GeneratedCase {
  const { id: _id, signatures: _s, verifications: _v, v: _version, ...fields } = generated.proof;
  const proof = buildProof({
    ...fields,
    claim,
    evidence: evidence.map((piece) =>
      evidenceEntry(piece.mediaType, piece.bytes, 'vault:plant-mes'),
    ),
  });
  return { ...generated, proof, evidence };
}

/** The case with one evidence piece replaced by `edit` of its JSON (the proof re-issued). */
export function editEvidence(
  generated: GeneratedCase,
  mediaType: string,
  edit: (value: Editable) => void,
): GeneratedCase {
  const value = structuredClone(evidenceJson(generated, mediaType));
  edit(value);
  const evidence = generated.evidence.map((piece) =>
    piece.mediaType === mediaType ? { mediaType, bytes: evidenceBytes(value as JsonValue) } : piece,
  );
  return reissue(generated, generated.proof.claim, evidence);
}

/** The case with its claim value edited (the proof re-issued). */
export function editClaim(
  generated: GeneratedCase,
  edit: (claim: Editable) => void,
): GeneratedCase {
  const claim = structuredClone(generated.proof.claim) as Editable;
  edit(claim);
  return reissue(generated, claim, generated.evidence);
}

export function verifyLot(generated: GeneratedCase) {
  return verifyCase(mfgLotConformanceModule, generated);
}

/** The p of a case, 0 for a coded refusal (as the benchmark counts it). */
export function lotP(generated: GeneratedCase): number {
  const result = verifyLot(generated);
  return result.ok ? result.value.p : 0;
}
