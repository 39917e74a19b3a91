/** Errors of the integrity plane for proof envelopes (and the verification results they carry). */
export const PROOF_ERROR_CODES = {
  proof_oversize: 'the proof is larger than PROOF_BYTES_MAX',
  proof_version_unsupported: 'the envelope version `v` is not one this kernel implements',
  proof_schema_invalid: 'the envelope does not match the proof schema',
  proof_id_mismatch: 'the envelope id is not the content id of its unsigned body',
  proof_issuer_signature_missing: 'the issuer named in the attestation did not sign',
  proof_device_signature_missing: 'the device named in the attestation did not sign',
  proof_device_identity_unknown:
    'the device has no trusted identity document declaring its attestation level',
  proof_issued_in_future: 'issuedAt is later than the verifier clock plus CLOCK_SKEW_MS_MAX',
  proof_expired: 'the proof expired (expiresAt is at or before the verifier clock)',
  proof_times_inconsistent:
    'the envelope times contradict each other (expiresAt before issuedAt, window end before start)',
  proof_evidence_inline: 'an evidence entry carries raw data instead of a digest (K3)',
  mip_id_malformed: 'the mip field is not mip-<domain>/<type>@<semver>',
  mip_claim_invalid: 'the claim does not match the schema of its (known) MIP',
  verification_id_mismatch: 'an attached verification result id is not the content id of its body',
  verification_proof_mismatch: 'an attached verification result is about another proof',
  verification_uncertainty_missing:
    'a reality-plane result lacks a probability, interval or method (K4)',
} as const;
