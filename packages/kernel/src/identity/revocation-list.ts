/**
 * A revocation list is signed by its issuer: either a revocation authority the verifier trusts
 * (e.g. the federation), which may revoke any key, or an identity revoking its own keys. A key
 * revoked at time R fails every signature dated at or after R; earlier signatures still verify.
 */
import { sealObject } from '../crypto/signed-object.js';
import { checkContentId } from '../invariants/k2-deterministic-integrity.js';
import type { JsonValue } from '../json/strict-json.js';
import { fail, ok, type Result } from '../result.js';
import { compileSchema } from '../schema/schema-check.js';
import { parseTimestamp } from '../time.js';
import { type RevocationList, RevocationListSchema } from './identity-schemas.js';
import type { TrustStore } from './trust-store.js';

const checkSchema = compileSchema(RevocationListSchema);

export type RevocationListFields = Omit<RevocationList, 'v' | 'kind' | 'id' | 'signatures'>;

export function buildRevocationList(fields: RevocationListFields): RevocationList {
  const body = { v: 1 as const, kind: 'revocation-list' as const, ...fields };
  return sealObject(body);
}

export function checkRevocationList(value: JsonValue, trust: TrustStore): Result<RevocationList> {
  const mismatch = checkSchema(value);
  if (mismatch) return fail('revocation_schema_invalid', mismatch.message, mismatch.path);
  const list = value as RevocationList;
  const id = checkContentId(list, 'revocation_id_mismatch');
  if (!id.ok) return id;
  const issuedMs = parseTimestamp(list.issuedAt)!;
  const signers = trust.verifySignatures(list.signatures, 'revocation-list', list.id, issuedMs);
  if (!signers.ok) return signers;
  if (!signers.value.has(list.issuer)) {
    return fail('revocation_issuer_untrusted', 'the revocation list is not signed by its issuer');
  }
  if (!trust.hasRole(list.issuer, 'revocation-authority')) {
    // An identity may revoke only keys it had already taken up when it signed the list.
    const ownKeys = new Set(
      trust
        .keyChain(list.issuer)
        .filter((span) => span.fromMs <= issuedMs)
        .map((span) => span.key.did),
    );
    const foreign = list.entries.find((entry) => !ownKeys.has(entry.key));
    if (foreign !== undefined) {
      return fail('revocation_issuer_untrusted', `${list.issuer} may not revoke ${foreign.key}`);
    }
  }
  return ok(list);
}
