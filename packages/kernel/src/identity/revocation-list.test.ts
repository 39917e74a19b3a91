import { describe, expect, it } from 'vitest';
import { AUTHORITY, DEVICE, HARDWARE_ROOT, ISSUER, signerNumber } from '../../test/fixtures.js';
import { contentId } from '../crypto/content-id.js';
import { signingInput } from '../crypto/signature.js';
import { withSignature } from '../crypto/signed-object.js';
import { type Signer, signatureEntry } from '../crypto/signer.js';
import type { JsonValue } from '../json/strict-json.js';
import type { Result } from '../result.js';
import type { RevocationList } from './identity-schemas.js';
import { buildKeyRotation } from './key-rotation.js';
import {
  buildRevocationList,
  checkRevocationList,
  type RevocationListFields,
} from './revocation-list.js';
import { TrustStore } from './trust-store.js';

type Entry = RevocationListFields['entries'][number];

function outcome(result: Result<unknown>): string {
  return result.ok ? 'ok' : result.error.code;
}

function json(value: unknown): JsonValue {
  return value as JsonValue;
}

function at(text: string): number {
  return Date.parse(text);
}

function entry(key: Signer, revokedAt: string, reason: Entry['reason'] = 'compromised'): Entry {
  return { key: key.key.did, revokedAt, reason };
}

function list(
  issuer: Signer,
  sequence: number,
  entries: readonly Entry[],
  issuedAt = '2026-05-01T00:00:00Z',
  signers: readonly Signer[] = [issuer],
): RevocationList {
  let built = buildRevocationList({
    issuer: issuer.key.did,
    sequence,
    issuedAt,
    entries: [...entries],
  });
  for (const signer of signers) built = withSignature(built, 'revocation-list', signer);
  return built;
}

function storeWithAuthority(): TrustStore {
  return new TrustStore([{ did: AUTHORITY.key.did, roles: ['revocation-authority'] }]);
}

function add(store: TrustStore, value: unknown): string {
  return outcome(store.addRevocationList(json(value)));
}

function resolve(
  store: TrustStore,
  signer: Signer,
  time: string,
  identity = signer.key.did,
): string {
  return outcome(store.resolveKey({ identity, key: signer.key }, at(time)));
}

describe('who may revoke a key', () => {
  it('a trusted revocation authority may revoke any key', () => {
    const store = storeWithAuthority();
    const revoked = list(AUTHORITY, 1, [
      entry(DEVICE, '2026-04-01T00:00:00Z'),
      entry(ISSUER, '2026-04-02T00:00:00Z'),
    ]);
    expect(store.addRevocationList(json(revoked))).toEqual({ ok: true, value: revoked });
    expect(store.keyRevokedAt(DEVICE.key)).toBe(at('2026-04-01T00:00:00Z'));
    expect(store.keyRevokedAt(ISSUER.key)).toBe(at('2026-04-02T00:00:00Z'));
  });

  it('an identity may revoke its own key', () => {
    const store = new TrustStore();
    expect(add(store, list(DEVICE, 1, [entry(DEVICE, '2026-04-01T00:00:00Z')]))).toBe('ok');
    expect(store.keyRevokedAt(DEVICE.key)).toBe(at('2026-04-01T00:00:00Z'));
  });

  it('an issuer that is not a revocation authority may not revoke a foreign key', () => {
    const store = storeWithAuthority();
    expect(add(store, list(ISSUER, 1, [entry(DEVICE, '2026-04-01T00:00:00Z')]))).toBe(
      'revocation_issuer_untrusted',
    );
    expect(store.keyRevokedAt(DEVICE.key)).toBeUndefined();
  });

  it('one foreign entry spoils a list that also revokes the issuer\u2019s own key', () => {
    const own = entry(DEVICE, '2026-04-01T00:00:00Z');
    expect(
      add(new TrustStore(), list(DEVICE, 1, [own, entry(ISSUER, '2026-04-01T00:00:00Z')])),
    ).toBe('revocation_issuer_untrusted');
  });

  it('a hardware root is not a revocation authority', () => {
    const store = new TrustStore([{ did: HARDWARE_ROOT.key.did, roles: ['hardware-root'] }]);
    expect(add(store, list(HARDWARE_ROOT, 1, [entry(DEVICE, '2026-04-01T00:00:00Z')]))).toBe(
      'revocation_issuer_untrusted',
    );
  });

  it('an authority must itself sign its list', () => {
    const store = storeWithAuthority();
    const unsigned = list(AUTHORITY, 1, [entry(DEVICE, '2026-04-01T00:00:00Z')], undefined, [
      DEVICE,
    ]);
    expect(add(store, unsigned)).toBe('revocation_issuer_untrusted');
  });

  it('a list with no signatures is signature_missing', () => {
    expect(add(storeWithAuthority(), list(AUTHORITY, 1, [], undefined, []))).toBe(
      'signature_missing',
    );
  });

  it('a list signed for another kind of object is signature_invalid', () => {
    const built = list(AUTHORITY, 1, [entry(DEVICE, '2026-04-01T00:00:00Z')], undefined, []);
    const forged = {
      ...built,
      signatures: [signatureEntry(AUTHORITY, signingInput('proof', built.id))],
    };
    expect(add(storeWithAuthority(), forged)).toBe('signature_invalid');
  });

  it('an issuer whose own key was revoked before issuedAt cannot sign a list', () => {
    const store = storeWithAuthority();
    expect(add(store, list(AUTHORITY, 1, [entry(DEVICE, '2026-03-01T00:00:00Z')]))).toBe('ok');
    const late = list(DEVICE, 1, [entry(DEVICE, '2026-02-01T00:00:00Z')], '2026-04-01T00:00:00Z');
    expect(add(store, late)).toBe('signature_key_revoked');
  });
});

describe('an identity revokes only keys it had taken up by issuedAt', () => {
  // DEVICE's identity rotates from its own key to NEXT at ROTATED.
  const NEXT = signerNumber(40, DEVICE.key.did);
  const ROTATED = '2026-03-01T00:00:00Z';

  function rotatedStore(): TrustStore {
    const store = new TrustStore();
    let rotation = buildKeyRotation({
      subject: DEVICE.key.did,
      previous: DEVICE.key.did,
      next: NEXT.key.did,
      effectiveAt: ROTATED,
    });
    rotation = withSignature(withSignature(rotation, 'key-rotation', DEVICE), 'key-rotation', NEXT);
    if (!store.addRotation(json(rotation)).ok) throw new Error('rotation refused');
    return store;
  }

  it('names the identity as issuer, not the DID of the rotated-in key that signs', () => {
    const store = rotatedStore();
    const asKey = list(NEXT, 1, [entry(DEVICE, '2026-02-01T00:00:00Z')], '2026-04-01T00:00:00Z');
    expect(add(store, asKey)).toBe('revocation_issuer_untrusted');
  });

  it('may revoke the key it rotated away from, signing with its current key', () => {
    const store = rotatedStore();
    const byIdentity = buildRevocationList({
      issuer: DEVICE.key.did,
      sequence: 1,
      issuedAt: '2026-04-01T00:00:00Z',
      entries: [entry(DEVICE, '2026-02-01T00:00:00Z', 'superseded')],
    });
    expect(add(store, withSignature(byIdentity, 'revocation-list', NEXT))).toBe('ok');
  });

  it('may revoke its current key once it has taken it up', () => {
    const store = rotatedStore();
    const built = buildRevocationList({
      issuer: DEVICE.key.did,
      sequence: 1,
      issuedAt: ROTATED,
      entries: [{ key: NEXT.key.did, revokedAt: ROTATED, reason: 'retired' }],
    });
    expect(add(store, withSignature(built, 'revocation-list', NEXT))).toBe('ok');
  });

  it('may not revoke a key it takes up only after issuedAt', () => {
    const store = rotatedStore();
    const built = buildRevocationList({
      issuer: DEVICE.key.did,
      sequence: 1,
      issuedAt: '2026-02-28T23:59:59.999Z',
      entries: [{ key: NEXT.key.did, revokedAt: '2026-02-28T00:00:00Z', reason: 'compromised' }],
    });
    expect(add(store, withSignature(built, 'revocation-list', DEVICE))).toBe(
      'revocation_issuer_untrusted',
    );
  });
});

describe('each issuer\u2019s sequence must grow (revocation_sequence_stale)', () => {
  it('rejects an equal sequence, also for the very same list', () => {
    const store = storeWithAuthority();
    const first = list(AUTHORITY, 5, [entry(DEVICE, '2026-04-01T00:00:00Z')]);
    expect(add(store, first)).toBe('ok');
    expect(add(store, first)).toBe('revocation_sequence_stale');
    expect(add(store, list(AUTHORITY, 5, [entry(ISSUER, '2026-04-01T00:00:00Z')]))).toBe(
      'revocation_sequence_stale',
    );
    expect(store.keyRevokedAt(ISSUER.key)).toBeUndefined();
  });

  it('rejects a lower sequence', () => {
    const store = storeWithAuthority();
    expect(add(store, list(AUTHORITY, 5, []))).toBe('ok');
    expect(add(store, list(AUTHORITY, 4, [entry(ISSUER, '2026-04-01T00:00:00Z')]))).toBe(
      'revocation_sequence_stale',
    );
    expect(add(store, list(AUTHORITY, 0, []))).toBe('revocation_sequence_stale');
  });

  it('accepts a higher sequence, also with gaps', () => {
    const store = storeWithAuthority();
    expect(add(store, list(AUTHORITY, 0, []))).toBe('ok');
    expect(add(store, list(AUTHORITY, 1, []))).toBe('ok');
    expect(add(store, list(AUTHORITY, 10, []))).toBe('ok');
  });

  it('counts sequences per issuer', () => {
    const store = storeWithAuthority();
    expect(add(store, list(AUTHORITY, 7, []))).toBe('ok');
    expect(add(store, list(DEVICE, 1, [entry(DEVICE, '2026-04-01T00:00:00Z')]))).toBe('ok');
    expect(add(store, list(ISSUER, 1, []))).toBe('ok');
  });

  it('does not consume a sequence number with a list it rejects', () => {
    const store = storeWithAuthority();
    expect(add(store, list(ISSUER, 1, [entry(DEVICE, '2026-04-01T00:00:00Z')]))).toBe(
      'revocation_issuer_untrusted',
    );
    expect(add(store, list(ISSUER, 1, [entry(ISSUER, '2026-04-01T00:00:00Z')]))).toBe('ok');
  });
});

describe('revocations are permanent', () => {
  it('a later list with a later revokedAt does not move the time later', () => {
    const store = storeWithAuthority();
    expect(add(store, list(AUTHORITY, 1, [entry(DEVICE, '2026-04-01T00:00:00Z')]))).toBe('ok');
    expect(add(store, list(AUTHORITY, 2, [entry(DEVICE, '2026-04-20T00:00:00Z')]))).toBe('ok');
    expect(store.keyRevokedAt(DEVICE.key)).toBe(at('2026-04-01T00:00:00Z'));
    expect(resolve(store, DEVICE, '2026-04-10T00:00:00Z')).toBe('signature_key_revoked');
  });

  it('a later list with an earlier revokedAt moves the time earlier', () => {
    const store = storeWithAuthority();
    expect(add(store, list(AUTHORITY, 1, [entry(DEVICE, '2026-04-20T00:00:00Z')]))).toBe('ok');
    expect(add(store, list(AUTHORITY, 2, [entry(DEVICE, '2026-04-01T00:00:00Z')]))).toBe('ok');
    expect(store.keyRevokedAt(DEVICE.key)).toBe(at('2026-04-01T00:00:00Z'));
    expect(resolve(store, DEVICE, '2026-04-10T00:00:00Z')).toBe('signature_key_revoked');
  });

  it('a later list that leaves the key out does not undo its revocation', () => {
    const store = storeWithAuthority();
    expect(add(store, list(AUTHORITY, 1, [entry(DEVICE, '2026-04-01T00:00:00Z')]))).toBe('ok');
    expect(add(store, list(AUTHORITY, 2, [entry(ISSUER, '2026-04-01T00:00:00Z')]))).toBe('ok');
    expect(store.keyRevokedAt(DEVICE.key)).toBe(at('2026-04-01T00:00:00Z'));
  });

  it('the earliest of two issuers\u2019 revocations counts', () => {
    const store = storeWithAuthority();
    expect(add(store, list(DEVICE, 1, [entry(DEVICE, '2026-04-05T00:00:00Z')]))).toBe('ok');
    expect(add(store, list(AUTHORITY, 1, [entry(DEVICE, '2026-04-10T00:00:00Z')]))).toBe('ok');
    expect(store.keyRevokedAt(DEVICE.key)).toBe(at('2026-04-05T00:00:00Z'));
  });
});

describe('a revoked key signs until revokedAt and never from then on', () => {
  const store = storeWithAuthority();
  store.addRevocationList(json(list(AUTHORITY, 1, [entry(DEVICE, '2026-04-01T00:00:00Z')])));

  it.each([
    ['2026-03-31T23:59:59.999Z', 'ok'],
    ['2026-04-01T00:00:00Z', 'signature_key_revoked'],
    ['2026-04-01T00:00:00.001Z', 'signature_key_revoked'],
    ['2027-01-01T00:00:00Z', 'signature_key_revoked'],
  ])('a signature dated %s is %s', (time, code) => {
    expect(resolve(store, DEVICE, time)).toBe(code);
    const id = contentId({ dated: time });
    const signature = signatureEntry(DEVICE, signingInput('proof', id));
    expect(outcome(store.verifySignatures([signature], 'proof', id, at(time)))).toBe(code);
  });

  it('leaves other keys alone', () => {
    expect(resolve(store, ISSUER, '2027-01-01T00:00:00Z')).toBe('ok');
  });
});

describe('the schema and id of a revocation list', () => {
  const base = list(AUTHORITY, 1, [entry(DEVICE, '2026-04-01T00:00:00Z')]);

  it.each([
    ['version 2', { v: 2 }],
    ['another kind', { kind: 'revocation' }],
    ['a negative sequence', { sequence: -1 }],
    ['a fractional sequence', { sequence: 1.5 }],
    ['a sequence as a string', { sequence: '1' }],
    [
      'an unknown reason',
      { entries: [{ ...entry(DEVICE, '2026-04-01T00:00:00Z'), reason: 'lost' }] },
    ],
    [
      'an entry with an extra member',
      { entries: [{ ...entry(DEVICE, '2026-04-01T00:00:00Z'), note: 'x' }] },
    ],
    [
      'an entry key that is not a did:key',
      { entries: [{ ...entry(DEVICE, '2026-04-01T00:00:00Z'), key: 'device' }] },
    ],
    [
      'revokedAt with an offset',
      {
        entries: [
          { ...entry(DEVICE, '2026-04-01T00:00:00Z'), revokedAt: '2026-04-01T02:00:00+02:00' },
        ],
      },
    ],
    ['an extra member', { note: 'x' }],
    ['an issuer that is not a did:key', { issuer: 'authority' }],
  ])('rejects %s with revocation_schema_invalid', (_name, change) => {
    expect(add(storeWithAuthority(), { ...base, ...change })).toBe('revocation_schema_invalid');
  });

  it.each(['compromised', 'superseded', 'retired', 'unspecified'] as const)(
    'accepts reason %s',
    (reason) => {
      expect(
        add(
          storeWithAuthority(),
          list(AUTHORITY, 1, [entry(DEVICE, '2026-04-01T00:00:00Z', reason)]),
        ),
      ).toBe('ok');
    },
  );

  it('rejects a list changed after signing with revocation_id_mismatch', () => {
    const later = { ...base, entries: [entry(DEVICE, '2026-09-01T00:00:00Z')] };
    expect(add(storeWithAuthority(), later)).toBe('revocation_id_mismatch');
    expect(add(storeWithAuthority(), { ...base, sequence: 2 })).toBe('revocation_id_mismatch');
    expect(add(storeWithAuthority(), { ...base, entries: [] })).toBe('revocation_id_mismatch');
  });

  it('can be checked without being added', () => {
    const store = storeWithAuthority();
    expect(outcome(checkRevocationList(json(base), store))).toBe('ok');
    expect(store.keyRevokedAt(DEVICE.key)).toBeUndefined();
  });

  // Regression (was a bug): revokedAt '2026-02-30T00:00:00Z' matches TIMESTAMP_PATTERN, so the list is accepted;
  // addRevocationList stores parseTimestamp(...)! = undefined and resolveKey treats undefined as
  // "not revoked", so the signed revocation silently does nothing.
  it('rejects a revokedAt on an impossible date instead of ignoring it', () => {
    const store = storeWithAuthority();
    const impossible = list(AUTHORITY, 1, [entry(DEVICE, '2026-02-30T00:00:00Z')]);
    expect(add(store, impossible)).toBe('revocation_schema_invalid');
  });

  // Regression (was a bug): issuedAt '2026-02-30T00:00:00Z' is accepted; signatures are then checked at time
  // undefined, where every comparison in resolveKey is false, so even a revoked or not yet
  // valid key passes.
  it('rejects an issuedAt on an impossible date', () => {
    const store = storeWithAuthority();
    expect(add(store, list(AUTHORITY, 1, [], '2026-02-30T00:00:00Z'))).toBe(
      'revocation_schema_invalid',
    );
  });
});
