/** Kernel Ed25519 signing and verification against vectors/ed25519/ (RFC 8032 §7.1, from disk). */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readVectorArea } from '../scripts/vector-areas/vector-file.js';
import {
  didKeyFromPublicKey,
  ed25519SignerFromSeed,
  fromHex,
  importPublicKey,
  parseDidKey,
  toHex,
  verifyWithKeyObject,
} from '../src/index.js';

interface Ed25519Input {
  readonly secretKey: string;
  readonly message: string;
}

interface Ed25519Expected {
  readonly publicKey: string;
  readonly signature: string;
}

const vectors = readVectorArea<Ed25519Input, Ed25519Expected>('ed25519');

function bytes(hex: string): Uint8Array {
  const decoded = fromHex(hex);
  if (decoded === undefined) throw new Error(`not lower-case hex: ${hex.slice(0, 20)}`);
  return decoded;
}

function flipBit(data: Uint8Array, bit: number): Uint8Array {
  const copy = data.slice();
  copy[bit >> 3] = copy[bit >> 3]! ^ (1 << (bit & 7));
  return copy;
}

describe('RFC 8032 §7.1 vectors', () => {
  it('include TEST 1, 2, 3, 1024 and SHA(abc)', () => {
    expect(vectors.map(([name]) => name).sort()).toEqual([
      'rfc8032-test-1',
      'rfc8032-test-1024',
      'rfc8032-test-2',
      'rfc8032-test-3',
      'rfc8032-test-sha-abc',
    ]);
  });

  it('TEST SHA(abc) signs SHA-512("abc"), and TEST 1024 a 1023-byte message', () => {
    const byName = new Map(vectors);
    const shaAbc = byName.get('rfc8032-test-sha-abc')!.input;
    expect(shaAbc.message).toBe(createHash('sha512').update('abc').digest('hex'));
    expect(byName.get('rfc8032-test-1024')!.input.message).toHaveLength(2 * 1023);
  });

  describe.each(vectors)('%s', (_name, vector) => {
    const { input, expected } = vector;
    const signer = ed25519SignerFromSeed(bytes(input.secretKey));
    const message = bytes(input.message);
    const signature = bytes(expected.signature);

    it('derives the published public key from the seed', () => {
      expect(signer.alg).toBe('Ed25519');
      expect(toHex(signer.key.publicKey)).toBe(expected.publicKey);
    });

    it('signs the message to the published signature', () => {
      expect(toHex(signer.sign(message))).toBe(expected.signature);
    });

    it('verifies the published signature through the did:key, and no flipped bit', () => {
      const did = didKeyFromPublicKey('Ed25519', bytes(expected.publicKey)).did;
      const parsed = parseDidKey(did);
      if (!parsed.ok) throw new Error(parsed.error.message);
      const key = importPublicKey(parsed.value);
      if (!key.ok) throw new Error(key.error.message);
      expect(verifyWithKeyObject('Ed25519', key.value, message, signature)).toBe(true);
      for (const bit of [0, 7, 255, 256, 511]) {
        expect(verifyWithKeyObject('Ed25519', key.value, message, flipBit(signature, bit))).toBe(
          false,
        );
      }
      if (message.length > 0) {
        expect(verifyWithKeyObject('Ed25519', key.value, flipBit(message, 0), signature)).toBe(
          false,
        );
      }
    });
  });
});
