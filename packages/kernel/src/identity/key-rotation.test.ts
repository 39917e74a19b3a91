import { describe, expect, it } from 'vitest';
import { AUTHORITY, ISSUER, p256Signer, signerNumber } from '../../test/fixtures.js';
import { concatBytes } from '../bytes.js';
import { contentId } from '../crypto/content-id.js';
import { didKeyFromPublicKey } from '../crypto/did-key.js';
import type { SignatureEntry } from '../crypto/signature.js';
import { signingInput } from '../crypto/signature.js';
import { withSignature } from '../crypto/signed-object.js';
import { ed25519SignerFromSeed, type Signer, signatureEntry } from '../crypto/signer.js';
import type { JsonValue } from '../json/strict-json.js';
import { ROTATIONS_PER_IDENTITY_MAX } from '../limits.js';
import type { Result } from '../result.js';
import { formatTimestamp } from '../time.js';
import type { KeyRotation } from './identity-schemas.js';
import { buildKeyRotation, checkKeyRotation, type KeyRotationFields } from './key-rotation.js';
import { buildRevocationList } from './revocation-list.js';
import { TrustStore } from './trust-store.js';

// The identity is ISSUER's did:key (key A). It rotates A → B at T and B → C at T2.
const SUBJECT = ISSUER.key.did;
const A = ISSUER;
const B = signerNumber(30, SUBJECT);
const C = signerNumber(31, SUBJECT);
const T = '2026-03-01T00:00:00Z';
const T2 = '2026-06-01T00:00:00Z';

function outcome(result: Result<unknown>): string {
  return result.ok ? 'ok' : result.error.code;
}

function json(value: unknown): JsonValue {
  return value as JsonValue;
}

function at(text: string): number {
  return Date.parse(text);
}

function rotation(
  previous: Signer,
  next: Signer,
  effectiveAt: string,
  signers: readonly Signer[] = [previous, next],
  overrides: Partial<KeyRotationFields> = {},
): KeyRotation {
  let built = buildKeyRotation({
    subject: SUBJECT,
    previous: previous.key.did,
    next: next.key.did,
    effectiveAt,
    ...overrides,
  });
  for (const signer of signers) built = withSignature(built, 'key-rotation', signer);
  return built;
}

function addRotation(store: TrustStore, value: unknown): string {
  return outcome(store.addRotation(json(value)));
}

/** A store where SUBJECT rotated A → B at T and B → C at T2. */
function twiceRotated(): TrustStore {
  const store = new TrustStore();
  if (addRotation(store, rotation(A, B, T)) !== 'ok') throw new Error('A → B refused');
  if (addRotation(store, rotation(B, C, T2)) !== 'ok') throw new Error('B → C refused');
  return store;
}

function resolve(store: TrustStore, signer: Signer, time: string): string {
  return outcome(store.resolveKey({ identity: SUBJECT, key: signer.key }, at(time)));
}

describe('a key rotation signed by both keys', () => {
  it('is accepted and makes the next key current from effectiveAt', () => {
    const store = new TrustStore();
    const built = rotation(A, B, T);
    expect(store.addRotation(json(built))).toEqual({ ok: true, value: built });
    expect(
      store.keyChain(SUBJECT).map((span) => [span.key.did, span.fromMs, span.untilMs]),
    ).toEqual([
      [A.key.did, Number.NEGATIVE_INFINITY, at(T)],
      [B.key.did, at(T), Number.POSITIVE_INFINITY],
    ]);
  });

  it('is accepted whichever key signed first', () => {
    expect(addRotation(new TrustStore(), rotation(A, B, T, [B, A]))).toBe('ok');
  });

  it('is accepted for a P-256 next key, which then signs ES256 for the identity', () => {
    const next = p256Signer(11, SUBJECT);
    const store = new TrustStore();
    expect(addRotation(store, rotation(A, next, T))).toBe('ok');
    expect(resolve(store, next, T)).toBe('ok');
    const id = contentId({ signed: 'after the rotation' });
    const entry = signatureEntry(next, signingInput('proof', id));
    expect(entry.alg).toBe('ES256');
    expect(store.verifySignatures([entry], 'proof', id, at(T2))).toEqual({
      ok: true,
      value: new Set([SUBJECT]),
    });
  });

  it('can be checked without being added', () => {
    const store = new TrustStore();
    expect(outcome(checkKeyRotation(json(rotation(A, B, T)), store))).toBe('ok');
    expect(store.keyChain(SUBJECT)).toHaveLength(1);
  });
});

describe('a rotation carries exactly the previous and next signatures (rotation_signature_missing)', () => {
  it('rejects a rotation not signed by the previous key', () => {
    expect(addRotation(new TrustStore(), rotation(A, B, T, [B]))).toBe(
      'rotation_signature_missing',
    );
  });

  it('rejects a rotation not signed by the next key', () => {
    expect(addRotation(new TrustStore(), rotation(A, B, T, [A]))).toBe(
      'rotation_signature_missing',
    );
  });

  it('rejects a rotation with no signatures', () => {
    expect(addRotation(new TrustStore(), rotation(A, B, T, []))).toBe('rotation_signature_missing');
  });

  it('rejects a rotation with a third signature', () => {
    const third = signerNumber(32, SUBJECT);
    expect(addRotation(new TrustStore(), rotation(A, B, T, [A, B, third]))).toBe(
      'rotation_signature_missing',
    );
  });

  it('rejects a rotation signed by the next key under its own identity instead of the subject', () => {
    const ownIdentity = signerNumber(30);
    expect(addRotation(new TrustStore(), rotation(A, B, T, [A, ownIdentity]))).toBe(
      'rotation_signature_missing',
    );
  });

  it('rejects a rotation whose previous-key signature was made for another kind', () => {
    const built = buildKeyRotation({
      subject: SUBJECT,
      previous: A.key.did,
      next: B.key.did,
      effectiveAt: T,
    });
    const forged: SignatureEntry = signatureEntry(A, signingInput('identity', built.id));
    const signed = withSignature({ ...built, signatures: [forged] }, 'key-rotation', B);
    expect(addRotation(new TrustStore(), signed)).toBe('signature_invalid');
  });

  it('rejects a rotation whose next-key signature is by another key under the next kid', () => {
    const built = rotation(A, B, T);
    const impostor = signatureEntry(signerNumber(33), signingInput('key-rotation', built.id));
    const signatures = [built.signatures[0]!, { ...impostor, kid: built.signatures[1]!.kid }];
    expect(addRotation(new TrustStore(), { ...built, signatures })).toBe('signature_invalid');
  });

  // Regression (was a bug): checkKeyRotation looks up each kid with find() and then only counts signatures, so a
  // rotation A → A carrying A's signature twice passes. identity.md: "the same key signing twice
  // is signature_duplicate". Once accepted, the chain is [A (-∞, T), A [T, ∞)] and resolveKey finds
  // the first span, so A is signature_key_rotated_out from T on: the identity can no longer sign.
  it('rejects a rotation from a key to itself signed twice by that key', () => {
    const store = new TrustStore();
    const selfRotation = rotation(A, A, T, [A, A]);
    expect(addRotation(store, selfRotation)).not.toBe('ok');
    expect(resolve(store, A, T2)).toBe('ok');
  });
});

describe('a rotation continues the key chain (rotation_out_of_order)', () => {
  it('rejects a rotation whose previous key is not the current key', () => {
    const store = new TrustStore();
    expect(addRotation(store, rotation(A, B, T))).toBe('ok');
    expect(addRotation(store, rotation(A, C, T2))).toBe('rotation_out_of_order');
  });

  it('rejects a first rotation whose previous key is not the identity key', () => {
    expect(addRotation(new TrustStore(), rotation(B, C, T))).toBe('rotation_out_of_order');
  });

  it('rejects a rotation effective at the same time as the previous one', () => {
    const store = new TrustStore();
    expect(addRotation(store, rotation(A, B, T))).toBe('ok');
    expect(addRotation(store, rotation(B, C, T))).toBe('rotation_out_of_order');
  });

  it('rejects a rotation effective before the previous one', () => {
    const store = new TrustStore();
    expect(addRotation(store, rotation(A, B, T))).toBe('ok');
    expect(addRotation(store, rotation(B, C, '2026-02-28T23:59:59.999Z'))).toBe(
      'rotation_out_of_order',
    );
  });

  it('accepts a rotation one millisecond after the previous one', () => {
    const store = new TrustStore();
    expect(addRotation(store, rotation(A, B, T))).toBe('ok');
    expect(addRotation(store, rotation(B, C, '2026-03-01T00:00:00.001Z'))).toBe('ok');
  });

  it('rejects a rotation for a subject that is not a did:key', () => {
    const built = rotation(A, B, T, [A, B], { subject: 'did:key:z1111' });
    expect(addRotation(new TrustStore(), built)).toBe('rotation_out_of_order');
  });

  // Regression (was a bug): addRotation intends re-adding an accepted rotation to be a no-op (it returns ok when
  // the id is already in the chain), but checkKeyRotation runs first and finds `previous` is no
  // longer the chain head, so the same rotation received twice is rotation_out_of_order, unlike
  // identity documents, where re-adding the same document is ok.
  it('accepts the same rotation again', () => {
    const store = new TrustStore();
    const built = rotation(A, B, T);
    expect(addRotation(store, built)).toBe('ok');
    expect(addRotation(store, built)).toBe('ok');
  });

  // Regression (was a bug): A → B → A is accepted, but the chain then holds A twice and resolveKey finds A's first
  // span, so after the second rotation A is signature_key_rotated_out although it is current.
  it('makes a key rotated back in current again, or refuses the rotation', () => {
    const store = new TrustStore();
    expect(addRotation(store, rotation(A, B, T))).toBe('ok');
    const back = addRotation(store, rotation(B, signerNumber(1, SUBJECT), T2));
    const resolved = resolve(store, A, '2026-07-01T00:00:00Z');
    expect({ back, resolved }).not.toEqual({ back: 'ok', resolved: 'signature_key_rotated_out' });
  });
});

describe('a rotation names a key that can sign', () => {
  it('rejects an X25519 next key with signature_key_wrong_type', () => {
    const x25519 = didKeyFromPublicKey('X25519', new Uint8Array(32).fill(9));
    const built = withSignature(
      buildKeyRotation({ subject: SUBJECT, previous: A.key.did, next: x25519.did, effectiveAt: T }),
      'key-rotation',
      A,
    );
    expect(addRotation(new TrustStore(), built)).toBe('signature_key_wrong_type');
  });

  it('rejects a secp256k1 next key with signature_key_unsupported', () => {
    const secp256k1 = didKeyFromPublicKey(
      'secp256k1',
      concatBytes(Uint8Array.of(2), new Uint8Array(32).fill(9)),
    );
    const built = withSignature(
      buildKeyRotation({
        subject: SUBJECT,
        previous: A.key.did,
        next: secp256k1.did,
        effectiveAt: T,
      }),
      'key-rotation',
      A,
    );
    expect(addRotation(new TrustStore(), built)).toBe('signature_key_unsupported');
  });

  it('rejects a next key with an unknown multicodec with signature_key_unsupported', () => {
    const unknown =
      'did:key:zUC6EqYt4gfEMcsDQwfrAwhDJJMvFHKD2yYvsPapUrTojtMoQbxdhfQ9oSxg9zMFXJYe9DQt3QrpNtYxwsj8AGLipxXioLu6xe8VGehPuDdsUx8sMuLc5wB7AoQyUBjtaZ9sVcK';
    const built = withSignature(
      buildKeyRotation({ subject: SUBJECT, previous: A.key.did, next: unknown, effectiveAt: T }),
      'key-rotation',
      A,
    );
    expect(addRotation(new TrustStore(), built)).toBe('signature_key_unsupported');
  });
});

describe('a revoked key cannot name a successor (signature_key_revoked)', () => {
  function revokedStore(revokedAt: string): TrustStore {
    const store = new TrustStore([{ did: AUTHORITY.key.did, roles: ['revocation-authority'] }]);
    const list = withSignature(
      buildRevocationList({
        issuer: AUTHORITY.key.did,
        sequence: 1,
        issuedAt: revokedAt,
        entries: [{ key: A.key.did, revokedAt, reason: 'compromised' }],
      }),
      'revocation-list',
      AUTHORITY,
    );
    if (!store.addRevocationList(json(list)).ok) throw new Error('revocation refused');
    return store;
  }

  it('rejects a rotation effective after the previous key was revoked', () => {
    expect(addRotation(revokedStore('2026-02-01T00:00:00Z'), rotation(A, B, T))).toBe(
      'signature_key_revoked',
    );
  });

  it('rejects a rotation effective at the moment of revocation', () => {
    expect(addRotation(revokedStore(T), rotation(A, B, T))).toBe('signature_key_revoked');
  });

  it('accepts a rotation effective before the revocation, in either arrival order', () => {
    // Revoking the superseded key later must not undo the rotation, whichever document a
    // verifier receives first; otherwise two verifiers would disagree about the identity's key.
    expect(addRotation(revokedStore('2026-04-01T00:00:00Z'), rotation(A, B, T))).toBe('ok');
    const store = new TrustStore([{ did: AUTHORITY.key.did, roles: ['revocation-authority'] }]);
    expect(addRotation(store, rotation(A, B, T))).toBe('ok');
  });
});

describe('the schema and id of a rotation', () => {
  const base = rotation(A, B, T);

  it.each([
    ['version 2', { v: 2 }],
    ['another kind', { kind: 'rotation' }],
    ['an extra member', { reason: 'lost' }],
    ['a previous that is not a did:key', { previous: 'key-a' }],
    ['a next that is not a did:key', { next: 'did:web:example.com' }],
    ['effectiveAt without Z', { effectiveAt: '2026-03-01T00:00:00' }],
    ['effectiveAt with four fractional digits', { effectiveAt: '2026-03-01T00:00:00.0001Z' }],
    ['signatures that are not an array', { signatures: base.signatures[0] }],
  ])('rejects %s with rotation_schema_invalid', (_name, change) => {
    expect(addRotation(new TrustStore(), { ...base, ...change })).toBe('rotation_schema_invalid');
  });

  it('rejects a rotation changed after signing with rotation_id_mismatch', () => {
    expect(addRotation(new TrustStore(), { ...base, effectiveAt: T2 })).toBe(
      'rotation_id_mismatch',
    );
    expect(addRotation(new TrustStore(), { ...base, id: contentId({}) })).toBe(
      'rotation_id_mismatch',
    );
  });

  // Regression (was a bug): effectiveAt '2026-02-30T00:00:00Z' matches TIMESTAMP_PATTERN; parseTimestamp gives
  // undefined and every comparison with it is false, so the rotation is accepted, passes the
  // ordering and revocation checks, and leaves both keys valid at every time (A is never rotated
  // out, B is never "not yet valid"). encoding.md: "Impossible dates (2026-02-30) are rejected".
  it('rejects a rotation effective on an impossible date', () => {
    const store = new TrustStore();
    expect(addRotation(store, rotation(A, B, '2026-02-30T00:00:00Z'))).toBe(
      'rotation_schema_invalid',
    );
    expect(resolve(store, B, '2020-01-01T00:00:00Z')).toBe('signature_key_unknown');
  });
});

describe('which key was valid when, after A → B at T and B → C at T2', () => {
  const store = twiceRotated();

  it.each([
    ['A', '2026-02-28T23:59:59.999Z', 'ok'],
    ['A', '2000-01-01T00:00:00Z', 'ok'],
    ['A', T, 'signature_key_rotated_out'],
    ['A', '2026-04-01T00:00:00Z', 'signature_key_rotated_out'],
    ['A', '2026-07-01T00:00:00Z', 'signature_key_rotated_out'],
    ['B', '2026-02-28T23:59:59.999Z', 'signature_key_not_yet_valid'],
    ['B', T, 'ok'],
    ['B', '2026-05-31T23:59:59.999Z', 'ok'],
    ['B', T2, 'signature_key_rotated_out'],
    ['C', '2026-04-01T00:00:00Z', 'signature_key_not_yet_valid'],
    ['C', T2, 'ok'],
    ['C', '2030-01-01T00:00:00Z', 'ok'],
  ])('key %s at %s is %s', (name, time, code) => {
    const signer = { A, B, C }[name as 'A' | 'B' | 'C'];
    expect(resolve(store, signer, time)).toBe(code);
  });

  it('does not know a key that never belonged to the identity', () => {
    expect(resolve(store, signerNumber(34), '2026-04-01T00:00:00Z')).toBe('signature_key_unknown');
  });

  it('does not lend the identity keys to another identity', () => {
    const reference = { identity: signerNumber(35).key.did, key: B.key };
    expect(outcome(store.resolveKey(reference, at('2026-04-01T00:00:00Z')))).toBe(
      'signature_key_unknown',
    );
  });

  it('verifies objects dated in each span with the key of that span only', () => {
    const id = contentId({ some: 'proof' });
    const spans: [string, Signer][] = [
      ['2026-02-01T00:00:00Z', A],
      ['2026-04-01T00:00:00Z', B],
      ['2026-07-01T00:00:00Z', C],
    ];
    for (const [time, current] of spans) {
      for (const signer of [A, B, C]) {
        const entry = signatureEntry(signer, signingInput('proof', id));
        const result = store.verifySignatures([entry], 'proof', id, at(time));
        if (signer === current) {
          expect(result).toEqual({ ok: true, value: new Set([SUBJECT]) });
        } else {
          expect(result.ok).toBe(false);
        }
      }
    }
  });
});

describe('an identity rotates at most ROTATIONS_PER_IDENTITY_MAX times', () => {
  it('accepts that many rotations and refuses the next with rotation_chain_too_long', () => {
    const store = new TrustStore();
    let current: Signer = A;
    const start = at('2026-01-01T00:00:00Z');
    for (let n = 1; n <= ROTATIONS_PER_IDENTITY_MAX + 1; n++) {
      const seed = new Uint8Array(32);
      new DataView(seed.buffer).setUint32(0, n + 1000);
      const next = ed25519SignerFromSeed(seed, SUBJECT);
      const code = addRotation(store, rotation(current, next, formatTimestamp(start + n * 60_000)));
      expect(code).toBe(n <= ROTATIONS_PER_IDENTITY_MAX ? 'ok' : 'rotation_chain_too_long');
      if (code === 'ok') current = next;
    }
    expect(store.keyChain(SUBJECT)).toHaveLength(ROTATIONS_PER_IDENTITY_MAX + 1);
  });
});
