import { describe, expect, it } from 'vitest';
import { DEVICE, HARDWARE_ROOT, ISSUER, signedProof, signerNumber } from '../../test/fixtures.js';
import { withSignature } from '../crypto/signed-object.js';
import { buildIdentityDocument, checkAttestationRoot } from '../identity/identity-document.js';
import { TrustStore } from '../identity/trust-store.js';
import type { JsonValue } from '../json/strict-json.js';
import { checkAttributableIdentity } from './k1-attributable-identity.js';

const deviceAttestation = {
  issuer: ISSUER.key.did,
  device: DEVICE.key.did,
  capturedAt: '2026-11-28T11:00:00Z',
};

function trustWithDevice(level: 'software' | 'tpm'): TrustStore {
  const trust = new TrustStore([{ did: HARDWARE_ROOT.key.did, roles: ['hardware-root'] }]);
  const document = buildIdentityDocument({
    subject: DEVICE.key.did,
    role: 'device',
    attestation: level === 'tpm' ? { level, root: HARDWARE_ROOT.key.did } : { level },
    issuedAt: '2026-01-01T00:00:00Z',
  });
  let signed = withSignature(document, 'identity', DEVICE);
  if (level === 'tpm') signed = withSignature(signed, 'identity', HARDWARE_ROOT);
  const added = trust.addIdentity(signed as unknown as JsonValue);
  if (!added.ok) throw new Error(added.error.code);
  return trust;
}

describe('K1 attributable identity (checkAttributableIdentity, checkAttestationRoot)', () => {
  it('holds: the issuer signed; a device signed and declared its level, software or rooted hardware', () => {
    expect(checkAttributableIdentity(signedProof(), new TrustStore()).ok).toBe(true);
    const proof = signedProof({ attestation: deviceAttestation }, [ISSUER, DEVICE]);
    expect(checkAttributableIdentity(proof, trustWithDevice('software')).ok).toBe(true);
    expect(checkAttributableIdentity(proof, trustWithDevice('tpm')).ok).toBe(true);
  });

  it('caught: no signature, no issuer signature, no device signature, an undeclared device', () => {
    const code = (result: ReturnType<typeof checkAttributableIdentity>) =>
      result.ok ? 'ok' : result.error.code;
    expect(
      code(checkAttributableIdentity({ ...signedProof(), signatures: [] }, new TrustStore())),
    ).toBe('signature_missing');
    expect(
      code(checkAttributableIdentity(signedProof({}, [signerNumber(6)]), new TrustStore())),
    ).toBe('proof_issuer_signature_missing');
    const unsignedByDevice = signedProof({ attestation: deviceAttestation }, [ISSUER]);
    expect(code(checkAttributableIdentity(unsignedByDevice, trustWithDevice('software')))).toBe(
      'proof_device_signature_missing',
    );
    const undeclared = signedProof({ attestation: deviceAttestation }, [ISSUER, DEVICE]);
    expect(code(checkAttributableIdentity(undeclared, new TrustStore()))).toBe(
      'proof_device_identity_unknown',
    );
  });

  it('caught: a hardware level that does not chain to a trusted root', () => {
    const document = withSignature(
      buildIdentityDocument({
        subject: DEVICE.key.did,
        role: 'device',
        attestation: { level: 'secure-enclave', root: HARDWARE_ROOT.key.did },
        issuedAt: '2026-01-01T00:00:00Z',
      }),
      'identity',
      DEVICE,
    );
    const trusted = new TrustStore([{ did: HARDWARE_ROOT.key.did, roles: ['hardware-root'] }]);
    const result = checkAttestationRoot(document, new Set([DEVICE.key.did]), trusted);
    expect(result.ok ? 'ok' : result.error.code).toBe('identity_attestation_unrooted');
    const untrusted = checkAttestationRoot(
      document,
      new Set([DEVICE.key.did, HARDWARE_ROOT.key.did]),
      new TrustStore(),
    );
    expect(untrusted.ok ? 'ok' : untrusted.error.code).toBe('identity_attestation_unrooted');
  });
});
