/** The kernel's did:key encoding, parsing and key import against vectors/did-key/ (from disk). */
import { describe, expect, it } from 'vitest';
import { decodeBase58Twin, encodeBase58Twin } from '../scripts/vector-areas/base58-twin.js';
import { readVectorArea } from '../scripts/vector-areas/vector-file.js';
import {
  bytesEqual,
  concatBytes,
  didKeyFromPublicKey,
  ed25519SignerFromSeed,
  fromBase64Url,
  fromHex,
  importPublicKey,
  type KeyType,
  parseDidKey,
  toHex,
} from '../src/index.js';

interface DidKeyInput {
  readonly type?: KeyType;
  readonly publicKey?: string;
  readonly seed?: string;
  readonly did?: string;
}

interface DidKeyExpected {
  readonly did?: string;
  readonly type?: KeyType;
  readonly publicKey?: string;
  readonly publicKeyBase58?: string;
  readonly jwk?: { readonly x: string; readonly y: string };
  readonly error?: string;
  readonly importError?: string;
}

const vectors = readVectorArea<DidKeyInput, DidKeyExpected>('did-key');

function bytes(hex: string): Uint8Array {
  const decoded = fromHex(hex);
  if (decoded === undefined) throw new Error(`not lower-case hex: ${hex}`);
  return decoded;
}

/** SEC 1 §2.3.3 point compression of a published JWK: 0x02 (even y) or 0x03 (odd y) || x. */
function compressedFromJwk(jwk: { x: string; y: string }): Uint8Array {
  const y = fromBase64Url(jwk.y)!;
  return concatBytes(Uint8Array.of(2 + (y[y.length - 1]! & 1)), fromBase64Url(jwk.x)!);
}

describe('did:key vectors', () => {
  it('include RFC 8032 keys, published Ed25519, X25519, P-256, P-384, P-521 and secp256k1 keys, and malformed ids', () => {
    const names = vectors.map(([name]) => name);
    for (const prefix of [
      'rfc8032-test-',
      'w3c-ed25519-',
      'w3c-x25519-',
      'w3c-p-256-',
      'w3c-p-384-',
      'w3c-p-521-',
      'w3c-secp256k1-',
      'invalid-',
    ]) {
      expect(
        names.some((name) => name.startsWith(prefix)),
        prefix,
      ).toBe(true);
    }
  });

  describe.each(vectors)('%s', (_name, vector) => {
    const input = vector.input;
    const expected = vector.expected;
    const did = input.did ?? expected.did!;

    if (input.publicKey !== undefined) {
      it('encodes the public key to the expected did:key, as an independent base58 encoder does', () => {
        const key = bytes(input.publicKey!);
        expect(input.type).toBe('Ed25519'); // the twin check below writes the Ed25519 multicodec
        expect(didKeyFromPublicKey(input.type!, key).did).toBe(expected.did);
        expect(`did:key:z${encodeBase58Twin(concatBytes(Uint8Array.of(0xed, 0x01), key))}`).toBe(
          expected.did,
        );
      });
    }

    if (input.seed !== undefined) {
      it('is the did:key of the Ed25519 signer made from the seed', () => {
        expect(ed25519SignerFromSeed(bytes(input.seed!)).key.did).toBe(expected.did);
      });
    }

    if (expected.error !== undefined) {
      it(`is refused by parseDidKey with ${expected.error}`, () => {
        const parsed = parseDidKey(did);
        expect(parsed.ok ? 'accepted' : parsed.error.code).toBe(expected.error);
      });
      return;
    }

    it('parses to the expected key type and key bytes, and encodes back to itself', () => {
      const parsed = parseDidKey(did);
      if (!parsed.ok) throw new Error(`${parsed.error.code}: ${parsed.error.message}`);
      const key = parsed.value;
      expect(key.did).toBe(did);
      if (expected.type !== undefined) expect(key.type).toBe(expected.type);
      if (expected.publicKey !== undefined) expect(toHex(key.publicKey)).toBe(expected.publicKey);
      if (expected.publicKeyBase58 !== undefined) {
        expect(toHex(key.publicKey)).toBe(toHex(decodeBase58Twin(expected.publicKeyBase58)));
      }
      if (expected.jwk !== undefined)
        expect(bytesEqual(key.publicKey, compressedFromJwk(expected.jwk))).toBe(true);
      expect(didKeyFromPublicKey(key.type, key.publicKey).did).toBe(did);
    });

    it(
      expected.importError
        ? `cannot be imported: ${expected.importError}`
        : 'imports as a verification key',
      () => {
        const parsed = parseDidKey(did);
        if (!parsed.ok) throw new Error(parsed.error.message);
        const imported = importPublicKey(parsed.value);
        if (expected.importError !== undefined) {
          expect(imported.ok ? 'imported' : imported.error.code).toBe(expected.importError);
          return;
        }
        if (parsed.value.type === 'secp256k1') return; // not a kernel signature key; behaviour not pinned
        if (!imported.ok) throw new Error(`${imported.error.code}: ${imported.error.message}`);
        if (expected.jwk !== undefined) {
          const jwk = imported.value.export({ format: 'jwk' });
          expect({ x: jwk.x, y: jwk.y }).toEqual(expected.jwk);
        }
      },
    );
  });
});
