import { describe, expect, it } from 'vitest';
import { concatBytes } from '../bytes.js';
import { type DidKey, didKeyFromPublicKey } from './did-key.js';
import { KeyCache } from './key-cache.js';

function ed25519Key(byte: number): DidKey {
  return didKeyFromPublicKey('Ed25519', new Uint8Array(32).fill(byte));
}

describe('KeyCache', () => {
  it('imports a key once and hands out the same KeyObject afterwards', () => {
    const cache = new KeyCache();
    const first = cache.get(ed25519Key(1));
    const second = cache.get(ed25519Key(1));
    if (!first.ok || !second.ok) throw new Error('expected the key to import');
    expect(second.value).toBe(first.value);
    expect(first.value.asymmetricKeyType).toBe('ed25519');
  });

  it('keeps different keys apart', () => {
    const cache = new KeyCache();
    const one = cache.get(ed25519Key(1));
    const two = cache.get(ed25519Key(2));
    if (!one.ok || !two.ok) throw new Error('expected the keys to import');
    expect(one.value.equals(two.value)).toBe(false);
  });

  it('returns (and remembers) the import error for a key that cannot be imported', () => {
    const cache = new KeyCache();
    const offCurve = didKeyFromPublicKey(
      'P-256',
      concatBytes(Uint8Array.of(2), new Uint8Array(31), Uint8Array.of(1)),
    );
    const x25519 = didKeyFromPublicKey('X25519', new Uint8Array(32).fill(1));
    for (let i = 0; i < 2; i++) {
      expect(cache.get(offCurve)).toMatchObject({ ok: false, error: { code: 'did_malformed' } });
      expect(cache.get(x25519)).toMatchObject({
        ok: false,
        error: { code: 'signature_key_wrong_type' },
      });
    }
  });

  it('holds at most its capacity, dropping the oldest entry first', () => {
    const cache = new KeyCache(2);
    const one = cache.get(ed25519Key(1));
    const two = cache.get(ed25519Key(2));
    cache.get(ed25519Key(1)); // a hit does not refresh the entry's age
    const three = cache.get(ed25519Key(3));
    if (!one.ok || !two.ok || !three.ok) throw new Error('expected the keys to import');
    const twoAgain = cache.get(ed25519Key(2));
    const threeAgain = cache.get(ed25519Key(3));
    if (!twoAgain.ok || !threeAgain.ok) throw new Error('expected the keys to import');
    expect(twoAgain.value).toBe(two.value);
    expect(threeAgain.value).toBe(three.value);
    const oneAgain = cache.get(ed25519Key(1));
    if (!oneAgain.ok) throw new Error('expected the key to import');
    expect(oneAgain.value).not.toBe(one.value);
    expect(oneAgain.value.equals(one.value)).toBe(true);
  });
});
