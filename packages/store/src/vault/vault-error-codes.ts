/**
 * The evidence vault's codes (K3), stable and snake_case like every other store code. Storing
 * and challenge refusals are raised as StoreError; disclosure refusals are returned as values
 * and written to the disclosure log. This file imports nothing but limits, so store-error.ts can
 * spread VAULT_ERROR_CODES into STORE_ERROR_CODES without an import cycle.
 */
import { EVIDENCE_BYTES_MAX } from './vault-limits.js';

export const VAULT_ERROR_CODES = {
  // Storing evidence.
  evidence_too_large: `a piece of evidence is over ${EVIDENCE_BYTES_MAX} bytes`,
  evidence_media_type_invalid: 'the media type is not type/subtype in lower case (RFC 6838)',
  evidence_disclosure_invalid: 'the disclosure is not one of private, on-request, public',
  evidence_record_invalid:
    'the evidence is empty, or its producer, vault name or time is out of range',
  evidence_conflict:
    'evidence with this digest is already stored with another media type or disclosure',
  evidence_policy_missing: 'the policy pack has no evidence section, so the vault has no rule',
  // Opening challenges.
  challenge_invalid: 'the challenge fails the kernel check (schema, times or id)',
  challenge_federation_mismatch: 'the challenge is for another federation than the policy pack',
  challenge_authority_unknown:
    "the challenge's authority is not a dispute-authority trust anchor of the policy pack",
  challenge_signature_invalid: 'the challenge is not signed by the authority it names',
  challenge_expired: 'the challenge has expired',
  challenge_too_long: "the challenge stays open longer than the pack's challengeTtlMsMax",
  challenge_evidence_unknown: 'the challenge names a digest this vault does not hold',
  // Disclosing evidence (each refusal is logged).
  disclosure_request_invalid: 'the disclosure request fails the kernel check (schema or id)',
  disclosure_digest_mismatch: 'the disclosure request is for another digest than the one asked',
  disclosure_signature_invalid: 'the disclosure request is not signed by the verifier it names',
  disclosure_request_stale: "the request's requestedAt is too far from the vault's clock",
  evidence_unknown: 'this vault holds no evidence with this digest',
  evidence_private: 'the evidence is private: it never leaves its vault',
  evidence_expired: 'the retention period has passed and the bytes were deleted',
  evidence_not_challenged:
    'on-request evidence goes only to a verifier an open challenge naming it assigns',
  disclosure_log_invalid: 'a disclosure log read asks for a negative or oversized page',
} as const;

export type VaultErrorCode = keyof typeof VAULT_ERROR_CODES;
