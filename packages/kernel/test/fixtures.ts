/** Deterministic keys, times and proofs shared by the kernel tests. */
import { createPrivateKey } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import {
  buildProof,
  ed25519SignerFromSeed,
  type Proof,
  type ProofFields,
  type Signer,
  signerFromPkcs8,
  signProof,
  toBase64Url,
  utf8,
} from '../src/index.js';

export const NOW_MS = Date.parse('2026-11-28T12:00:00Z');

export function signerNumber(n: number, identity?: string): Signer {
  return ed25519SignerFromSeed(new Uint8Array(32).fill(n), identity);
}

export const ISSUER = signerNumber(1);
export const DEVICE = signerNumber(2);
export const VERIFIER = signerNumber(3);
export const AUTHORITY = signerNumber(4);
export const HARDWARE_ROOT = signerNumber(5);

export function proofFields(overrides: Partial<ProofFields> = {}): ProofFields {
  return {
    mip: 'mip-energy/generation-interval@1.0.0',
    federation: 'devnet',
    claim: {
      subject: 'meter:test-1',
      predicate: 'exported-energy',
      value: 1500,
      unit: 'Wh',
      window: { start: '2026-11-28T10:00:00Z', end: '2026-11-28T11:00:00Z' },
    },
    attestation: { issuer: ISSUER.key.did, capturedAt: '2026-11-28T11:00:00Z' },
    evidence: [
      {
        digest: `sha256:${'ab'.repeat(32)}`,
        mediaType: 'application/json',
        vault: 'vault://local/readings.json',
        disclosure: 'private',
      },
    ],
    issuedAt: '2026-11-28T11:00:02Z',
    ...overrides,
  };
}

/** A proof signed by each signer in turn (the issuer by default). */
export function signedProof(
  overrides: Partial<ProofFields> = {},
  signers: readonly Signer[] = [ISSUER],
): Proof {
  let proof = buildProof(proofFields(overrides));
  for (const signer of signers) {
    const signed = signProof(proof, signer);
    if (!signed.ok) throw new Error(signed.error.code);
    proof = signed.value;
  }
  return proof;
}

export function bytesOf(value: unknown): Uint8Array {
  return utf8(JSON.stringify(value));
}

/** A deterministic P-256 PKCS #8 key from a secret scalar: @noble/curves gives the point, node:crypto the DER. */
export function p256Pkcs8(secret: Uint8Array): Uint8Array {
  const point = p256.getPublicKey(secret, false);
  const jwk = {
    kty: 'EC',
    crv: 'P-256',
    d: toBase64Url(secret),
    x: toBase64Url(point.subarray(1, 33)),
    y: toBase64Url(point.subarray(33, 65)),
  };
  return new Uint8Array(
    createPrivateKey({ key: jwk, format: 'jwk' }).export({ format: 'der', type: 'pkcs8' }),
  );
}

/** A P-256 signer whose secret scalar is 32 copies of `byte`. */
export function p256Signer(byte: number, identity?: string): Signer {
  const signer = signerFromPkcs8(p256Pkcs8(new Uint8Array(32).fill(byte)), identity);
  if (!signer.ok) throw new Error(signer.error.code);
  return signer.value;
}
