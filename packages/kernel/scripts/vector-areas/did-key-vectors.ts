/**
 * did-key/: did:key identifiers (W3C CCG did:key method) for the RFC 8032 keys, the method's own
 * published examples, and malformed identifiers with the kernel error code each must produce.
 *
 * Expected fields a test checks when present: `did` (didKeyFromPublicKey / the signer's did),
 * `type`, `publicKey` (hex) or `publicKeyBase58` (as published), `jwk` (x and y of a P-256 key,
 * base64url as published), `error` (parseDidKey's code), `importError` (importPublicKey's code).
 */
import { ECDH } from 'node:crypto';
import { concatBytes, didKeyFromPublicKey, fromHex, toHex } from '../../src/index.js';
import { encodeBase58Twin } from './base58-twin.js';
import {
  DID_KEY_SOURCE,
  PUBLISHED_ED25519_DID_KEYS,
  PUBLISHED_NIST_DID_KEYS,
  PUBLISHED_SECP256K1_DID_KEY,
  PUBLISHED_X25519_DID_KEYS,
} from './did-key-data.js';
import { rfc8032CaseName } from './ed25519-vectors.js';
import { RFC8032_TESTS } from './rfc8032-data.js';
import type { Vector } from './vector-file.js';

// Multicodec varint prefixes (multiformats table): ed25519-pub 0xed, p256-pub 0x1200.
const ED25519_PREFIX = [0xed, 0x01];
const P256_PREFIX = [0x80, 0x24];

function hexBytes(hex: string): Uint8Array {
  const bytes = fromHex(hex);
  if (bytes === undefined) throw new Error(`bad hex in vector data: ${hex}`);
  return bytes;
}

/** `did:key:z` + base58btc(prefix || key), built with the twin encoder, not the kernel's. */
function twinDidKey(prefix: readonly number[], key: Uint8Array): string {
  return `did:key:z${encodeBase58Twin(concatBytes(Uint8Array.from(prefix), key))}`;
}

export function didKeyVectors(): Map<string, Vector> {
  const vectors = new Map<string, Vector>();
  for (const test of RFC8032_TESTS) {
    const did = didKeyFromPublicKey('Ed25519', hexBytes(test.publicKey)).did;
    if (did !== twinDidKey(ED25519_PREFIX, hexBytes(test.publicKey))) {
      throw new Error(`kernel and twin base58 disagree on the did:key of RFC 8032 ${test.name}`);
    }
    vectors.set(`rfc8032-test-${rfc8032CaseName(test.name)}`, {
      description:
        `The did:key of the RFC 8032 §7.1 ${test.name} public key: "did:key:z" + base58btc(0xed 0x01 ` +
        '|| key). Not a published value: the kernel computed it and the twin base58 encoder agreed; ' +
        'it pins the encoding against regressions.',
      input: { type: 'Ed25519', publicKey: test.publicKey },
      expected: { did, type: 'Ed25519' },
    });
  }
  addPublishedVectors(vectors);
  addMalformedVectors(vectors);
  return vectors;
}

function addPublishedVectors(vectors: Map<string, Vector>): void {
  const source = `${DID_KEY_SOURCE} test-vectors`;
  for (const [position, key] of PUBLISHED_ED25519_DID_KEYS.entries()) {
    vectors.set(`w3c-ed25519-seed-${position}`, {
      description:
        `${source}/ed25519-x25519.json, Ed25519 seed ${position}: ed25519SignerFromSeed(seed) must ` +
        'name the published did:key, and parsing it must give the published public key.',
      input: { seed: key.seed },
      expected: { did: key.did, type: 'Ed25519', publicKeyBase58: key.publicKeyBase58 },
    });
  }
  const x25519Keys = [
    ...PUBLISHED_ED25519_DID_KEYS.slice(0, 2).map((key) => ({
      did: key.x25519Did,
      publicKeyBase58: key.x25519PublicKeyBase58,
      file: 'ed25519-x25519.json (keyAgreementKeyPair)',
    })),
    ...PUBLISHED_X25519_DID_KEYS.map((key) => ({ ...key, file: 'x25519.json' })),
  ];
  for (const [position, key] of x25519Keys.entries()) {
    vectors.set(`w3c-x25519-${position}`, {
      description:
        `${source}/${key.file}: a z6LS... did:key parses as an X25519 key, which is for key ` +
        'agreement only, so importing it as a signature key fails with signature_key_wrong_type.',
      input: { did: key.did },
      expected: {
        type: 'X25519',
        publicKeyBase58: key.publicKeyBase58,
        importError: 'signature_key_wrong_type',
      },
    });
  }
  const perCurve = new Map<string, number>();
  for (const key of PUBLISHED_NIST_DID_KEYS) {
    const supported = key.crv === 'P-256';
    const position = perCurve.get(key.crv) ?? 0;
    perCurve.set(key.crv, position + 1);
    vectors.set(`w3c-${key.crv.toLowerCase()}-${position}`, {
      description: supported
        ? `${source}/nist-curves.json, a P-256 key (multicodec 0x1200, 33-byte compressed point): ` +
          'it parses, and the imported key has the published JWK x and y.'
        : `${source}/nist-curves.json, a ${key.crv} key: a multicodec the kernel does not verify ` +
          '(Ed25519 and P-256 only), so parsing fails with signature_key_unsupported.',
      input: { did: key.did },
      expected: supported
        ? { type: 'P-256', jwk: { x: key.x, y: key.y } }
        : { error: 'signature_key_unsupported' },
    });
  }
  vectors.set('w3c-secp256k1-0', {
    description:
      `${source}/secp256k1.json, first key: a zQ3s... did:key parses as a secp256k1 key ` +
      '(multicodec 0xe7) with the published 33-byte compressed public key.',
    input: { did: PUBLISHED_SECP256K1_DID_KEY.did },
    expected: { type: 'secp256k1', publicKeyBase58: PUBLISHED_SECP256K1_DID_KEY.publicKeyBase58 },
  });
}

function addMalformedVectors(vectors: Map<string, Vector>): void {
  const publicKey = hexBytes(RFC8032_TESTS[0]!.publicKey);
  const valid = PUBLISHED_ED25519_DID_KEYS[0]!.did;
  const malformed: [string, string, string, string][] = [
    ['not-did-key', 'did:web:example.com', 'did_malformed', 'another DID method'],
    [
      'multibase-base16',
      `did:key:f${toHex(concatBytes(Uint8Array.from(ED25519_PREFIX), publicKey))}`,
      'did_malformed',
      'multibase prefix "f" (base16) instead of "z" (base58btc)',
    ],
    [
      'base58-zero-character',
      `${valid.slice(0, 20)}0${valid.slice(21)}`,
      'did_malformed',
      'a "0", which is not in the base58btc alphabet',
    ],
    [
      'base58-capital-i',
      `${valid.slice(0, 20)}I${valid.slice(21)}`,
      'did_malformed',
      'an "I", which is not in the base58btc alphabet',
    ],
    [
      'ed25519-key-31-bytes',
      twinDidKey(ED25519_PREFIX, publicKey.slice(0, 31)),
      'did_malformed',
      'an Ed25519 multicodec with a 31-byte key',
    ],
    [
      'ed25519-key-33-bytes',
      twinDidKey(ED25519_PREFIX, concatBytes(publicKey, Uint8Array.of(0))),
      'did_malformed',
      'an Ed25519 multicodec with a 33-byte key',
    ],
    [
      'p256-key-32-bytes',
      twinDidKey(P256_PREFIX, publicKey),
      'did_malformed',
      'a P-256 multicodec with 32 bytes instead of a 33-byte compressed point',
    ],
    [
      'unknown-multicodec-bls12-381-g2',
      twinDidKey([0xeb, 0x01], new Uint8Array(96)),
      'signature_key_unsupported',
      'multicodec 0xeb (bls12_381-g2-pub), a key type the kernel does not know',
    ],
    [
      'too-long',
      `did:key:z${'1'.repeat(300)}`,
      'did_malformed',
      'an identifier longer than DID_CHARS_MAX (256)',
    ],
  ];
  for (const [name, did, code, what] of malformed) {
    vectors.set(`invalid-${name}`, {
      description: `Malformed did:key with ${what}: parseDidKey fails with ${code}.`,
      input: { did },
      expected: { error: code },
    });
  }
  vectors.set('invalid-p256-point-off-curve', {
    description:
      'A P-256 did:key of the right length whose x has no point on the curve (SEC 1 §2.3.4 ' +
      'decompression fails): it parses, but importPublicKey fails with did_malformed.',
    input: { did: twinDidKey(P256_PREFIX, offCurveCompressedPoint()) },
    expected: { type: 'P-256', importError: 'did_malformed' },
  });
}

/** The compressed point 0x02 || x with the smallest x for which x^3 - 3x + b is not a square. */
function offCurveCompressedPoint(): Uint8Array {
  for (let x = 0; x < 256; x++) {
    const point = new Uint8Array(33);
    point[0] = 0x02;
    point[32] = x;
    try {
      ECDH.convertKey(point, 'prime256v1', undefined, undefined, 'uncompressed');
    } catch {
      return point;
    }
  }
  throw new Error('no off-curve x below 256 (impossible for P-256)');
}
