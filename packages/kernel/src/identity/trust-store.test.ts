import { describe, expect, it } from 'vitest';
import {
  AUTHORITY,
  DEVICE,
  HARDWARE_ROOT,
  ISSUER,
  NOW_MS,
  p256Signer,
  signerNumber,
} from '../../test/fixtures.js';
import { contentId } from '../crypto/content-id.js';
import { parseKid } from '../crypto/did-key.js';
import { type SignatureEntry, type SignedKind, signingInput } from '../crypto/signature.js';
import { withSignature } from '../crypto/signed-object.js';
import { type Signer, signatureEntry } from '../crypto/signer.js';
import type { JsonValue } from '../json/strict-json.js';
import type { Result } from '../result.js';
import { buildKeyRotation } from './key-rotation.js';
import { TrustStore } from './trust-store.js';

const ID = contentId({ object: 'signed' });

function outcome(result: Result<unknown>): string {
  return result.ok ? 'ok' : result.error.code;
}

function sign(signer: Signer, kind: SignedKind = 'proof', id = ID): SignatureEntry {
  return signatureEntry(signer, signingInput(kind, id));
}

function verify(
  store: TrustStore,
  signatures: readonly SignatureEntry[],
  kind: SignedKind = 'proof',
): Result<ReadonlySet<string>> {
  return store.verifySignatures(signatures, kind, ID, NOW_MS);
}

describe('TrustStore anchors', () => {
  const store = new TrustStore([
    { did: HARDWARE_ROOT.key.did, roles: ['hardware-root'] },
    { did: AUTHORITY.key.did, roles: ['revocation-authority', 'hardware-root'] },
  ]);

  it('answers hasRole for exactly the roles given', () => {
    expect(store.hasRole(HARDWARE_ROOT.key.did, 'hardware-root')).toBe(true);
    expect(store.hasRole(HARDWARE_ROOT.key.did, 'revocation-authority')).toBe(false);
    expect(store.hasRole(AUTHORITY.key.did, 'revocation-authority')).toBe(true);
    expect(store.hasRole(AUTHORITY.key.did, 'hardware-root')).toBe(true);
  });

  it('trusts nobody it was not given', () => {
    expect(store.hasRole(ISSUER.key.did, 'hardware-root')).toBe(false);
    expect(new TrustStore().hasRole(AUTHORITY.key.did, 'revocation-authority')).toBe(false);
  });
});

describe('TrustStore.keyChain', () => {
  it('is the identity key alone, current at every time, before any rotation', () => {
    expect(new TrustStore().keyChain(ISSUER.key.did)).toEqual([
      { key: ISSUER.key, fromMs: Number.NEGATIVE_INFINITY, untilMs: Number.POSITIVE_INFINITY },
    ]);
  });

  it('is empty for an identity that is not a did:key', () => {
    expect(new TrustStore().keyChain('did:web:example.com')).toEqual([]);
    expect(new TrustStore().keyChain('did:key:z')).toEqual([]);
  });

  it('is rebuilt when a rotation is added after it was read', () => {
    const store = new TrustStore();
    expect(store.keyChain(ISSUER.key.did)).toHaveLength(1);
    const next = signerNumber(50, ISSUER.key.did);
    let rotation = buildKeyRotation({
      subject: ISSUER.key.did,
      previous: ISSUER.key.did,
      next: next.key.did,
      effectiveAt: '2026-03-01T00:00:00Z',
    });
    rotation = withSignature(withSignature(rotation, 'key-rotation', ISSUER), 'key-rotation', next);
    expect(outcome(store.addRotation(rotation as unknown as JsonValue))).toBe('ok');
    expect(store.keyChain(ISSUER.key.did).map((span) => span.key.did)).toEqual([
      ISSUER.key.did,
      next.key.did,
    ]);
  });
});

describe('TrustStore.resolveKey without any documents', () => {
  const store = new TrustStore();

  it('accepts an identity\u2019s own did:key at any time', () => {
    const reference = parseKid(ISSUER.kid);
    if (!reference.ok) throw new Error(reference.error.code);
    for (const time of [0, NOW_MS, Date.parse('2999-01-01T00:00:00Z')]) {
      expect(store.resolveKey(reference.value, time)).toEqual({ ok: true, value: ISSUER.key });
    }
  });

  it('does not know another key claimed for the identity', () => {
    const reference = parseKid(signerNumber(51, ISSUER.key.did).kid);
    if (!reference.ok) throw new Error(reference.error.code);
    expect(outcome(store.resolveKey(reference.value, NOW_MS))).toBe('signature_key_unknown');
  });
});

describe('TrustStore.verifySignatures', () => {
  it('returns the identities that signed', () => {
    const result = verify(new TrustStore(), [sign(ISSUER), sign(DEVICE)]);
    expect(result).toEqual({ ok: true, value: new Set([ISSUER.key.did, DEVICE.key.did]) });
  });

  it('accepts an ES256 signature by a P-256 identity', () => {
    const signer = p256Signer(13);
    expect(signer.kid.startsWith('did:key:zDn')).toBe(true);
    expect(verify(new TrustStore(), [sign(signer)])).toEqual({
      ok: true,
      value: new Set([signer.key.did]),
    });
  });

  it('rejects an object with no signatures as signature_missing', () => {
    expect(outcome(verify(new TrustStore(), []))).toBe('signature_missing');
  });

  it('rejects the same signature twice as signature_duplicate', () => {
    const entry = sign(ISSUER);
    expect(outcome(verify(new TrustStore(), [entry, entry]))).toBe('signature_duplicate');
  });

  it('rejects the same key signing under two identities as signature_duplicate', () => {
    // The key of DEVICE, once as DEVICE and once as a key claimed for ISSUER.
    const asIssuer = sign(signerNumber(2, ISSUER.key.did));
    expect(outcome(verify(new TrustStore(), [sign(DEVICE), asIssuer]))).toBe('signature_duplicate');
  });

  it('fails the whole object when one of several signatures is bad', () => {
    const bad = { ...sign(DEVICE), sig: sign(ISSUER).sig };
    expect(outcome(verify(new TrustStore(), [sign(ISSUER), bad]))).toBe('signature_invalid');
    expect(outcome(verify(new TrustStore(), [bad, sign(ISSUER)]))).toBe('signature_invalid');
  });

  it('rejects a signature made for another kind of object', () => {
    expect(outcome(verify(new TrustStore(), [sign(ISSUER, 'receipt')]))).toBe('signature_invalid');
  });

  it('rejects a signature made for another id', () => {
    expect(outcome(verify(new TrustStore(), [sign(ISSUER, 'proof', contentId({}))]))).toBe(
      'signature_invalid',
    );
  });

  it.each([
    ['no fragment', ISSUER.key.did, 'did_malformed'],
    [
      'an identity of another method',
      `did:web:example.com#${ISSUER.key.fingerprint}`,
      'did_malformed',
    ],
    ['an invalid base58 fingerprint', `${ISSUER.key.did}#z0OIl`, 'did_malformed'],
  ])('rejects a kid with %s', (_name, kid, code) => {
    const store = new TrustStore();
    expect(outcome(verify(store, [{ ...sign(ISSUER), kid }]))).toBe(code);
    // A second look (served from the kid cache) gives the same answer.
    expect(outcome(verify(store, [{ ...sign(ISSUER), kid }]))).toBe(code);
  });

  it('rejects an algorithm that does not match the key as signature_key_wrong_type', () => {
    expect(outcome(verify(new TrustStore(), [{ ...sign(ISSUER), alg: 'ES256' }]))).toBe(
      'signature_key_wrong_type',
    );
    expect(outcome(verify(new TrustStore(), [{ ...sign(p256Signer(13)), alg: 'Ed25519' }]))).toBe(
      'signature_key_wrong_type',
    );
  });

  it('rejects a kid naming an X25519 key as signature_key_wrong_type', () => {
    const x25519 = 'did:key:z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW';
    const entry = { ...sign(ISSUER), kid: `${x25519}#${x25519.slice('did:key:'.length)}` };
    expect(outcome(verify(new TrustStore(), [entry]))).toBe('signature_key_wrong_type');
  });

  it('rejects a malformed signature value as signature_malformed', () => {
    expect(outcome(verify(new TrustStore(), [{ ...sign(ISSUER), sig: 'AAAA' }]))).toBe(
      'signature_malformed',
    );
  });
});
