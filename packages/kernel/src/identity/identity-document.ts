/**
 * Identity documents bind a key-based identity to a role and an attestation level. A `software`
 * identity declares its level; a `tpm` or `secure-enclave` identity must also be signed by a
 * trusted hardware root (K1). Measuring devices may carry a calibration record.
 */
import { sealObject } from '../crypto/signed-object.js';
import { checkContentId } from '../invariants/k2-deterministic-integrity.js';
import type { JsonValue } from '../json/strict-json.js';
import { fail, ok, type Result } from '../result.js';
import { compileSchema } from '../schema/schema-check.js';
import { parseTimestamp } from '../time.js';
import { checkChainRoot, namesCertificateChain } from './device-attestation.js';
import { type IdentityDocument, IdentityDocumentSchema } from './identity-schemas.js';
import type { TrustStore } from './trust-store.js';

const checkSchema = compileSchema(IdentityDocumentSchema);

export type IdentityDocumentFields = Omit<IdentityDocument, 'v' | 'kind' | 'id' | 'signatures'>;

/** An unsigned identity document with its id; sign it with withSignature(doc, 'identity', signer). */
export function buildIdentityDocument(fields: IdentityDocumentFields): IdentityDocument {
  const body = { v: 1 as const, kind: 'identity' as const, ...fields };
  return sealObject(body);
}

export function checkIdentityDocument(
  value: JsonValue,
  trust: TrustStore,
): Result<IdentityDocument> {
  const mismatch = checkSchema(value);
  if (mismatch) return fail('identity_schema_invalid', mismatch.message, mismatch.path);
  const document = value as IdentityDocument;
  const id = checkContentId(document, 'identity_id_mismatch');
  if (!id.ok) return id;
  const issuedMs = parseTimestamp(document.issuedAt)!; // the schema's date-time format guarantees it
  // A renewal is signed after the old document may have expired: expiry does not apply here.
  const signers = trust.verifySignatures(document.signatures, 'identity', document.id, issuedMs, {
    ignoreExpiry: true,
  });
  if (!signers.ok) return signers;
  if (!signers.value.has(document.subject)) {
    return fail(
      'identity_subject_signature_missing',
      `${document.subject} did not sign its identity document`,
    );
  }
  return checkAttestationRoot(document, signers.value, trust);
}

/**
 * K1: a hardware attestation level must chain to a trusted hardware root that signed the
 * document, or that issued the manufacturer certificate chain the document names.
 */
export function checkAttestationRoot(
  document: IdentityDocument,
  signers: ReadonlySet<string>,
  trust: TrustStore,
): Result<IdentityDocument> {
  if (document.attestation.level === 'software') return ok(document);
  const root = document.attestation.root;
  if (root !== undefined && !signers.has(root) && namesCertificateChain(document)) {
    // Endorsed by a manufacturer certificate chain instead (device-attestation.ts).
    const rooted = checkChainRoot(document, trust);
    return rooted.ok ? ok(document) : rooted;
  }
  if (root === undefined || !signers.has(root) || !trust.hasRole(root, 'hardware-root')) {
    return fail(
      'identity_attestation_unrooted',
      `a ${document.attestation.level} identity must be signed by a trusted hardware root`,
    );
  }
  return ok(document);
}
