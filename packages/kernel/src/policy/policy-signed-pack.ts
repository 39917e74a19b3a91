/**
 * A pack a verifier will decide by (K8): it matches the schema, its id is its content, every
 * signature verifies at `atMs`, and one of them is the federation's own identity. A pack signed
 * only by some other key — however valid that signature — is refused with
 * policy_pack_signature_missing, the code of checkPolicyPackSigned.
 */
import type { TrustStore } from '../identity/trust-store.js';
import {
  checkPolicyPackSigned,
  type FederationIdentities,
} from '../invariants/k8-federation-sovereignty.js';
import { checkPolicyPack } from '../invariants/k8-policy-pack.js';
import type { PolicyPack } from '../invariants/k8-policy-pack-schema.js';
import type { JsonValue } from '../json/strict-json.js';
import { ok, type Result } from '../result.js';

export function checkSignedPolicyPack(
  value: JsonValue,
  trust: TrustStore,
  identities: FederationIdentities,
  atMs: number,
): Result<PolicyPack> {
  const checked = checkPolicyPack(value);
  if (!checked.ok) return checked;
  const pack = checked.value;
  const signers = trust.verifySignatures(pack.signatures, 'policy-pack', pack.id, atMs);
  if (!signers.ok) return signers;
  const signed = checkPolicyPackSigned(pack, signers.value, identities);
  if (!signed.ok) return signed;
  return ok(pack);
}
