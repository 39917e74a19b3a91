import { p256 } from '@noble/curves/nist.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromBase64Url, fromHex, toBase64Url } from '../bytes.js';
import type { Result } from '../result.js';
import { didKeyFromPublicKey, parseDidKey } from './did-key.js';
import { importPublicKey } from './public-key.js';

function outcome(result: Result<unknown>): string {
  return result.ok ? 'ok' : result.error.code;
}

/** A P-256 compressed point with x = 0x00..01: y² = 1 - 3 + b has no square root mod p. */
const OFF_CURVE_X1 = concatBytes(Uint8Array.of(2), new Uint8Array(31), Uint8Array.of(1));

describe('importPublicKey for Ed25519', () => {
  it('imports the RFC 8032 TEST 1 key with the same raw bytes', () => {
    const raw = fromHex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a')!;
    const imported = importPublicKey(didKeyFromPublicKey('Ed25519', raw));
    if (!imported.ok) throw new Error(imported.error.code);
    expect(imported.value.asymmetricKeyType).toBe('ed25519');
    expect(fromBase64Url(imported.value.export({ format: 'jwk' }).x!)).toEqual(raw);
  });
});

describe('importPublicKey for P-256', () => {
  it('decompresses any valid point to the x and y @noble/curves computes', () => {
    const secrets = fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((secret) => {
      return p256.utils.isValidSecretKey(secret);
    });
    fc.assert(
      fc.property(secrets, (secret) => {
        const uncompressed = p256.getPublicKey(secret, false);
        const imported = importPublicKey(
          didKeyFromPublicKey('P-256', p256.getPublicKey(secret, true)),
        );
        if (!imported.ok) throw new Error(imported.error.code);
        const jwk = imported.value.export({ format: 'jwk' });
        expect(jwk.crv).toBe('P-256');
        expect(jwk.x).toBe(toBase64Url(uncompressed.subarray(1, 33)));
        expect(jwk.y).toBe(toBase64Url(uncompressed.subarray(33, 65)));
      }),
      { numRuns: 50 },
    );
  });

  it('decompresses the published W3C P-256 did:key to its published JWK', () => {
    const key = parseDidKey('did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv');
    if (!key.ok) throw new Error(key.error.code);
    const imported = importPublicKey(key.value);
    if (!imported.ok) throw new Error(imported.error.code);
    expect(imported.value.export({ format: 'jwk' })).toMatchObject({
      x: 'igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns',
      y: 'efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM',
    });
  });

  it('rejects a point that is not on the curve with did_malformed', () => {
    expect(() => p256.Point.fromBytes(OFF_CURVE_X1)).toThrow();
    expect(outcome(importPublicKey(didKeyFromPublicKey('P-256', OFF_CURVE_X1)))).toBe(
      'did_malformed',
    );
  });

  it('rejects the published off-curve vector with did_malformed', () => {
    const key = parseDidKey('did:key:zDnaeQRy3dcKsKa1zmKtVKsTy3m2HYoQnFnfKuxD6HfSTQgYg');
    if (!key.ok) throw new Error(key.error.code);
    expect(outcome(importPublicKey(key.value))).toBe('did_malformed');
  });

  it.each([
    ['prefix 0x04 (uncompressed marker on 33 bytes)', 4],
    ['prefix 0x00', 0],
    ['prefix 0x01', 1],
    ['prefix 0x05', 5],
    ['prefix 0xff', 0xff],
  ])('rejects a 33-byte key with %s as did_malformed', (_name, prefix) => {
    const valid = p256.getPublicKey(new Uint8Array(32).fill(7), true);
    const mangled = concatBytes(Uint8Array.of(prefix), valid.subarray(1));
    expect(outcome(importPublicKey(didKeyFromPublicKey('P-256', mangled)))).toBe('did_malformed');
  });

  it('rejects x at or above the field prime as did_malformed', () => {
    const p = fromHex('ffffffff00000001000000000000000000000000ffffffffffffffffffffffff')!;
    expect(
      outcome(importPublicKey(didKeyFromPublicKey('P-256', concatBytes(Uint8Array.of(2), p)))),
    ).toBe('did_malformed');
  });
});

describe('importPublicKey refuses keys that do not sign', () => {
  it('rejects an X25519 key with signature_key_wrong_type', () => {
    const key = parseDidKey('did:key:z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW');
    if (!key.ok) throw new Error(key.error.code);
    expect(outcome(importPublicKey(key.value))).toBe('signature_key_wrong_type');
  });

  it('rejects a secp256k1 key with signature_key_unsupported', () => {
    const key = parseDidKey('did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme');
    if (!key.ok) throw new Error(key.error.code);
    expect(outcome(importPublicKey(key.value))).toBe('signature_key_unsupported');
  });
});
