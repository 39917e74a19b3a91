/** Building and signing proof envelopes (the issuer's side). */
import { contentId } from '../crypto/content-id.js';
import { bodyOf, type JsonObject, withSignature } from '../crypto/signed-object.js';
import type { Signer } from '../crypto/signer.js';
import { fail, ok, type Result } from '../result.js';
import { PROOF_VERSION, type Proof, type ProofBody } from './proof-schema.js';

/** Fields excluded from a proof's id: signatures are over the id; verifications are appended later (K4). */
export const PROOF_UNSIGNED_FIELDS = ['id', 'signatures', 'verifications'] as const;

export type ProofFields = Omit<ProofBody, 'v' | 'evidence' | 'refs'> &
  Partial<Pick<ProofBody, 'evidence' | 'refs'>>;

export function proofId(proof: ProofBody | Proof): string {
  return contentId(bodyOf(proof as JsonObject, PROOF_UNSIGNED_FIELDS));
}

/** An unsigned envelope with its id; sign it with signProof. */
export function buildProof(fields: ProofFields): Proof {
  const body: ProofBody = {
    v: PROOF_VERSION,
    ...fields,
    evidence: fields.evidence ?? [],
    refs: fields.refs ?? {},
  };
  return { ...body, id: proofId(body), signatures: [], verifications: [] };
}

/**
 * Adds one signature; call once per signer (issuer, device, countersigning client...). The id is
 * recomputed first, so an edited body is re-identified, unless it is already signed: then editing
 * would silently invalidate the other signatures, and that is an error.
 */
export function signProof(proof: Proof, signer: Signer): Result<Proof> {
  const id = proofId(proof);
  if (id !== proof.id && proof.signatures.length > 0) {
    return fail(
      'proof_id_mismatch',
      'the body changed after it was signed; the signatures no longer match',
    );
  }
  return ok(withSignature({ ...proof, id }, 'proof', signer));
}
