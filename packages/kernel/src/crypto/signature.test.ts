import { generateKeyPairSync } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { p256Signer } from '../../test/fixtures.js';
import { concatBytes, fromBase64Url, fromHex, toBase64Url, toHex, utf8 } from '../bytes.js';
import type { Result } from '../result.js';
import { contentId } from './content-id.js';
import { type DidKey, didKeyFromPublicKey, parseDidKey } from './did-key.js';
import { KeyCache } from './key-cache.js';
import { importPublicKey } from './public-key.js';
import {
  algForKey,
  type SignatureEntry,
  type SignedKind,
  signingInput,
  verifyEd25519,
  verifySignatureEntry,
  verifyWithKeyObject,
} from './signature.js';
import { ed25519SignerFromSeed, signatureEntry, signerFromPkcs8 } from './signer.js';

const KINDS: readonly SignedKind[] = [
  'proof',
  'verification',
  'identity',
  'key-rotation',
  'revocation-list',
  'receipt',
  'policy-pack',
  'treaty',
];

// RFC 8032 §7.1 TEST 1: secret key, public key, empty message, signature.
const TEST1_SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const TEST1_PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const TEST1_SIGNATURE =
  'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';
// RFC 8032 §5.1: the order of the Ed25519 base point.
const ED25519_ORDER = 2n ** 252n + 27742317777372353535851937790883648493n;

const ID = contentId({ example: 'object' });
const OTHER_ID = contentId({ example: 'other object' });

function outcome(result: Result<unknown>): string {
  return result.ok ? 'ok' : result.error.code;
}

function hex(text: string): Uint8Array {
  return fromHex(text)!;
}

function check(entry: SignatureEntry, key: DidKey, kind: SignedKind, id: string): string {
  return outcome(verifySignatureEntry(entry, key, signingInput(kind, id), new KeyCache()));
}

function bigEndian(bytes: Uint8Array): bigint {
  return BigInt(`0x${toHex(bytes)}`);
}

function littleEndian(bytes: Uint8Array): bigint {
  return bigEndian(Uint8Array.from(bytes).reverse());
}

function toLittleEndian(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Number((value >> BigInt(8 * i)) & 0xffn);
  return out;
}

function toBigEndian(value: bigint, length: number): Uint8Array {
  return toLittleEndian(value, length).reverse();
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = Uint8Array.from(bytes);
  out[Math.floor(bit / 8)]! ^= 1 << (bit % 8);
  return out;
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** 64 bytes take 86 characters; the last one carries 4 unused bits. Sets the lowest of them. */
function withTrailingBit(sig: string): string {
  return sig.slice(0, -1) + BASE64URL[BASE64URL.indexOf(sig.at(-1)!) + 1];
}

const ED = ed25519SignerFromSeed(new Uint8Array(32).fill(1));
const EC = p256Signer(7);

describe('signingInput is domain-separated (identity.md "Signatures")', () => {
  it('is the UTF-8 of "mycel-signature-v1 <kind> <id>"', () => {
    expect(signingInput('proof', ID)).toEqual(utf8(`mycel-signature-v1 proof ${ID}`));
    expect(new TextDecoder().decode(signingInput('key-rotation', ID))).toBe(
      `mycel-signature-v1 key-rotation ${ID}`,
    );
  });

  it('differs for every pair of kinds with the same id', () => {
    const inputs = new Set(KINDS.map((kind) => toHex(signingInput(kind, ID))));
    expect(inputs.size).toBe(KINDS.length);
  });

  it.each(
    KINDS.flatMap((signed) =>
      KINDS.filter((other) => other !== signed).map((other) => [signed, other]),
    ),
  )('a signature made for kind %s fails for kind %s with the same id', (signed, other) => {
    const entry = signatureEntry(ED, signingInput(signed as SignedKind, ID));
    expect(check(entry, ED.key, signed as SignedKind, ID)).toBe('ok');
    expect(check(entry, ED.key, other as SignedKind, ID)).toBe('signature_invalid');
  });

  it('a signature for one id fails for another id of the same kind', () => {
    for (const signer of [ED, EC]) {
      const entry = signatureEntry(signer, signingInput('proof', ID));
      expect(check(entry, signer.key, 'proof', OTHER_ID)).toBe('signature_invalid');
    }
  });
});

describe('Ed25519 signatures (RFC 8032)', () => {
  it('reproduces RFC 8032 TEST 1 from the seed', () => {
    const signer = ed25519SignerFromSeed(hex(TEST1_SEED));
    expect(toHex(signer.key.publicKey)).toBe(TEST1_PUBLIC);
    expect(toHex(signer.sign(new Uint8Array(0)))).toBe(TEST1_SIGNATURE);
    expect(verifyEd25519(hex(TEST1_PUBLIC), new Uint8Array(0), hex(TEST1_SIGNATURE))).toBe(true);
  });

  it('round-trips a signature over any signing input', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KINDS),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (kind, digest) => {
          const id = `sha256:${toHex(digest)}`;
          const entry = signatureEntry(ED, signingInput(kind, id));
          expect(entry).toMatchObject({ kid: ED.kid, alg: 'Ed25519' });
          expect(entry.sig).toMatch(/^[A-Za-z0-9_-]{86}$/);
          expect(check(entry, ED.key, kind, id)).toBe('ok');
        },
      ),
      { numRuns: 50 },
    );
  });

  it('fails with signature_invalid when any bit of the signature flips', () => {
    const message = signingInput('proof', ID);
    const signature = ED.sign(message);
    for (let bit = 0; bit < 512; bit += 7) {
      const entry = {
        kid: ED.kid,
        alg: 'Ed25519' as const,
        sig: toBase64Url(flipBit(signature, bit)),
      };
      expect(check(entry, ED.key, 'proof', ID)).toBe('signature_invalid');
    }
  });

  it('fails for another key', () => {
    const other = ed25519SignerFromSeed(new Uint8Array(32).fill(2));
    const entry = signatureEntry(ED, signingInput('proof', ID));
    expect(check(entry, other.key, 'proof', ID)).toBe('signature_invalid');
  });

  it('rejects S + L, the malleated twin of a valid signature (RFC 8032 §5.1.7 requires S < L)', () => {
    const message = signingInput('proof', ID);
    const signature = ED.sign(message);
    const s = littleEndian(signature.subarray(32));
    const malleated = concatBytes(signature.subarray(0, 32), toLittleEndian(s + ED25519_ORDER, 32));
    expect(verifyEd25519(ED.key.publicKey, message, malleated)).toBe(false);
    const entry = { kid: ED.kid, alg: 'Ed25519' as const, sig: toBase64Url(malleated) };
    expect(check(entry, ED.key, 'proof', ID)).toBe('signature_invalid');
  });

  it('verifies a signature made by @noble/curves ed25519, and noble verifies ours', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 200 }),
        (seed, message) => {
          const signer = ed25519SignerFromSeed(seed);
          expect(toHex(ed25519.getPublicKey(seed))).toBe(toHex(signer.key.publicKey));
          const nobleSignature = ed25519.sign(message, seed);
          expect(toHex(signer.sign(message))).toBe(toHex(nobleSignature));
          expect(verifyEd25519(signer.key.publicKey, message, nobleSignature)).toBe(true);
          expect(ed25519.verify(signer.sign(message), message, signer.key.publicKey)).toBe(true);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('verifyEd25519 answers false for keys or signatures of the wrong length', () => {
    const message = utf8('m');
    const signature = ED.sign(message);
    expect(verifyEd25519(ED.key.publicKey, message, signature)).toBe(true);
    expect(verifyEd25519(ED.key.publicKey.subarray(1), message, signature)).toBe(false);
    expect(verifyEd25519(concatBytes(ED.key.publicKey, Uint8Array.of(0)), message, signature)).toBe(
      false,
    );
    expect(verifyEd25519(ED.key.publicKey, message, signature.subarray(1))).toBe(false);
    expect(verifyEd25519(ED.key.publicKey, message, concatBytes(signature, Uint8Array.of(0)))).toBe(
      false,
    );
    expect(verifyEd25519(ED.key.publicKey, utf8('n'), signature)).toBe(false);
  });
});

describe('ES256 signatures (ECDSA P-256, SHA-256, r ‖ s)', () => {
  it('round-trips with a signer from a node:crypto generated PKCS #8 key', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const signer = signerFromPkcs8(
      new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' })),
    );
    if (!signer.ok) throw new Error(signer.error.code);
    expect(signer.value.alg).toBe('ES256');
    expect(signer.value.key.did.startsWith('did:key:zDn')).toBe(true);
    const entry = signatureEntry(signer.value, signingInput('identity', ID));
    expect(fromBase64Url(entry.sig)!.length).toBe(64);
    expect(check(entry, signer.value.key, 'identity', ID)).toBe('ok');
    expect(check(entry, signer.value.key, 'proof', ID)).toBe('signature_invalid');
  });

  it('verifies a signature made by @noble/curves p256 over SHA-256(message)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 254 }),
        fc.uint8Array({ maxLength: 200 }),
        (byte, message) => {
          // 32 bytes of 0xff would be above the group order, so not a secret key.
          const secret = new Uint8Array(32).fill(byte);
          const key = didKeyFromPublicKey('P-256', p256.getPublicKey(secret, true));
          const imported = importPublicKey(key);
          if (!imported.ok) throw new Error(imported.error.code);
          const signature = p256.sign(message, secret, { prehash: true, format: 'compact' });
          expect(signature.length).toBe(64);
          expect(verifyWithKeyObject('ES256', imported.value, message, signature)).toBe(true);
          const longer = concatBytes(message, Uint8Array.of(0));
          expect(verifyWithKeyObject('ES256', imported.value, longer, signature)).toBe(false);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('makes signatures @noble/curves p256 verifies', () => {
    const secret = new Uint8Array(32).fill(7);
    const message = signingInput('proof', ID);
    for (let i = 0; i < 8; i++) {
      // node:crypto does not normalise s, so noble must accept high-S here.
      expect(
        p256.verify(EC.sign(message), message, p256.getPublicKey(secret, true), { lowS: false }),
      ).toBe(true);
    }
  });

  it('verifies a noble signature through a signature entry and a key cache', () => {
    const secret = new Uint8Array(32).fill(9);
    const key = didKeyFromPublicKey('P-256', p256.getPublicKey(secret, true));
    const message = signingInput('treaty', ID);
    const entry = {
      kid: `${key.did}#${key.fingerprint}`,
      alg: 'ES256' as const,
      sig: toBase64Url(p256.sign(message, secret)),
    };
    expect(check(entry, key, 'treaty', ID)).toBe('ok');
    expect(check(entry, key, 'treaty', OTHER_ID)).toBe('signature_invalid');
  });

  it('rejects an ASN.1 DER signature, which is not r ‖ s', () => {
    const secret = new Uint8Array(32).fill(9);
    const key = didKeyFromPublicKey('P-256', p256.getPublicKey(secret, true));
    const message = signingInput('proof', ID);
    const der = p256.sign(message, secret, { format: 'der' });
    const entry = {
      kid: `${key.did}#${key.fingerprint}`,
      alg: 'ES256' as const,
      sig: toBase64Url(der),
    };
    expect(check(entry, key, 'proof', ID)).toBe('signature_malformed');
  });

  it('rejects r = 0 or s = 0 and r, s at or above the group order', () => {
    const message = signingInput('proof', ID);
    const signature = EC.sign(message);
    const n = p256.Point.CURVE().n;
    const r = signature.subarray(0, 32);
    const s = signature.subarray(32);
    const variants = [
      concatBytes(new Uint8Array(32), s),
      concatBytes(r, new Uint8Array(32)),
      concatBytes(toBigEndian(bigEndian(r) + n, 32), s),
      concatBytes(r, toBigEndian(bigEndian(s) + n, 32)),
    ];
    for (const variant of variants) {
      const entry = { kid: EC.kid, alg: 'ES256' as const, sig: toBase64Url(variant) };
      expect(check(entry, EC.key, 'proof', ID)).toBe('signature_invalid');
    }
  });
});

describe('verifySignatureEntry rejects malformed signatures with signature_malformed', () => {
  const good = signatureEntry(ED, signingInput('proof', ID));
  const bytes = fromBase64Url(good.sig)!;
  it.each([
    ['63 bytes', toBase64Url(bytes.subarray(1))],
    ['65 bytes', toBase64Url(concatBytes(bytes, Uint8Array.of(0)))],
    ['no bytes', ''],
    ['32 bytes', toBase64Url(bytes.subarray(0, 32))],
    ['128 bytes', toBase64Url(concatBytes(bytes, bytes))],
    ['a plus sign (standard base64)', `+${good.sig.slice(1)}`],
    ['a slash (standard base64)', `/${good.sig.slice(1)}`],
    ['padding', `${good.sig}==`],
    ['a length of 4k + 1', `${good.sig}A`],
    ['whitespace', ` ${good.sig}`],
    ['a dot', `${good.sig.slice(0, -1)}.`],
    ['non-zero trailing bits (non-canonical)', withTrailingBit(good.sig)],
  ])('%s', (_name, sig) => {
    expect(check({ ...good, sig }, ED.key, 'proof', ID)).toBe('signature_malformed');
  });

  it('checks the same for ES256', () => {
    const entry = signatureEntry(EC, signingInput('proof', ID));
    const sig = toBase64Url(fromBase64Url(entry.sig)!.subarray(0, 63));
    expect(check({ ...entry, sig }, EC.key, 'proof', ID)).toBe('signature_malformed');
  });
});

describe('verifySignatureEntry matches the algorithm to the key type', () => {
  it('rejects an ES256 entry for an Ed25519 key with signature_key_wrong_type', () => {
    const entry = signatureEntry(ED, signingInput('proof', ID));
    expect(check({ ...entry, alg: 'ES256' }, ED.key, 'proof', ID)).toBe('signature_key_wrong_type');
  });

  it('rejects an Ed25519 entry for a P-256 key with signature_key_wrong_type', () => {
    const entry = signatureEntry(EC, signingInput('proof', ID));
    expect(check({ ...entry, alg: 'Ed25519' }, EC.key, 'proof', ID)).toBe(
      'signature_key_wrong_type',
    );
  });

  it('rejects any entry for an X25519 key with signature_key_wrong_type', () => {
    const x25519 = parseDidKey('did:key:z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW');
    if (!x25519.ok) throw new Error(x25519.error.code);
    const entry = signatureEntry(ED, signingInput('proof', ID));
    expect(algForKey(x25519.value)).toBeUndefined();
    expect(check(entry, x25519.value, 'proof', ID)).toBe('signature_key_wrong_type');
    expect(check({ ...entry, alg: 'ES256' }, x25519.value, 'proof', ID)).toBe(
      'signature_key_wrong_type',
    );
  });

  it('rejects any entry for a secp256k1 key with signature_key_unsupported', () => {
    const secp = parseDidKey('did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme');
    if (!secp.ok) throw new Error(secp.error.code);
    const entry = signatureEntry(EC, signingInput('proof', ID));
    expect(algForKey(secp.value)).toBeUndefined();
    expect(check(entry, secp.value, 'proof', ID)).toBe('signature_key_unsupported');
  });

  it('rejects a signature by an off-curve P-256 key with did_malformed', () => {
    const offCurve = didKeyFromPublicKey(
      'P-256',
      concatBytes(Uint8Array.of(2), new Uint8Array(31), Uint8Array.of(1)),
    );
    const entry = signatureEntry(EC, signingInput('proof', ID));
    expect(check(entry, offCurve, 'proof', ID)).toBe('did_malformed');
  });

  it('names the algorithm each key type signs with', () => {
    expect(algForKey(ED.key)).toBe('Ed25519');
    expect(algForKey(EC.key)).toBe('ES256');
  });
});
