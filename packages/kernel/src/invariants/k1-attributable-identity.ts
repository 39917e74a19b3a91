/**
 * K1 attributable identity: a proof is signed by a key bound to its issuer's identity, and a device
 * claim is signed by the device, whose trusted identity document declares its attestation level
 * (hardware levels chain to a root: see checkAttestationRoot, applied when the document is added).
 * At the capture time the device's calibration must hold and, for a device endorsed by a
 * manufacturer certificate chain, every certificate must be valid and unrevoked (checkDeviceAt).
 */
import { checkDeviceAt } from '../identity/device-attestation.js';
import type { TrustStore } from '../identity/trust-store.js';
import type { Proof } from '../proof/proof-schema.js';
import { fail, ok, type Result } from '../result.js';
import { parseTimestamp } from '../time.js';

/** Identities named by the signatures' kids (the part before '#'); the crypto check comes later. */
export function claimedSigners(proof: Pick<Proof, 'signatures'>): Set<string> {
  return new Set(
    proof.signatures.map((signature) => signature.kid.slice(0, signature.kid.indexOf('#'))),
  );
}

export function checkAttributableIdentity(
  proof: Pick<Proof, 'attestation' | 'signatures'>,
  trust: TrustStore,
): Result<true> {
  if (proof.signatures.length === 0) return fail('signature_missing', 'the proof is not signed');
  const signers = claimedSigners(proof);
  if (!signers.has(proof.attestation.issuer)) {
    return fail(
      'proof_issuer_signature_missing',
      `the issuer ${proof.attestation.issuer} did not sign`,
    );
  }
  const device = proof.attestation.device;
  if (device === undefined) return ok(true);
  if (!signers.has(device))
    return fail('proof_device_signature_missing', `the device ${device} did not sign`);
  const document = trust.identity(device);
  if (document === undefined || document.role !== 'device') {
    return fail(
      'proof_device_identity_unknown',
      `no trusted device identity document for ${device}`,
    );
  }
  return checkDeviceAt(document, parseTimestamp(proof.attestation.capturedAt)!, trust);
}
