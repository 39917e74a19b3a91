/**
 * Signers hold a private key. The kernel never makes keys from randomness: callers pass a seed
 * (Ed25519) or a PKCS #8 private key they generated or loaded, so the kernel stays deterministic.
 */
import { createPrivateKey, createPublicKey, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { concatBytes, fromBase64Url, toBase64Url } from '../bytes.js';
import { fail, ok, type Result } from '../result.js';
import { type DidKey, didKeyFromPublicKey, formatKid } from './did-key.js';
import type { SignatureAlg, SignatureEntry } from './signature.js';

export interface Signer {
  readonly alg: SignatureAlg;
  readonly key: DidKey;
  /** `<identity>#<key fingerprint>`; the identity is the key itself unless the key was rotated in. */
  readonly kid: string;
  sign(message: Uint8Array): Uint8Array;
}

// RFC 8410 §7: PKCS #8 wrapping of a raw 32-byte Ed25519 seed.
const ED25519_PKCS8_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);

export function ed25519Pkcs8FromSeed(seed: Uint8Array): Uint8Array {
  if (seed.length !== 32) throw new Error('assertion failed: an Ed25519 seed is 32 bytes');
  return concatBytes(ED25519_PKCS8_PREFIX, seed);
}

function publicDidKey(privateKey: KeyObject): DidKey | undefined {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  if (privateKey.asymmetricKeyType === 'ed25519' && jwk.x !== undefined) {
    return didKeyFromPublicKey('Ed25519', fromBase64Url(jwk.x)!);
  }
  if (privateKey.asymmetricKeyType === 'ec' && jwk.crv === 'P-256' && jwk.x && jwk.y) {
    const y = fromBase64Url(jwk.y)!;
    const parity = (y[y.length - 1]! % 2) + 2; // SEC 1 §2.3.3: 0x02 even y, 0x03 odd y
    return didKeyFromPublicKey('P-256', concatBytes(Uint8Array.of(parity), fromBase64Url(jwk.x)!));
  }
  return undefined;
}

/** A signer from a PKCS #8 DER private key (Ed25519 or P-256). */
export function signerFromPkcs8(pkcs8: Uint8Array, identity?: string): Result<Signer> {
  let privateKey: KeyObject;
  let key: DidKey | undefined;
  try {
    privateKey = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
    // DSA, DH and RSA-PSS keys have no JWK form: the export throws, and they cannot sign here anyway.
    key = publicDidKey(privateKey);
  } catch {
    return fail('signature_key_unsupported', 'not a PKCS #8 Ed25519 or P-256 private key');
  }
  if (key === undefined)
    return fail('signature_key_unsupported', 'only Ed25519 and P-256 keys sign');
  const alg: SignatureAlg = key.type === 'Ed25519' ? 'Ed25519' : 'ES256';
  const sign =
    alg === 'Ed25519'
      ? (message: Uint8Array) => new Uint8Array(cryptoSign(null, message, privateKey))
      : (message: Uint8Array) =>
          new Uint8Array(
            cryptoSign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' }),
          );
  return ok({ alg, key, kid: formatKid(identity ?? key.did, key), sign });
}

export function ed25519SignerFromSeed(seed: Uint8Array, identity?: string): Signer {
  const signer = signerFromPkcs8(ed25519Pkcs8FromSeed(seed), identity);
  if (!signer.ok) throw new Error(`assertion failed: ${signer.error.message}`);
  return signer.value;
}

export function signatureEntry(signer: Signer, message: Uint8Array): SignatureEntry {
  return { kid: signer.kid, alg: signer.alg, sig: toBase64Url(signer.sign(message)) };
}
