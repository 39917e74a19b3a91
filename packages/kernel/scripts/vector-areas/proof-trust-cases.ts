/**
 * proof/ cases that need trust documents: a device identity, a key rotation, an identity document
 * that expires and a revocation list. The documents travel in the vector as JSON text and are
 * added to the verifier's TrustStore in order before the proof is verified.
 */
import {
  buildIdentityDocument,
  buildKeyRotation,
  buildRevocationList,
  canonicalJson,
  type JsonValue,
  type ProofFields,
  type Signer,
  withSignature,
} from '../../src/index.js';
import {
  baseFields,
  DEVICE,
  ISSUER,
  NOW_MS,
  type ProofCase,
  proofText,
  ROTATED_IN,
  signedProof,
} from './proof-fixtures.js';

function documentText(document: unknown): string {
  return canonicalJson(document as JsonValue);
}

/** The issuer rotates from its own key (seed 0x01) to ROTATED_IN (seed 0x03) at `effectiveAt`. */
function rotation(effectiveAt: string): string {
  const built = buildKeyRotation({
    subject: ISSUER.key.did,
    previous: ISSUER.key.did,
    next: ROTATED_IN.key.did,
    effectiveAt,
  });
  return documentText(
    withSignature(withSignature(built, 'key-rotation', ISSUER), 'key-rotation', ROTATED_IN),
  );
}

function identity(signer: Signer, role: 'device' | 'node', validUntil?: string): string {
  const built = buildIdentityDocument({
    subject: signer.key.did,
    role,
    attestation: { level: 'software' },
    issuedAt: '2026-01-01T00:00:00Z',
    ...(validUntil === undefined ? {} : { validUntil }),
  });
  return documentText(withSignature(built, 'identity', signer));
}

function selfRevocation(revokedAt: string): string {
  const built = buildRevocationList({
    issuer: ISSUER.key.did,
    sequence: 1,
    issuedAt: '2026-11-02T00:00:00Z',
    entries: [{ key: ISSUER.key.did, revokedAt, reason: 'compromised' }],
  });
  return documentText(withSignature(built, 'revocation-list', ISSUER));
}

function trustCase(
  name: string,
  rule: string,
  documents: string[],
  signers: Signer[],
  expected: ProofCase['expected'] | undefined,
  fields: ProofFields = baseFields(),
): ProofCase {
  const proof = signedProof(fields, signers);
  return {
    name,
    rule,
    input: { nowMs: NOW_MS, proof: proofText(proof), trust: { documents } },
    expected: expected ?? { ok: true, id: proof.id },
  };
}

export function trustCases(): ProofCase[] {
  const withDevice = baseFields({
    attestation: {
      issuer: ISSUER.key.did,
      device: DEVICE.key.did,
      capturedAt: '2026-11-28T07:30:05Z',
    },
  });
  const rotatedInJune = rotation('2026-06-01T00:00:00Z');
  return [
    trustCase(
      'valid-with-device',
      'A proof signed by issuer and device, the device having a trusted software-level identity document (K1).',
      [identity(DEVICE, 'device')],
      [ISSUER, DEVICE],
      undefined,
      withDevice,
    ),
    trustCase(
      'valid-after-rotation',
      'The issuer rotated its key at 2026-06-01 (statement signed by both keys); the proof, issued later, is signed by the new key under the issuer identity.',
      [rotatedInJune],
      [ROTATED_IN],
      undefined,
    ),
    trustCase(
      'signature-key-rotated-out',
      'The issuer rotated its key at 2026-06-01; the proof, issued later, is signed by the old key.',
      [rotatedInJune],
      [ISSUER],
      { ok: false, code: 'signature_key_rotated_out' },
    ),
    trustCase(
      'signature-key-not-yet-valid',
      'The issuer rotates its key at 2026-11-28T07:45:00Z; the proof, issued at 07:31:53, is already signed by the new key.',
      [rotation('2026-11-28T07:45:00Z')],
      [ROTATED_IN],
      { ok: false, code: 'signature_key_not_yet_valid' },
    ),
    trustCase(
      'signature-key-expired',
      "The issuer's trusted identity document is valid until 2026-11-01; the proof was issued after that.",
      [identity(ISSUER, 'node', '2026-11-01T00:00:00Z')],
      [ISSUER],
      { ok: false, code: 'signature_key_expired' },
    ),
    trustCase(
      'signature-key-revoked',
      'The issuer revoked its own key as of 2026-11-01 (a self-signed revocation list); the proof was issued after that.',
      [selfRevocation('2026-11-01T00:00:00Z')],
      [ISSUER],
      { ok: false, code: 'signature_key_revoked' },
    ),
  ];
}
