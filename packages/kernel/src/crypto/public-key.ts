/** Turning raw did:key public keys into node:crypto KeyObjects (done once per key, then cached). */
import { createPublicKey, ECDH, type KeyObject } from 'node:crypto';
import { toBase64Url } from '../bytes.js';
import { fail, ok, type Result } from '../result.js';
import type { DidKey } from './did-key.js';

export function importPublicKey(key: DidKey): Result<KeyObject> {
  if (key.type === 'Ed25519') {
    const jwk = { kty: 'OKP', crv: 'Ed25519', x: toBase64Url(key.publicKey) };
    return ok(createPublicKey({ key: jwk, format: 'jwk' }));
  }
  if (key.type === 'P-256') {
    let point: Buffer;
    try {
      // A compressed point (SEC 1 §2.3.3) expands to 0x04 || x || y; an off-curve point throws.
      point = ECDH.convertKey(
        key.publicKey,
        'prime256v1',
        undefined,
        undefined,
        'uncompressed',
      ) as Buffer;
    } catch {
      return fail('did_malformed', 'the P-256 key is not a point on the curve');
    }
    const jwk = {
      kty: 'EC',
      crv: 'P-256',
      x: toBase64Url(point.subarray(1, 33)),
      y: toBase64Url(point.subarray(33, 65)),
    };
    return ok(createPublicKey({ key: jwk, format: 'jwk' }));
  }
  return unsignableKey(key);
}

/** Why a key that is neither Ed25519 nor P-256 cannot verify a signature here. */
export function unsignableKey<T>(key: DidKey): Result<T> {
  if (key.type === 'X25519')
    return fail('signature_key_wrong_type', 'an X25519 key agrees keys; it cannot sign');
  return fail(
    'signature_key_unsupported',
    `${key.type} signatures are not verified by this kernel`,
  );
}
