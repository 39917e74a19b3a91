/** Checks the verification results attached to a proof: each is signed, about this proof, and K4-shaped. */
import { sealObject } from '../crypto/signed-object.js';
import type { TrustStore } from '../identity/trust-store.js';
import { checkContentId } from '../invariants/k2-deterministic-integrity.js';
import { checkExplicitUncertainty } from '../invariants/k4-explicit-uncertainty.js';
import { fail, ok, type Result } from '../result.js';
import { parseTimestamp } from '../time.js';
import type { Proof } from './proof-schema.js';
import type { Verification } from './verification-schema.js';

export type VerificationFields = Omit<Verification, 'v' | 'id' | 'signatures'>;

export function buildVerification(fields: VerificationFields): Verification {
  const body = { v: 1 as const, ...fields };
  return sealObject(body);
}

/** Appends a result to a proof. The proof's id and signatures are untouched (K4). */
export function attachVerification(proof: Proof, verification: Verification): Proof {
  return { ...proof, verifications: [...proof.verifications, verification] };
}

export function checkAttachedVerifications(proof: Proof, trust: TrustStore): Result<true> {
  for (let index = 0; index < proof.verifications.length; index++) {
    const checked = checkVerification(proof.verifications[index]!, proof.id, trust);
    if (!checked.ok) {
      const path = `/verifications/${index}${checked.error.path ?? ''}`;
      return fail(checked.error.code, checked.error.message, path);
    }
  }
  return ok(true);
}

function checkVerification(
  verification: Verification,
  proofId: string,
  trust: TrustStore,
): Result<true> {
  const id = checkContentId(verification, 'verification_id_mismatch');
  if (!id.ok) return id;
  if (verification.proof !== proofId) {
    return fail(
      'verification_proof_mismatch',
      `the result is about ${verification.proof}`,
      '/proof',
    );
  }
  const uncertainty = checkExplicitUncertainty(verification);
  if (!uncertainty.ok) return uncertainty;
  const atMs = parseTimestamp(verification.at)!; // the schema's date-time format guarantees it parses
  const signers = trust.verifySignatures(
    verification.signatures,
    'verification',
    verification.id,
    atMs,
  );
  if (!signers.ok) return signers;
  if (!signers.value.has(verification.verifier)) {
    return fail(
      'signature_missing',
      `the verifier ${verification.verifier} did not sign its result`,
      '/signatures',
    );
  }
  return ok(true);
}
