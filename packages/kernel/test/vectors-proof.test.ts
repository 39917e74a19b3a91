/**
 * ProofVerifier against vectors/proof/ (from disk): each envelope, with the trust documents its
 * vector carries, gets exactly the expected verdict at the vector's clock. Valid envelopes' ids
 * are also recomputed with the `canonicalize` package, an independent RFC 8785 implementation.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import {
  type ProofVectorInput,
  type ProofVerdict,
  proofBytes,
  runProofVector,
} from '../scripts/vector-areas/proof-harness.js';
import { readVectorArea } from '../scripts/vector-areas/vector-file.js';
import {
  isErrorCode,
  type JsonValue,
  PROOF_UNSIGNED_FIELDS,
  parseJsonBytes,
} from '../src/index.js';

const vectors = readVectorArea<ProofVectorInput, ProofVerdict>('proof');

/** Integrity rules the vectors must keep covering: removing one of these cases fails the suite. */
const REQUIRED_CODES = [
  'proof_oversize',
  'json_malformed',
  'json_duplicate_key',
  'json_too_deep',
  'json_string_too_long',
  'json_invalid_unicode',
  'json_number_out_of_range',
  'proof_version_unsupported',
  'proof_schema_invalid',
  'proof_evidence_inline',
  'mip_id_malformed',
  'proof_id_mismatch',
  'proof_issued_in_future',
  'proof_times_inconsistent',
  'proof_expired',
  'signature_missing',
  'proof_issuer_signature_missing',
  'proof_device_signature_missing',
  'proof_device_identity_unknown',
  'signature_invalid',
  'signature_malformed',
  'signature_duplicate',
  'signature_key_unknown',
  'signature_key_wrong_type',
  'signature_key_unsupported',
  'signature_key_not_yet_valid',
  'signature_key_rotated_out',
  'signature_key_expired',
  'signature_key_revoked',
  'did_malformed',
  'verification_id_mismatch',
  'verification_proof_mismatch',
  'verification_uncertainty_missing',
];

/** sha256: over canonicalize() of the body: the content id computed without the kernel's JCS. */
function independentId(envelope: { [key: string]: JsonValue }): string {
  const body = Object.fromEntries(
    Object.entries(envelope).filter(
      ([key]) => !(PROOF_UNSIGNED_FIELDS as readonly string[]).includes(key),
    ),
  );
  return `sha256:${createHash('sha256').update(canonicalize(body)!).digest('hex')}`;
}

describe('proof vectors', () => {
  it('cover every integrity error code the verifier can produce from bad input', () => {
    const codes = new Set(
      vectors
        .map(([, vector]) => vector.expected as ProofVerdict)
        .flatMap((verdict) => (verdict.ok ? [] : [verdict.code])),
    );
    expect(REQUIRED_CODES.filter((required) => !codes.has(required))).toEqual([]);
    for (const found of codes) expect(isErrorCode(found), found).toBe(true);
  });

  it('include valid envelopes, one of them serialised non-canonically', () => {
    const valid = vectors.filter(([, vector]) => vector.expected.ok).map(([name]) => name);
    expect(valid).toContain('valid');
    expect(valid).toContain('valid-non-canonical');
  });

  it.each(vectors)('%s gets the expected verdict', (_name, vector) => {
    expect(runProofVector(vector.input)).toEqual(vector.expected);
  });

  it.each(vectors.filter(([, vector]) => vector.expected.ok))(
    '%s has the id an independent RFC 8785 implementation computes',
    (_name, vector) => {
      const parsed = parseJsonBytes(proofBytes(vector.input));
      if (!parsed.ok) throw new Error(parsed.error.message);
      const envelope = parsed.value as { [key: string]: JsonValue };
      const expected = vector.expected as { ok: true; id: string };
      expect(envelope.id).toBe(expected.id);
      expect(independentId(envelope)).toBe(expected.id);
    },
  );
});
