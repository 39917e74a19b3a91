/**
 * K1 for hardware-rooted devices. A `tpm` or `secure-enclave` device identity is endorsed either
 * by its hardware root signing the identity document, or by a manufacturer certificate chain:
 * then attestation.root is the manufacturer CA's did:key and attestation.evidence the chain's
 * content id, and the chain must be in the TrustStore (addDeviceCertificateChain). A proof from
 * a device is refused when, at its capture time, a certificate of that chain is outside its
 * validity window or revoked, or the device's calibration has lapsed (docs/spec/device-identity.md).
 */
import { parseDidKey } from '../crypto/did-key.js';
import { fail, ok, type Result } from '../result.js';
import { parseTimestamp } from '../time.js';
import type { DeviceCertificateChain } from './device-certificate-chain.js';
import type { IdentityDocument } from './identity-schemas.js';
import type { TrustStore } from './trust-store.js';

/** Whether the document's hardware level is to be backed by a manufacturer certificate chain. */
export function namesCertificateChain(document: IdentityDocument): boolean {
  return document.attestation.level !== 'software' && document.attestation.evidence !== undefined;
}

/** The trusted chain the document names, issued for its subject. */
export function documentChain(
  document: IdentityDocument,
  trust: TrustStore,
): Result<DeviceCertificateChain> {
  const evidence = document.attestation.evidence;
  const chain = evidence === undefined ? undefined : trust.deviceCertificateChain(evidence);
  if (chain === undefined || chain.device !== document.subject) {
    return fail(
      'device_chain_missing',
      `no trusted certificate chain ${evidence ?? '(none named)'} for ${document.subject}`,
    );
  }
  return ok(chain);
}

/** At admission: a chain-endorsed hardware identity's chain ends at the root it names. */
export function checkChainRoot(document: IdentityDocument, trust: TrustStore): Result<true> {
  const chain = documentChain(document, trust);
  if (!chain.ok) return chain;
  if (chain.value.root !== document.attestation.root) {
    return fail(
      'identity_attestation_unrooted',
      `the certificate chain ends at ${chain.value.root}, not at the named root`,
    );
  }
  return ok(true);
}

/**
 * At a proof: the device's calibration covers the capture time, and a chain-endorsed device's
 * certificates were each valid and unrevoked then (leaf first, then towards the root).
 */
export function checkDeviceAt(
  document: IdentityDocument,
  capturedAtMs: number,
  trust: TrustStore,
): Result<true> {
  const calibration = document.calibration;
  if (calibration !== undefined && capturedAtMs > parseTimestamp(calibration.validUntil)!) {
    return fail(
      'device_calibration_lapsed',
      `the calibration of ${document.subject} lapsed at ${calibration.validUntil}`,
    );
  }
  if (!namesCertificateChain(document)) return ok(true);
  const chain = documentChain(document, trust);
  if (!chain.ok) return chain;
  for (const [index, certificate] of chain.value.certificates.entries()) {
    if (capturedAtMs < certificate.notBeforeMs) {
      return fail(
        'device_certificate_not_yet_valid',
        `certificate ${index} of the device chain was not yet valid at the capture time`,
      );
    }
    if (capturedAtMs > certificate.notAfterMs) {
      return fail(
        'device_certificate_expired',
        `certificate ${index} of the device chain had expired at the capture time`,
      );
    }
    if (revokedBy(certificate.key, capturedAtMs, trust)) {
      return fail(
        'device_certificate_revoked',
        `the key of certificate ${index} of the device chain was revoked`,
      );
    }
  }
  // A root outside the chain (a trust anchor that issued its last certificate) can be revoked too.
  if (revokedBy(chain.value.root, capturedAtMs, trust)) {
    return fail('device_certificate_revoked', 'the manufacturer root key was revoked');
  }
  return ok(true);
}

function revokedBy(did: string, atMs: number, trust: TrustStore): boolean {
  const key = parseDidKey(did); // made by didKeyFromPublicKey, so it parses
  const revokedMs = key.ok ? trust.keyRevokedAt(key.value) : undefined;
  return revokedMs !== undefined && atMs >= revokedMs;
}
