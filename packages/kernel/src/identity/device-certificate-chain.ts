/**
 * Path validation of a device's manufacturer certificate chain (RFC 5280 §6, the parts a device
 * identity needs), done once when the chain enters a TrustStore: every certificate is issued by
 * the next one and carries its signature, every issuer is a CA, every key is ECDSA P-256, the
 * leaf's key is the device's did:key, and the chain ends at a manufacturer CA that the verifier
 * trusts as a `hardware-root` anchor, named by the did:key of its public key. Validity windows
 * and revocation depend on the capture time and are checked per proof (device-attestation.ts).
 */
import type { X509Certificate } from 'node:crypto';
import { parseDidKey } from '../crypto/did-key.js';
import { importPublicKey } from '../crypto/public-key.js';
import { fail, ok, type Result } from '../result.js';
import {
  certificateTimeMs,
  p256DidKey,
  parseCertificateChain,
} from './device-certificate-parse.js';

/** One certificate of a validated chain, reduced to what the per-proof checks read. */
export interface DeviceCertificate {
  /** did:key of the certificate's P-256 public key. */
  readonly key: string;
  readonly subject: string;
  readonly notBeforeMs: number;
  readonly notAfterMs: number;
}

/** A chain that passed path validation: leaf first, ending at (or issued by) `root`. */
export interface DeviceCertificateChain {
  readonly device: string;
  /** Content id of the certificates' DER bytes in chain order: the identity's attestation.evidence. */
  readonly digest: string;
  /** did:key of the manufacturer CA, a `hardware-root` trust anchor. */
  readonly root: string;
  readonly certificates: readonly DeviceCertificate[];
}

/**
 * Validates `pem` (leaf first) for `device` against the given hardware-root anchor dids.
 * Checks, in order: bounds and PEM → P-256 keys → leaf key is the device → each link issued and
 * signed by the next certificate, which is a CA → the chain ends at a trusted manufacturer CA.
 */
export function checkDeviceCertificateChain(
  device: string,
  pem: string,
  hardwareRoots: readonly string[],
): Result<DeviceCertificateChain> {
  const parsed = parseCertificateChain(pem);
  if (!parsed.ok) return parsed;
  const { certificates: chain, digest } = parsed.value;
  const certificates: DeviceCertificate[] = [];
  for (const [index, certificate] of chain.entries()) {
    const reduced = reduceCertificate(certificate, index);
    if (!reduced.ok) return reduced;
    certificates.push(reduced.value);
  }
  if (certificates[0]!.key !== device) {
    return fail(
      'device_key_mismatch',
      `the device certificate's key ${certificates[0]!.key} is not ${device}`,
    );
  }
  for (let index = 0; index + 1 < chain.length; index++) {
    const link = checkLink(chain[index]!, chain[index + 1]!, index);
    if (!link.ok) return link;
  }
  const root = chainRoot(chain.at(-1)!, certificates.at(-1)!, hardwareRoots);
  if (!root.ok) return root;
  return ok({ device, digest, root: root.value, certificates });
}

function reduceCertificate(certificate: X509Certificate, index: number): Result<DeviceCertificate> {
  const key = p256DidKey(certificate.publicKey);
  if (key === undefined) {
    return fail('device_chain_invalid', `certificate ${index} does not hold an ECDSA P-256 key`);
  }
  const notBeforeMs = certificateTimeMs(certificate.validFrom);
  const notAfterMs = certificateTimeMs(certificate.validTo);
  if (notBeforeMs === undefined || notAfterMs === undefined || notAfterMs < notBeforeMs) {
    return fail('device_chain_invalid', `certificate ${index} has no readable validity window`);
  }
  return ok({ key: key.did, subject: certificate.subject, notBeforeMs, notAfterMs });
}

/** RFC 5280 §6.1.4 (k), §6.1.3 (a)(4), (a)(1): the issuer is a CA, names and signs the subject. */
function checkLink(subject: X509Certificate, issuer: X509Certificate, index: number): Result<true> {
  if (!issuer.ca) {
    return fail('device_chain_invalid', `certificate ${index + 1} issues but is not a CA`);
  }
  if (!subject.checkIssued(issuer)) {
    return fail('device_chain_invalid', `certificate ${index} was not issued by the next one`);
  }
  if (!subject.verify(issuer.publicKey)) {
    return fail('device_chain_invalid', `the signature on certificate ${index} does not verify`);
  }
  return ok(true);
}

/**
 * The trusted manufacturer CA the chain ends at: the last certificate itself when it is a
 * self-signed CA, otherwise the hardware-root anchor whose P-256 key signed the last certificate.
 */
function chainRoot(
  last: X509Certificate,
  reduced: DeviceCertificate,
  hardwareRoots: readonly string[],
): Result<string> {
  if (last.checkIssued(last)) {
    if (!last.ca || !last.verify(last.publicKey)) {
      return fail('device_chain_invalid', 'the root certificate is not a self-signed CA');
    }
    if (!hardwareRoots.includes(reduced.key)) {
      return fail(
        'device_manufacturer_unknown',
        `the manufacturer CA ${reduced.key} is not a trusted hardware root`,
      );
    }
    return ok(reduced.key);
  }
  for (const anchor of hardwareRoots) {
    const key = parseDidKey(anchor);
    if (!key.ok || key.value.type !== 'P-256') continue;
    const publicKey = importPublicKey(key.value);
    if (publicKey.ok && last.verify(publicKey.value)) return ok(anchor);
  }
  return fail(
    'device_manufacturer_unknown',
    `no trusted hardware root issued ${reduced.subject || 'the last certificate'}`,
  );
}
