import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex } from '../bytes.js';
import { DID_CHARS_MAX } from '../limits.js';
import type { Result } from '../result.js';
import { decodeBase58, encodeBase58 } from './base58.js';
import {
  type DidKey,
  didKeyFromPublicKey,
  formatKid,
  type KeyType,
  parseDidKey,
  parseKeyFingerprint,
  parseKid,
} from './did-key.js';

function outcome(result: Result<unknown>): string {
  return result.ok ? 'ok' : result.error.code;
}

function parsedDid(did: string): DidKey {
  const result = parseDidKey(did);
  if (!result.ok) throw new Error(`expected ${did} to parse: ${result.error.code}`);
  return result.value;
}

/** `did:key:z` + base58btc(bytes): lets a test choose the multicodec and key bytes freely. */
function didFromBytes(...parts: readonly (readonly number[] | Uint8Array)[]): string {
  return `did:key:z${encodeBase58(concatBytes(...parts.map((part) => Uint8Array.from(part))))}`;
}

const ED25519 = [0xed, 0x01];
const X25519 = [0xec, 0x01];
const SECP256K1 = [0xe7, 0x01];
const P256 = [0x80, 0x24];

// RFC 8032 §7.1 TEST 1 public key and its widely published did:key.
const RFC8032_TEST1_PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const RFC8032_TEST1_DID = 'did:key:z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw';

const compressedPoints = fc
  .tuple(fc.constantFrom(2, 3), fc.uint8Array({ minLength: 32, maxLength: 32 }))
  .map(([parity, x]) => concatBytes(Uint8Array.of(parity), x));
const keys32 = fc.uint8Array({ minLength: 32, maxLength: 32 });

describe('did:key encoding', () => {
  it('gives the RFC 8032 TEST 1 public key its published did:key', () => {
    const key = didKeyFromPublicKey('Ed25519', fromHex(RFC8032_TEST1_PUBLIC)!);
    expect(key.did).toBe(RFC8032_TEST1_DID);
    expect(key.fingerprint).toBe(RFC8032_TEST1_DID.slice('did:key:'.length));
  });

  it('decodes the published RFC 8032 TEST 1 did:key by hand to ed 01 ‖ key', () => {
    const bytes = decodeBase58(RFC8032_TEST1_DID.slice('did:key:z'.length))!;
    expect(Array.from(bytes.slice(0, 2))).toEqual(ED25519);
    expect(bytes.slice(2)).toEqual(fromHex(RFC8032_TEST1_PUBLIC));
  });

  it.each([
    ['Ed25519', 'did:key:z6Mk', keys32],
    ['X25519', 'did:key:z6LS', keys32],
    ['P-256', 'did:key:zDn', compressedPoints],
    ['secp256k1', 'did:key:zQ3s', compressedPoints],
  ] as const)('round-trips any %s key and starts with %s', (type, prefix, keys) => {
    fc.assert(
      fc.property(keys, (publicKey) => {
        const key = didKeyFromPublicKey(type as KeyType, publicKey);
        expect(key.did.startsWith(prefix)).toBe(true);
        expect(key.did).toBe(`did:key:${key.fingerprint}`);
        expect(parseDidKey(key.did)).toEqual({ ok: true, value: key });
        expect(parseKeyFingerprint(key.fingerprint)).toEqual({ ok: true, value: key });
      }),
      { numRuns: 200 },
    );
  });

  it('keeps leading zero bytes of the key', () => {
    const publicKey = new Uint8Array(32);
    publicKey[31] = 1;
    const key = didKeyFromPublicKey('Ed25519', publicKey);
    expect(parsedDid(key.did).publicKey).toEqual(publicKey);
    expect(parsedDid(didKeyFromPublicKey('X25519', new Uint8Array(32)).did).publicKey).toEqual(
      new Uint8Array(32),
    );
  });

  it('refuses a key of the wrong length as a broken assumption of the caller', () => {
    expect(() => didKeyFromPublicKey('Ed25519', new Uint8Array(33))).toThrow(/assertion failed/);
    expect(() => didKeyFromPublicKey('P-256', new Uint8Array(32))).toThrow(/assertion failed/);
  });
});

describe('parseDidKey reads the four known key types', () => {
  it.each([
    ['did:key:z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW', 'X25519'],
    ['did:key:z6LSeu9HkTHSfLLeUs2nnzUSNedgDUevfNQgQjQC23ZCit6F', 'X25519'],
    ['did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv', 'P-256'],
    ['did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme', 'secp256k1'],
    [RFC8032_TEST1_DID, 'Ed25519'],
  ])('%s is %s', (did, type) => {
    const key = parsedDid(did);
    expect(key.type).toBe(type);
    expect(key.did).toBe(did);
    expect(key.publicKey.length).toBe(type === 'P-256' || type === 'secp256k1' ? 33 : 32);
  });
});

describe('parseDidKey rejects malformed identifiers with did_malformed', () => {
  const valid = RFC8032_TEST1_DID;
  it.each([
    ['another DID method', 'did:web:example.com'],
    ['no method at all', 'z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw'],
    ['upper-case scheme', valid.replace('did:key:', 'DID:key:')],
    ['base16 multibase (f)', `did:key:f${'ed01'}${RFC8032_TEST1_PUBLIC}`],
    ['upper-case multibase prefix Z', valid.replace('did:key:z', 'did:key:Z')],
    ['base58 with 0', `${valid.slice(0, -1)}0`],
    ['base58 with O', `${valid.slice(0, -1)}O`],
    ['base58 with I', `${valid.slice(0, -1)}I`],
    ['base58 with l', `${valid.slice(0, -1)}l`],
    ['a fragment', `${valid}#${valid.slice(8)}`],
    ['a query', `${valid}?x=1`],
    ['surrounding whitespace', ` ${valid}`],
    ['an empty string', ''],
    ['an identifier longer than DID_CHARS_MAX', `did:key:z${'1'.repeat(DID_CHARS_MAX)}`],
    ['an Ed25519 key of 31 bytes', didFromBytes(ED25519, new Uint8Array(31).fill(7))],
    ['an Ed25519 key of 33 bytes', didFromBytes(ED25519, new Uint8Array(33).fill(7))],
    ['an X25519 key of 31 bytes', didFromBytes(X25519, new Uint8Array(31).fill(7))],
    ['a P-256 key of 32 bytes', didFromBytes(P256, Uint8Array.of(2), new Uint8Array(31).fill(7))],
    [
      'a P-256 key of 65 bytes (uncompressed)',
      didFromBytes(P256, Uint8Array.of(4), new Uint8Array(64).fill(7)),
    ],
    ['a secp256k1 key of 34 bytes', didFromBytes(SECP256K1, new Uint8Array(34).fill(7))],
    ['the multicodec with no key', didFromBytes(ED25519)],
  ])('%s', (_name, did) => {
    expect(outcome(parseDidKey(did))).toBe('did_malformed');
  });

  it('rejects an identifier too short to hold a multicodec as did_malformed, not as unknown', () => {
    expect(outcome(parseDidKey('did:key:z'))).toBe('did_malformed');
    expect(outcome(parseDidKey(didFromBytes([0xed])))).toBe('did_malformed');
    expect(outcome(parseDidKey(didFromBytes([0x80])))).toBe('did_malformed');
  });

  it('does not validate P-256 points (that is importPublicKey\u2019s job)', () => {
    // identity.md: parsing reads the encoding; the curve check happens on import (did_malformed).
    const offCurve = concatBytes(Uint8Array.of(2), new Uint8Array(31), Uint8Array.of(1));
    expect(parsedDid(didFromBytes(P256, offCurve)).type).toBe('P-256');
  });
});

describe('parseDidKey rejects other multicodecs with signature_key_unsupported', () => {
  it.each([
    ['bls12_381-g2 (0xeb)', didFromBytes([0xeb, 0x01], new Uint8Array(96).fill(1))],
    ['bls12_381-g1 (0xea)', didFromBytes([0xea, 0x01], new Uint8Array(48).fill(1))],
    ['p384-pub (0x1201)', didFromBytes([0x81, 0x24], Uint8Array.of(2), new Uint8Array(48).fill(1))],
    ['p521-pub (0x1202)', didFromBytes([0x82, 0x24], Uint8Array.of(2), new Uint8Array(66).fill(1))],
    ['rsa-pub (0x1205)', didFromBytes([0x85, 0x24], new Uint8Array(40).fill(1))],
    ['a swapped Ed25519 varint', didFromBytes([0x01, 0xed], new Uint8Array(32).fill(1))],
    ['a non-minimal Ed25519 varint', didFromBytes([0xed, 0x81, 0x00], new Uint8Array(32).fill(1))],
  ])('%s', (_name, did) => {
    expect(outcome(parseDidKey(did))).toBe('signature_key_unsupported');
  });
});

describe('parseKid reads <identity did:key>#<key fingerprint>', () => {
  const identity = didKeyFromPublicKey('Ed25519', new Uint8Array(32).fill(1));
  const rotated = didKeyFromPublicKey(
    'P-256',
    concatBytes(Uint8Array.of(3), new Uint8Array(32).fill(9)),
  );

  it('reads a kid before any rotation, where both halves are the same key', () => {
    const kid = formatKid(identity.did, identity);
    expect(kid).toBe(`${identity.did}#${identity.fingerprint}`);
    expect(parseKid(kid)).toEqual({ ok: true, value: { identity: identity.did, key: identity } });
  });

  it('reads a kid after a rotation, naming a key of another type than the identity', () => {
    const kid = formatKid(identity.did, rotated);
    expect(parseKid(kid)).toEqual({ ok: true, value: { identity: identity.did, key: rotated } });
  });

  it.each([
    ['no fragment', identity.did, 'did_malformed'],
    ['an empty fragment', `${identity.did}#`, 'did_malformed'],
    ['an empty identity', `#${identity.fingerprint}`, 'did_malformed'],
    ['a full DID as the fragment', `${identity.did}#${identity.did}`, 'did_malformed'],
    [
      'a fragment without multibase prefix',
      `${identity.did}#${identity.fingerprint.slice(1)}`,
      'did_malformed',
    ],
    [
      'two fragments',
      `${identity.did}#${identity.fingerprint}#${identity.fingerprint}`,
      'did_malformed',
    ],
    [
      'an identity of another method',
      `did:web:example.com#${identity.fingerprint}`,
      'did_malformed',
    ],
    [
      'a fragment with an invalid character',
      `${identity.did}#${identity.fingerprint.slice(0, -1)}0`,
      'did_malformed',
    ],
    [
      'an unknown multicodec in the fragment',
      `${identity.did}#z${encodeBase58(Uint8Array.of(0xeb, 0x01, 1, 2))}`,
      'signature_key_unsupported',
    ],
    [
      'an unknown multicodec as the identity',
      `did:key:z${encodeBase58(Uint8Array.of(0xeb, 0x01, 1, 2))}#${identity.fingerprint}`,
      'signature_key_unsupported',
    ],
  ])('rejects %s', (_name, kid, code) => {
    expect(outcome(parseKid(kid))).toBe(code);
  });
});
