import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../json/strict-json.js';
import { contentId } from './content-id.js';
import { KeyCache } from './key-cache.js';
import { type SignatureEntry, signingInput, verifySignatureEntry } from './signature.js';
import { bodyOf, idOf, sealObject, UNSIGNED_FIELDS, withSignature } from './signed-object.js';
import { ed25519SignerFromSeed } from './signer.js';

const SIGNER = ed25519SignerFromSeed(new Uint8Array(32).fill(1));
const OTHER = ed25519SignerFromSeed(new Uint8Array(32).fill(2));

describe('bodyOf and idOf', () => {
  const object = { v: 1, name: 'x', id: 'sha256:00', signatures: [], verifications: [1] };

  it('leave out id and signatures by default', () => {
    expect(UNSIGNED_FIELDS).toEqual(['id', 'signatures']);
    expect(bodyOf(object)).toEqual({ v: 1, name: 'x', verifications: [1] });
    expect(idOf(object)).toBe(contentId({ v: 1, name: 'x', verifications: [1] }));
  });

  it('leave out the names the caller lists instead', () => {
    const unsigned = ['id', 'signatures', 'verifications'];
    expect(bodyOf(object, unsigned)).toEqual({ v: 1, name: 'x' });
    expect(idOf(object, unsigned)).toBe(contentId({ v: 1, name: 'x' }));
  });

  it('do not depend on the id or signatures already present', () => {
    expect(idOf({ ...object, id: 'anything', signatures: ['x'] })).toBe(idOf(object));
  });
});

describe('sealObject', () => {
  it('computes the id of the body and starts with no signatures', () => {
    const sealed = sealObject({ v: 1, kind: 'thing', n: 2 });
    expect(sealed).toEqual({
      v: 1,
      kind: 'thing',
      n: 2,
      id: contentId({ v: 1, kind: 'thing', n: 2 }),
      signatures: [],
    });
  });

  it('drops a stray id or signatures from the fields', () => {
    const sealed = sealObject({ v: 1, id: 'forged', signatures: ['stale'] });
    expect(sealed).toEqual({ v: 1, id: contentId({ v: 1 }), signatures: [] });
  });
});

describe('withSignature', () => {
  const sealed = { ...sealObject({ v: 1, kind: 'thing' }), signatures: [] as SignatureEntry[] };

  it('appends a signature over the domain-separated signing input of the id', () => {
    const signed = withSignature(sealed, 'proof', SIGNER);
    expect(signed.signatures).toHaveLength(1);
    const entry = signed.signatures[0]!;
    expect(entry.kid).toBe(SIGNER.kid);
    const keys = new KeyCache();
    expect(verifySignatureEntry(entry, SIGNER.key, signingInput('proof', sealed.id), keys)).toEqual(
      { ok: true, value: true },
    );
    expect(
      verifySignatureEntry(entry, SIGNER.key, signingInput('receipt', sealed.id), keys),
    ).toMatchObject({
      ok: false,
      error: { code: 'signature_invalid' },
    });
  });

  it('keeps earlier signatures, in order, and leaves the input object untouched', () => {
    const once = withSignature(sealed, 'proof', SIGNER);
    const twice = withSignature(once, 'proof', OTHER);
    expect(twice.signatures.map((entry) => entry.kid)).toEqual([SIGNER.kid, OTHER.kid]);
    expect(once.signatures).toHaveLength(1);
    expect(sealed.signatures).toHaveLength(0);
    expect(idOf(twice as unknown as { [key: string]: JsonValue })).toBe(sealed.id);
  });
});
