/**
 * The policy packs a coordinator is configured with, checked, and who speaks for each federation.
 * A pack is the operator's configuration, so the identity that signed a federation's pack is the
 * one whose signature counts for that federation on a treaty. A pack must carry exactly one
 * signature (federation_identity_ambiguous otherwise); of two packs of one federation the higher
 * version is kept.
 */
import {
  checkPolicyPack,
  type FederationIdentities,
  type JsonValue,
  type PolicyPack,
  type TrustStore,
} from '@mycel/kernel';
import { type FederationResult, federationFail } from './federation-result.js';

export interface FederationPackSet {
  /** Federation id → its pack (the highest version given). */
  readonly packs: ReadonlyMap<string, PolicyPack>;
  /** Federation id → the identity that signed its pack. */
  readonly identities: FederationIdentities;
}

export function readFederationPacks(
  values: readonly JsonValue[],
  store: TrustStore,
  nowMs: number,
): FederationResult<FederationPackSet> {
  const packs = new Map<string, PolicyPack>();
  const identities = new Map<string, string>();
  for (const value of values) {
    const checked = checkPolicyPack(value);
    if (!checked.ok) return checked;
    const pack = checked.value;
    const signers = store.verifySignatures(pack.signatures, 'policy-pack', pack.id, nowMs);
    if (!signers.ok) {
      if (signers.error.code === 'signature_missing') {
        return federationFail(
          'policy_pack_signature_missing',
          `the pack of ${pack.federation} is not signed`,
        );
      }
      return signers;
    }
    if (signers.value.size !== 1) {
      return federationFail(
        'federation_identity_ambiguous',
        `the pack of ${pack.federation} is signed by ${signers.value.size} identities`,
      );
    }
    const held = packs.get(pack.federation);
    if (held !== undefined && held.version >= pack.version) {
      if (held.version === pack.version && held.id !== pack.id) {
        return federationFail(
          'federation_identity_ambiguous',
          `two different packs of ${pack.federation} have version ${pack.version}`,
        );
      }
      continue;
    }
    packs.set(pack.federation, pack);
    identities.set(pack.federation, [...signers.value][0]!);
  }
  return { ok: true, value: { packs, identities } };
}
