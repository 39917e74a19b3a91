import { describe, expect, it } from 'vitest';
import { AUTHORITY, DEVICE, HARDWARE_ROOT, ISSUER, signerNumber } from '../../test/fixtures.js';
import { withSignature } from '../crypto/signed-object.js';
import type { Signer } from '../crypto/signer.js';
import type { JsonValue } from '../json/strict-json.js';
import type { Result } from '../result.js';
import {
  buildIdentityDocument,
  checkIdentityDocument,
  type IdentityDocumentFields,
} from './identity-document.js';
import type { IdentityDocument } from './identity-schemas.js';
import { buildKeyRotation } from './key-rotation.js';
import { buildRevocationList } from './revocation-list.js';
import { type TrustAnchor, TrustStore } from './trust-store.js';

const ROOT_ANCHOR: TrustAnchor = { did: HARDWARE_ROOT.key.did, roles: ['hardware-root'] };
const DIGEST = `sha256:${'cd'.repeat(32)}`;

function outcome(result: Result<unknown>): string {
  return result.ok ? 'ok' : result.error.code;
}

function json(value: unknown): JsonValue {
  return value as JsonValue;
}

function at(text: string): number {
  return Date.parse(text);
}

function fields(overrides: Partial<IdentityDocumentFields> = {}): IdentityDocumentFields {
  return {
    subject: DEVICE.key.did,
    role: 'device',
    attestation: { level: 'software' },
    issuedAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

function signed(
  overrides: Partial<IdentityDocumentFields>,
  signers: readonly Signer[],
): IdentityDocument {
  let document = buildIdentityDocument(fields(overrides));
  for (const signer of signers) document = withSignature(document, 'identity', signer);
  return document;
}

function add(store: TrustStore, document: unknown): string {
  return outcome(store.addIdentity(json(document)));
}

describe('a software identity document', () => {
  it('is accepted when signed by its subject, and the store then holds it', () => {
    const store = new TrustStore();
    const document = signed({}, [DEVICE]);
    expect(store.addIdentity(json(document))).toEqual({ ok: true, value: document });
    expect(store.identity(DEVICE.key.did)).toEqual(document);
  });

  it('is accepted with every optional field', () => {
    const document = signed(
      {
        name: 'meter 7',
        attestation: { level: 'software', evidence: DIGEST },
        calibration: {
          certificate: DIGEST,
          issuer: AUTHORITY.key.did,
          validUntil: '2027-01-01T00:00:00Z',
        },
        validUntil: '2027-01-01T00:00:00Z',
      },
      [DEVICE],
    );
    expect(add(new TrustStore(), document)).toBe('ok');
  });

  it.each([
    'node',
    'device',
    'person',
    'organization',
    'coordinator',
    'federation',
    'log',
  ] as const)('is accepted with role %s', (role) => {
    expect(add(new TrustStore(), signed({ role }, [DEVICE]))).toBe('ok');
  });

  it('is accepted with extra signatures besides the subject', () => {
    expect(add(new TrustStore(), signed({}, [ISSUER, DEVICE]))).toBe('ok');
  });

  it('can be checked without being added', () => {
    const store = new TrustStore();
    expect(outcome(checkIdentityDocument(json(signed({}, [DEVICE])), store))).toBe('ok');
    expect(store.identity(DEVICE.key.did)).toBeUndefined();
  });
});

describe('the subject must sign (identity_subject_signature_missing)', () => {
  it('rejects a document signed only by someone else', () => {
    expect(add(new TrustStore(), signed({}, [ISSUER]))).toBe('identity_subject_signature_missing');
  });

  it('rejects a document signed by a hardware root but not the subject', () => {
    const store = new TrustStore([ROOT_ANCHOR]);
    const document = signed({ attestation: { level: 'tpm', root: HARDWARE_ROOT.key.did } }, [
      HARDWARE_ROOT,
    ]);
    expect(add(store, document)).toBe('identity_subject_signature_missing');
  });

  it('rejects a document with no signatures as signature_missing', () => {
    expect(add(new TrustStore(), signed({}, []))).toBe('signature_missing');
  });

  it('rejects a subject signature made for another kind of object', () => {
    const document = buildIdentityDocument(fields());
    const forProof = withSignature(document, 'proof', DEVICE);
    expect(add(new TrustStore(), forProof)).toBe('signature_invalid');
  });

  it('rejects a subject signature under a kid naming another identity', () => {
    // The key is the subject's, but the kid claims it speaks for ISSUER: that is ISSUER's unknown key.
    const document = withSignature(
      buildIdentityDocument(fields()),
      'identity',
      signerNumber(2, ISSUER.key.did),
    );
    expect(add(new TrustStore(), document)).toBe('signature_key_unknown');
  });
});

describe('hardware attestation levels need a trusted hardware root that signed (K1)', () => {
  it.each(['tpm', 'secure-enclave'] as const)(
    'accepts a %s identity signed by a trusted hardware root',
    (level) => {
      const store = new TrustStore([ROOT_ANCHOR]);
      const document = signed({ attestation: { level, root: HARDWARE_ROOT.key.did } }, [
        DEVICE,
        HARDWARE_ROOT,
      ]);
      expect(add(store, document)).toBe('ok');
    },
  );

  it('rejects a tpm identity that names no root', () => {
    const store = new TrustStore([ROOT_ANCHOR]);
    const document = signed({ attestation: { level: 'tpm' } }, [DEVICE, HARDWARE_ROOT]);
    expect(add(store, document)).toBe('identity_attestation_unrooted');
  });

  it('rejects a tpm identity whose root signed but is not an anchor', () => {
    const store = new TrustStore();
    const document = signed({ attestation: { level: 'tpm', root: HARDWARE_ROOT.key.did } }, [
      DEVICE,
      HARDWARE_ROOT,
    ]);
    expect(add(store, document)).toBe('identity_attestation_unrooted');
  });

  it('rejects a tpm identity whose root is anchored only as a revocation authority', () => {
    const store = new TrustStore([{ did: HARDWARE_ROOT.key.did, roles: ['revocation-authority'] }]);
    const document = signed({ attestation: { level: 'tpm', root: HARDWARE_ROOT.key.did } }, [
      DEVICE,
      HARDWARE_ROOT,
    ]);
    expect(add(store, document)).toBe('identity_attestation_unrooted');
  });

  it('rejects a tpm identity whose trusted root did not sign', () => {
    const store = new TrustStore([ROOT_ANCHOR]);
    const document = signed({ attestation: { level: 'tpm', root: HARDWARE_ROOT.key.did } }, [
      DEVICE,
    ]);
    expect(add(store, document)).toBe('identity_attestation_unrooted');
  });

  it('rejects a secure-enclave identity signed by another trusted root than the one it names', () => {
    const otherRoot = signerNumber(6);
    const store = new TrustStore([
      ROOT_ANCHOR,
      { did: otherRoot.key.did, roles: ['hardware-root'] },
    ]);
    const document = signed(
      { attestation: { level: 'secure-enclave', root: HARDWARE_ROOT.key.did } },
      [DEVICE, otherRoot],
    );
    expect(add(store, document)).toBe('identity_attestation_unrooted');
  });

  it('rejects a tpm identity whose root signature is bad, with the signature error', () => {
    const store = new TrustStore([ROOT_ANCHOR]);
    const document = signed({ attestation: { level: 'tpm', root: HARDWARE_ROOT.key.did } }, [
      DEVICE,
      HARDWARE_ROOT,
    ]);
    const [subject, root] = document.signatures;
    const forged = { ...document, signatures: [subject, { ...root!, sig: subject!.sig }] };
    expect(add(store, forged)).toBe('signature_invalid');
  });

  it('accepts a software identity that names a root nobody trusts (it only declares its level)', () => {
    const document = signed({ attestation: { level: 'software', root: HARDWARE_ROOT.key.did } }, [
      DEVICE,
    ]);
    expect(add(new TrustStore(), document)).toBe('ok');
  });
});

describe('the id must be the content id of the body (identity_id_mismatch)', () => {
  it('rejects a document changed after it was signed', () => {
    const document = signed({ name: 'meter 7' }, [DEVICE]);
    expect(add(new TrustStore(), { ...document, name: 'meter 8' })).toBe('identity_id_mismatch');
    expect(add(new TrustStore(), { ...document, role: 'node' })).toBe('identity_id_mismatch');
    expect(add(new TrustStore(), { ...document, validUntil: '2030-01-01T00:00:00Z' })).toBe(
      'identity_id_mismatch',
    );
  });

  it('rejects a document whose id was replaced', () => {
    const document = signed({}, [DEVICE]);
    expect(add(new TrustStore(), { ...document, id: `sha256:${'00'.repeat(32)}` })).toBe(
      'identity_id_mismatch',
    );
  });

  it('ignores member order: a reordered document keeps its id', () => {
    const document = signed({ name: 'x' }, [DEVICE]);
    const reordered = Object.fromEntries(Object.entries(document).reverse());
    expect(add(new TrustStore(), reordered)).toBe('ok');
  });
});

describe('the document must match identity-v1.json (identity_schema_invalid)', () => {
  const base = signed({}, [DEVICE]);
  it.each([
    ['version 2', { v: 2 }],
    ['another kind', { kind: 'identity-document' }],
    ['an unknown role', { role: 'admin' }],
    ['an unknown attestation level', { attestation: { level: 'hsm' } }],
    ['an extra attestation member', { attestation: { level: 'software', vendor: 'x' } }],
    ['an extra member', { extra: true }],
    ['a subject that is not a did:key', { subject: 'did:web:example.com' }],
    ['a root that is not a did:key', { attestation: { level: 'tpm', root: 'root' } }],
    [
      'evidence that is not a content id',
      { attestation: { level: 'software', evidence: 'sha1:00' } },
    ],
    ['issuedAt with an offset', { issuedAt: '2026-01-01T01:00:00+01:00' }],
    ['issuedAt without Z', { issuedAt: '2026-01-01T00:00:00' }],
    ['validUntil as a number', { validUntil: 1_800_000_000_000 }],
    [
      'a calibration without issuer',
      { calibration: { certificate: DIGEST, validUntil: '2027-01-01T00:00:00Z' } },
    ],
    ['an empty-object signature', { signatures: [{}] }],
    ['a signature with an unknown alg', { signatures: [{ ...base.signatures[0]!, alg: 'RS256' }] }],
  ])('rejects %s', (_name, change) => {
    expect(add(new TrustStore(), { ...base, ...change })).toBe('identity_schema_invalid');
  });

  it.each([
    ['v'],
    ['kind'],
    ['id'],
    ['subject'],
    ['role'],
    ['attestation'],
    ['issuedAt'],
    ['signatures'],
  ])('rejects a document without %s', (member) => {
    const copy: Record<string, unknown> = { ...base };
    delete copy[member];
    expect(add(new TrustStore(), copy)).toBe('identity_schema_invalid');
  });

  it('rejects values that are not objects', () => {
    for (const value of [null, 1, 'identity', [base]]) {
      expect(add(new TrustStore(), value)).toBe('identity_schema_invalid');
    }
  });

  it('rejects a signed document issued on an impossible date, pointing at issuedAt', () => {
    const document = signed({ issuedAt: '2026-02-30T00:00:00Z' }, [DEVICE]);
    expect(new TrustStore().addIdentity(json(document))).toMatchObject({
      ok: false,
      error: { code: 'identity_schema_invalid', path: '/issuedAt' },
    });
  });

  // Regression (was a bug): validUntil '2026-02-30T00:00:00Z' matches TIMESTAMP_PATTERN, so the document is accepted;
  // resolveKey then computes parseTimestamp(validUntil)! = undefined and `atMs >= undefined` is
  // false, so the identity never expires. encoding.md: "Impossible dates are rejected".
  it('rejects validUntil on an impossible date', () => {
    const document = signed({ validUntil: '2026-02-30T00:00:00Z' }, [DEVICE]);
    expect(add(new TrustStore(), document)).toBe('identity_schema_invalid');
  });
});

describe('one identity document per subject: newer replaces, older conflicts', () => {
  const first = signed({ name: 'first', issuedAt: '2026-01-01T00:00:00Z' }, [DEVICE]);

  it('accepts the same document again', () => {
    const store = new TrustStore();
    expect(add(store, first)).toBe('ok');
    expect(add(store, first)).toBe('ok');
    expect(store.identity(DEVICE.key.did)).toEqual(first);
  });

  it('replaces a document with a newer one', () => {
    const store = new TrustStore();
    const newer = signed({ name: 'second', issuedAt: '2026-01-01T00:00:00.001Z' }, [DEVICE]);
    expect(add(store, first)).toBe('ok');
    expect(add(store, newer)).toBe('ok');
    expect(store.identity(DEVICE.key.did)).toEqual(newer);
  });

  it('rejects an older different document with identity_conflict and keeps the newer', () => {
    const store = new TrustStore();
    const older = signed({ name: 'older', issuedAt: '2025-12-31T23:59:59.999Z' }, [DEVICE]);
    expect(add(store, first)).toBe('ok');
    expect(add(store, older)).toBe('identity_conflict');
    expect(store.identity(DEVICE.key.did)).toEqual(first);
  });

  it('rejects an equally old different document with identity_conflict', () => {
    const store = new TrustStore();
    const twin = signed({ name: 'twin', issuedAt: first.issuedAt }, [DEVICE]);
    expect(add(store, first)).toBe('ok');
    expect(add(store, twin)).toBe('identity_conflict');
    expect(store.identity(DEVICE.key.did)).toEqual(first);
  });

  it('keeps documents of different subjects apart', () => {
    const store = new TrustStore();
    const other = signed({ subject: ISSUER.key.did, issuedAt: '2025-01-01T00:00:00Z' }, [ISSUER]);
    expect(add(store, first)).toBe('ok');
    expect(add(store, other)).toBe('ok');
    expect(store.identity(ISSUER.key.did)).toEqual(other);
  });

  // Regression (was a bug): the subject's signature on a renewal is checked with resolveKey at the new issuedAt,
  // and resolveKey applies the validUntil of the document being replaced. So once a document
  // expires no newer one can ever be added (signature_key_expired), although identity.md says
  // "A newer document (later issuedAt) for the same subject replaces the older one".
  it('accepts a newer document issued after the old one expired (renewal)', () => {
    const store = new TrustStore();
    const expiring = signed(
      { issuedAt: '2026-01-01T00:00:00Z', validUntil: '2026-06-01T00:00:00Z' },
      [DEVICE],
    );
    const renewal = signed(
      { issuedAt: '2026-07-01T00:00:00Z', validUntil: '2027-06-01T00:00:00Z' },
      [DEVICE],
    );
    expect(add(store, expiring)).toBe('ok');
    expect(add(store, renewal)).toBe('ok');
  });

  it('accepts a renewal issued before the old document expires', () => {
    const store = new TrustStore();
    const expiring = signed(
      { issuedAt: '2026-01-01T00:00:00Z', validUntil: '2026-06-01T00:00:00Z' },
      [DEVICE],
    );
    const renewal = signed(
      { issuedAt: '2026-05-31T00:00:00Z', validUntil: '2027-06-01T00:00:00Z' },
      [DEVICE],
    );
    expect(add(store, expiring)).toBe('ok');
    expect(add(store, renewal)).toBe('ok');
    const reference = { identity: DEVICE.key.did, key: DEVICE.key };
    expect(outcome(store.resolveKey(reference, at('2026-12-01T00:00:00Z')))).toBe('ok');
  });
});

describe('validUntil bounds the identity key (signature_key_expired)', () => {
  const store = new TrustStore();
  store.addIdentity(json(signed({ validUntil: '2026-06-01T00:00:00Z' }, [DEVICE])));
  const reference = { identity: DEVICE.key.did, key: DEVICE.key };

  it.each([
    ['2026-05-31T23:59:59.999Z', 'ok'],
    ['2026-06-01T00:00:00Z', 'signature_key_expired'],
    ['2026-06-01T00:00:00.001Z', 'signature_key_expired'],
    ['2030-01-01T00:00:00Z', 'signature_key_expired'],
    ['2020-01-01T00:00:00Z', 'ok'],
  ])('a signature dated %s is %s', (time, code) => {
    expect(outcome(store.resolveKey(reference, at(time)))).toBe(code);
  });

  it('does not expire other identities', () => {
    const other = { identity: ISSUER.key.did, key: ISSUER.key };
    expect(outcome(store.resolveKey(other, at('2030-01-01T00:00:00Z')))).toBe('ok');
  });
});

describe('the subject signs with the key it holds at issuedAt', () => {
  const rotated = signerNumber(20, DEVICE.key.did);
  function rotatedStore(): TrustStore {
    const store = new TrustStore([{ did: AUTHORITY.key.did, roles: ['revocation-authority'] }]);
    let rotation = buildKeyRotation({
      subject: DEVICE.key.did,
      previous: DEVICE.key.did,
      next: rotated.key.did,
      effectiveAt: '2026-03-01T00:00:00Z',
    });
    rotation = withSignature(
      withSignature(rotation, 'key-rotation', DEVICE),
      'key-rotation',
      rotated,
    );
    if (!store.addRotation(json(rotation)).ok) throw new Error('rotation refused');
    return store;
  }

  it('accepts a document issued after a rotation and signed by the new key', () => {
    const document = signed({ issuedAt: '2026-04-01T00:00:00Z' }, [rotated]);
    expect(add(rotatedStore(), document)).toBe('ok');
  });

  it('rejects a document issued after a rotation and signed by the old key', () => {
    const document = signed({ issuedAt: '2026-04-01T00:00:00Z' }, [DEVICE]);
    expect(add(rotatedStore(), document)).toBe('signature_key_rotated_out');
  });

  it('rejects a document issued before a rotation and signed by the new key', () => {
    const document = signed({ issuedAt: '2026-02-01T00:00:00Z' }, [rotated]);
    expect(add(rotatedStore(), document)).toBe('signature_key_not_yet_valid');
  });

  it('rejects a document signed by a key revoked before issuedAt', () => {
    const store = rotatedStore();
    const list = withSignature(
      buildRevocationList({
        issuer: AUTHORITY.key.did,
        sequence: 1,
        issuedAt: '2026-05-01T00:00:00Z',
        entries: [
          { key: rotated.key.did, revokedAt: '2026-05-01T00:00:00Z', reason: 'compromised' },
        ],
      }),
      'revocation-list',
      AUTHORITY,
    );
    expect(outcome(store.addRevocationList(json(list)))).toBe('ok');
    expect(add(store, signed({ issuedAt: '2026-06-01T00:00:00Z' }, [rotated]))).toBe(
      'signature_key_revoked',
    );
    expect(add(store, signed({ issuedAt: '2026-04-30T00:00:00Z' }, [rotated]))).toBe('ok');
  });
});
