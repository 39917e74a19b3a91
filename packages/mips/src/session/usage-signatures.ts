/**
 * Who signed a usage proof. A did:key is its own public key, so both signatures verify with no
 * registry: the node's (the issuer, first) and the client's countersignature. A proof whose body
 * changed after signing is refused before any signature is looked at, since a signature covers
 * the id and not the body.
 */
import { type Proof, parseTimestamp, proofId, TrustStore } from '@mycel/kernel';
import { type MipsResult, mipsFail } from '../mips-error-codes.js';
import type { UsageClaimValue } from './usage-claim-schema.js';
import { readUsage } from './usage-proof.js';

/** Keys are did:keys only (no identity documents): a bare trust store resolves each to itself. */
const selfCertifying = new TrustStore();

/** How far a usage proof has come: signed by its node, or countersigned by its client too. */
export type UsageStage = 'issued' | 'countersigned';

/**
 * The claim value of a usage proof that reads (readUsage), is unaltered, carries only valid
 * signatures, the first by the node, and, at `countersigned`, one by the client.
 */
export function checkUsageProof(
  proof: Proof,
  stage: UsageStage = 'countersigned',
): MipsResult<UsageClaimValue> {
  const read = readUsage(proof);
  if (!read.ok) return read;
  const { node, client } = read.value;
  if (proofId(proof) !== proof.id) {
    return mipsFail('usage_proof_altered', 'the body does not hash to the proof id', '/id');
  }
  const atMs = parseTimestamp(proof.issuedAt)!;
  const signers: string[] = [];
  for (const [index, entry] of proof.signatures.entries()) {
    const checked = selfCertifying.verifySignatures([entry], 'proof', proof.id, atMs);
    const signer = checked.ok ? [...checked.value][0] : undefined;
    if (signer === undefined) {
      const code =
        signers.length === 0 ? 'usage_node_signature_missing' : 'usage_client_signature_missing';
      const reason = checked.ok ? 'no signer' : checked.error.code;
      return mipsFail(
        code,
        `signature ${index} does not verify (${reason})`,
        `/signatures/${index}`,
      );
    }
    signers.push(signer);
  }
  if (signers[0] !== node) {
    return mipsFail(
      'usage_node_signature_missing',
      `the first signature is not by ${node}`,
      '/signatures/0',
    );
  }
  if (stage === 'countersigned' && !signers.slice(1).includes(client)) {
    return mipsFail(
      'usage_client_signature_missing',
      `no countersignature by ${client}`,
      '/signatures',
    );
  }
  return read;
}
