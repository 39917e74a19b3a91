import { createPublicKey, verify } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toBase64Url, utf8 } from '../bytes.js';
import { TrustStore } from '../identity/trust-store.js';
import { buildProof } from '../proof/build-proof.js';
import { ProofVerifier } from '../proof/proof-verifier.js';
import { didKeyFromPublicKey, formatKid, parseDidKey } from './did-key.js';
import { verifyEd25519 } from './signature.js';
import { ed25519SignerFromSeed } from './signer.js';
import { isWeakEd25519Key } from './weak-ed25519-key.js';

const IDENTITY_POINT = fromHex('0100000000000000000000000000000000000000000000000000000000000000')!;
/** R = the identity point, S = 0: valid for every message under the identity point as key. */
const UNIVERSAL_SIGNATURE = new Uint8Array(64);
UNIVERSAL_SIGNATURE[0] = 1;

describe('weak Ed25519 keys (small order, non-canonical) are refused', () => {
  it('shows the danger: node:crypto accepts one signature for every message under the identity point', () => {
    const key = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: toBase64Url(IDENTITY_POINT) },
      format: 'jwk',
    });
    for (const message of ['pay 1 to alice', 'pay 1000000 to mallory']) {
      expect(verify(null, utf8(message), key, UNIVERSAL_SIGNATURE)).toBe(true);
    }
    expect(verifyEd25519(IDENTITY_POINT, utf8('pay 1000000 to mallory'), UNIVERSAL_SIGNATURE)).toBe(
      false,
    );
  });

  it.each([
    ['identity', '0100000000000000000000000000000000000000000000000000000000000000'],
    ['order 8', 'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'],
    ['y = p (non-canonical 0)', 'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'],
    [
      'y = p + 1 (non-canonical 1), sign bit set',
      'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
    ],
  ])('%s: a did:key holding it is signature_key_weak', (_name, hex) => {
    const did = didKeyFromPublicKey('Ed25519', fromHex(hex)!).did;
    const parsed = parseDidKey(did);
    expect(parsed.ok ? 'ok' : parsed.error.code).toBe('signature_key_weak');
  });

  it('a proof "signed" under the identity point is rejected before any signature check', () => {
    const weak = didKeyFromPublicKey('Ed25519', IDENTITY_POINT);
    const unsigned = buildProof({
      mip: 'mip-energy/generation-interval@1.0.0',
      federation: 'devnet',
      claim: { subject: 'meter:1', predicate: 'exported-energy', value: 1 },
      attestation: { issuer: weak.did, capturedAt: '2026-11-28T11:00:00Z' },
      issuedAt: '2026-11-28T11:00:00Z',
    });
    const forged = {
      ...unsigned,
      signatures: [
        {
          kid: formatKid(weak.did, weak),
          alg: 'Ed25519' as const,
          sig: toBase64Url(UNIVERSAL_SIGNATURE),
        },
      ],
    };
    const result = new ProofVerifier({ trust: new TrustStore() }).verifyBytes(
      utf8(JSON.stringify(forged)),
      Date.parse('2026-11-28T12:00:00Z'),
    );
    expect(result.ok ? 'ok' : result.error.code).toBe('signature_key_weak');
  });

  it('no key made from a seed is weak', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (seed) => {
        expect(isWeakEd25519Key(ed25519SignerFromSeed(seed).key.publicKey)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
