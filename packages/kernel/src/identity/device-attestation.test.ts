/**
 * Hardware-rooted devices through the integrity plane: an ES256 device proof is accepted when
 * the device's manufacturer chain validates at the capture time, and refused with its code when
 * a certificate was expired, not yet valid or revoked then, or the calibration had lapsed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainPem, type TestCertificate, TestManufacturer } from '../../test/device-test-ca.js';
import { AUTHORITY, bytesOf, HARDWARE_ROOT, ISSUER, signedProof } from '../../test/fixtures.js';
import { withSignature } from '../crypto/signed-object.js';
import type { Signer } from '../crypto/signer.js';
import type { JsonValue } from '../json/strict-json.js';
import { ProofVerifier } from '../proof/proof-verifier.js';
import { formatTimestamp } from '../time.js';
import type { DeviceCertificateChain } from './device-certificate-chain.js';
import { buildIdentityDocument } from './identity-document.js';
import type { AttestationLevel, IdentityDocument } from './identity-schemas.js';
import { buildRevocationList } from './revocation-list.js';
import { TrustStore } from './trust-store.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const CALIBRATION = `sha256:${'cd'.repeat(32)}`;

let maker: TestManufacturer;
let root: TestCertificate;
let intermediate: TestCertificate;
let leaf: TestCertificate;
let shortLeaf: TestCertificate;
let device: Signer;
let shortDevice: Signer;
/** One hour after the leaf's notBefore: inside every certificate's window. */
let capturedMs: number;

beforeAll(() => {
  maker = new TestManufacturer();
  root = maker.root('Acme Meters Root CA');
  intermediate = maker.issue('Acme Meters Device CA', maker.key('intermediate'), root, {
    ca: true,
  });
  leaf = maker.issue('meter 7', maker.key('device'), intermediate, { ca: false });
  device = maker.signer(leaf.key);
  shortLeaf = maker.issue('meter 8', maker.key('short'), intermediate, { ca: false, days: 1 });
  shortDevice = maker.signer(shortLeaf.key);
  const chain = new TrustStore([
    { did: root.key.did, roles: ['hardware-root'] },
  ]).addDeviceCertificateChain(leaf.key.did, chainPem(leaf, intermediate, root));
  if (!chain.ok) throw new Error(chain.error.message);
  capturedMs = chain.value.certificates[0]!.notBeforeMs + HOUR_MS;
});

afterAll(() => maker.dispose());

interface World {
  readonly trust: TrustStore;
  readonly chain: DeviceCertificateChain;
}

/** A store trusting the manufacturer root and AUTHORITY, holding the device's chain and document. */
function world(
  certificate = leaf,
  calibrationUntilMs = capturedMs + 30 * DAY_MS,
  level: AttestationLevel = 'tpm',
): World {
  const trust = new TrustStore([
    { did: root.key.did, roles: ['hardware-root'] },
    { did: AUTHORITY.key.did, roles: ['revocation-authority'] },
  ]);
  const chain = trust.addDeviceCertificateChain(
    certificate.key.did,
    chainPem(certificate, intermediate, root),
  );
  if (!chain.ok) throw new Error(chain.error.message);
  const added = trust.addIdentity(
    json(
      deviceDocument(
        certificate === leaf ? device : shortDevice,
        {
          level,
          root: root.key.did,
          evidence: chain.value.digest,
        },
        calibrationUntilMs,
      ),
    ),
  );
  if (!added.ok) throw new Error(added.error.message);
  return { trust, chain: chain.value };
}

function deviceDocument(
  signer: Signer,
  attestation: IdentityDocument['attestation'],
  calibrationUntilMs: number,
  endorsers: readonly Signer[] = [],
): IdentityDocument {
  let document = buildIdentityDocument({
    subject: signer.key.did,
    role: 'device',
    attestation,
    calibration: {
      certificate: CALIBRATION,
      issuer: AUTHORITY.key.did,
      validUntil: formatTimestamp(calibrationUntilMs),
    },
    issuedAt: formatTimestamp(capturedMs - HOUR_MS),
  });
  for (const endorser of [signer, ...endorsers]) {
    document = withSignature(document, 'identity', endorser);
  }
  return document;
}

function json(value: unknown): JsonValue {
  return value as JsonValue;
}

/** The verdict on a proof signed by the issuer and `signer`, captured at `atMs`. */
function verdict(trust: TrustStore, atMs = capturedMs, signer = device): string {
  const proof = signedProof(
    {
      attestation: {
        issuer: ISSUER.key.did,
        device: signer.key.did,
        capturedAt: formatTimestamp(atMs),
      },
      issuedAt: formatTimestamp(atMs + 2000),
    },
    [ISSUER, signer],
  );
  const result = new ProofVerifier({ trust }).verifyBytes(bytesOf(proof), atMs + 60_000);
  return result.ok ? `ok ${result.value.signers.join(' ')}` : result.error.code;
}

function revoke(trust: TrustStore, key: string, revokedAtMs: number): void {
  const list = withSignature(
    buildRevocationList({
      issuer: AUTHORITY.key.did,
      sequence: 1,
      issuedAt: formatTimestamp(revokedAtMs),
      entries: [{ key, revokedAt: formatTimestamp(revokedAtMs), reason: 'compromised' }],
    }),
    'revocation-list',
    AUTHORITY,
  );
  const added = trust.addRevocationList(json(list));
  if (!added.ok) throw new Error(added.error.message);
}

describe('a hardware-rooted device proof is accepted', () => {
  it('ES256-signed by a tpm device whose chain validates at the capture time', () => {
    expect(device.alg).toBe('ES256');
    expect(verdict(world().trust)).toBe(`ok ${ISSUER.key.did} ${device.key.did}`);
  });

  it('from a secure-enclave device', () => {
    expect(verdict(world(leaf, capturedMs + DAY_MS, 'secure-enclave').trust)).toBe(
      `ok ${ISSUER.key.did} ${device.key.did}`,
    );
  });

  it('at the last second of the calibration (validUntil equal to capturedAt)', () => {
    expect(verdict(world(leaf, capturedMs).trust).startsWith('ok')).toBe(true);
  });

  it('when the device key is revoked only after the capture time', () => {
    const { trust } = world();
    revoke(trust, device.key.did, capturedMs + 10_000);
    expect(verdict(trust).startsWith('ok')).toBe(true);
  });

  it('from a software device that only declares its level, as before', () => {
    const trust = new TrustStore();
    expect(
      trust.addIdentity(json(deviceDocument(device, { level: 'software' }, capturedMs))).ok,
    ).toBe(true);
    expect(verdict(trust).startsWith('ok')).toBe(true);
  });
});

describe('a hardware-rooted device proof is refused', () => {
  it('when the leaf had expired at the capture time: device_certificate_expired', () => {
    const { trust, chain } = world(shortLeaf);
    const notAfterMs = chain.certificates[0]!.notAfterMs;
    expect(verdict(trust, notAfterMs - HOUR_MS, shortDevice).startsWith('ok')).toBe(true);
    expect(verdict(trust, notAfterMs + HOUR_MS, shortDevice)).toBe('device_certificate_expired');
  });

  it('when the chain was not yet valid at the capture time: device_certificate_not_yet_valid', () => {
    const { trust, chain } = world();
    expect(verdict(trust, chain.certificates[0]!.notBeforeMs - DAY_MS)).toBe(
      'device_certificate_not_yet_valid',
    );
  });

  it('when a trusted list revoked the device key before the capture: device_certificate_revoked', () => {
    const { trust } = world();
    revoke(trust, device.key.did, capturedMs - 10_000);
    expect(verdict(trust)).toBe('device_certificate_revoked');
  });

  it('when a trusted list revoked the intermediate CA key: device_certificate_revoked', () => {
    const { trust } = world();
    revoke(trust, intermediate.key.did, capturedMs - 10_000);
    expect(verdict(trust)).toBe('device_certificate_revoked');
  });

  it('when the calibration had lapsed at the capture time: device_calibration_lapsed', () => {
    expect(verdict(world(leaf, capturedMs - 1000).trust)).toBe('device_calibration_lapsed');
  });

  it('when a root-signed identity names a chain the verifier lacks: device_chain_missing', () => {
    const trust = new TrustStore([{ did: HARDWARE_ROOT.key.did, roles: ['hardware-root'] }]);
    const document = deviceDocument(
      device,
      { level: 'tpm', root: HARDWARE_ROOT.key.did, evidence: CALIBRATION },
      capturedMs + DAY_MS,
      [HARDWARE_ROOT],
    );
    expect(trust.addIdentity(json(document)).ok).toBe(true);
    expect(verdict(trust)).toBe('device_chain_missing');
  });

  it('when the chain was refused, so the device has no identity: proof_device_identity_unknown', () => {
    const trust = new TrustStore([{ did: HARDWARE_ROOT.key.did, roles: ['hardware-root'] }]);
    const chain = trust.addDeviceCertificateChain(
      device.key.did,
      chainPem(leaf, intermediate, root),
    );
    expect(chain.ok ? 'ok' : chain.error.code).toBe('device_manufacturer_unknown');
    expect(verdict(trust)).toBe('proof_device_identity_unknown');
  });
});

describe('a chain-endorsed device identity document', () => {
  it('is refused when the store holds no chain with its evidence digest: device_chain_missing', () => {
    const trust = new TrustStore([{ did: root.key.did, roles: ['hardware-root'] }]);
    const document = deviceDocument(
      device,
      { level: 'tpm', root: root.key.did, evidence: CALIBRATION },
      capturedMs + DAY_MS,
    );
    const added = trust.addIdentity(json(document));
    expect(added.ok ? 'ok' : added.error.code).toBe('device_chain_missing');
    expect(trust.identity(device.key.did)).toBeUndefined();
  });

  it('is refused when the chain belongs to another device: device_chain_missing', () => {
    const { trust, chain } = world(shortLeaf);
    const document = deviceDocument(
      device,
      { level: 'tpm', root: root.key.did, evidence: chain.digest },
      capturedMs + DAY_MS,
    );
    const added = trust.addIdentity(json(document));
    expect(added.ok ? 'ok' : added.error.code).toBe('device_chain_missing');
  });

  it('is refused when it names a root other than the chain ends at: identity_attestation_unrooted', () => {
    const other = maker.root('Other Maker Root CA');
    const trust = new TrustStore([
      { did: root.key.did, roles: ['hardware-root'] },
      { did: other.key.did, roles: ['hardware-root'] },
    ]);
    const chain = trust.addDeviceCertificateChain(
      device.key.did,
      chainPem(leaf, intermediate, root),
    );
    if (!chain.ok) throw new Error(chain.error.message);
    const document = deviceDocument(
      device,
      { level: 'tpm', root: other.key.did, evidence: chain.value.digest },
      capturedMs + DAY_MS,
    );
    const added = trust.addIdentity(json(document));
    expect(added.ok ? 'ok' : added.error.code).toBe('identity_attestation_unrooted');
    expect(trust.identity(device.key.did)).toBeUndefined();
  });

  it('keeps the chain it names: the store returns it by the evidence digest', () => {
    const { trust, chain } = world();
    expect(trust.identity(device.key.did)?.attestation.evidence).toBe(chain.digest);
    expect(trust.deviceCertificateChain(chain.digest)?.root).toBe(root.key.did);
  });
});
