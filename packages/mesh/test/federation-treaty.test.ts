/**
 * Federations and treaties: who speaks for a federation (its pack's signer), the treaty book
 * (both signatures, replays), and the gate a session crossing federations must pass.
 */
import {
  buildPolicyPack,
  buildTreaty,
  ed25519SignerFromSeed,
  type JsonValue,
  type PolicyPack,
  type Signer,
  type TreatyFields,
  TrustStore,
  withSignature,
} from '@mycel/kernel';
import { checkSessionCrossing, readFederationPacks, TreatyBook } from '@mycel/mesh';
import { describe, expect, it } from 'vitest';

const json = (value: unknown) => value as JsonValue;
const NOW = Date.parse('2027-01-10T00:00:00Z');
const signer = (seed: number): Signer => ed25519SignerFromSeed(new Uint8Array(32).fill(seed));
const ALPHA = signer(61);
const BETA = signer(62);
const MALLORY = signer(63);

function pack(federation: string, by: Signer[], version = 1): PolicyPack {
  let built: PolicyPack = buildPolicyPack({
    federation,
    version,
    issuedAt: '2026-12-01T00:00:00Z',
    mips: [],
    trustAnchors: [],
  });
  for (const one of by) built = withSignature(built, 'policy-pack', one);
  return built;
}

const store = new TrustStore();
const PACKS = readFederationPacks(
  [json(pack('alpha', [ALPHA])), json(pack('beta', [BETA]))],
  store,
  NOW,
);
if (!PACKS.ok) throw new Error(PACKS.error.message);
const TRUST = { store, identities: PACKS.value.identities };

const TERMS: TreatyFields = {
  federations: ['alpha', 'beta'],
  kinds: ['session', 'proof'],
  validFrom: '2027-01-01T00:00:00Z',
  validUntil: '2027-07-01T00:00:00Z',
};

function treaty(overrides: Partial<TreatyFields> = {}, by: Signer[] = [ALPHA, BETA]) {
  let built = buildTreaty({ ...TERMS, ...overrides });
  for (const one of by) built = withSignature(built, 'treaty', one);
  return built;
}

function bookWith(...treaties: ReturnType<typeof treaty>[]): TreatyBook {
  const book = new TreatyBook();
  for (const one of treaties) expect(book.add(json(one), TRUST, NOW)).toMatchObject({ ok: true });
  return book;
}

const crossing = { from: 'alpha', to: 'beta', atMs: NOW };

describe('readFederationPacks', () => {
  it('names the signer of each pack as the identity of its federation', () => {
    expect(PACKS.ok && PACKS.value.identities.get('alpha')).toBe(ALPHA.key.did);
    expect(PACKS.ok && PACKS.value.packs.get('beta')?.federation).toBe('beta');
  });

  it('keeps the higher version of two packs of one federation', () => {
    const read = readFederationPacks(
      [json(pack('alpha', [ALPHA], 2)), json(pack('alpha', [ALPHA], 1))],
      store,
      NOW,
    );
    expect(read.ok && read.value.packs.get('alpha')?.version).toBe(2);
  });

  it('an unsigned pack: policy_pack_signature_missing', () => {
    expect(readFederationPacks([json(pack('alpha', []))], store, NOW)).toMatchObject({
      error: { code: 'policy_pack_signature_missing' },
    });
  });

  it('a pack signed by two identities: federation_identity_ambiguous', () => {
    expect(readFederationPacks([json(pack('alpha', [ALPHA, MALLORY]))], store, NOW)).toMatchObject({
      error: { code: 'federation_identity_ambiguous' },
    });
  });
});

describe('TreatyBook', () => {
  it('holds a treaty signed by both federations', () => {
    const signed = treaty();
    const book = bookWith(signed);
    expect(book.between('beta', 'alpha')).toEqual(signed);
    // The same treaty again changes nothing.
    expect(book.add(json(signed), TRUST, NOW)).toEqual({ ok: true, value: signed });
    expect(book.size).toBe(1);
  });

  it('a treaty signed by only one side: treaty_signature_missing', () => {
    const book = new TreatyBook();
    expect(book.add(json(treaty({}, [ALPHA])), TRUST, NOW)).toMatchObject({
      ok: false,
      error: { code: 'treaty_signature_missing' },
    });
    expect(book.add(json(treaty({}, [BETA])), TRUST, NOW)).toMatchObject({
      error: { code: 'treaty_signature_missing' },
    });
    expect(book.add(json(treaty({}, [])), TRUST, NOW)).toMatchObject({
      error: { code: 'treaty_signature_missing' },
    });
    // A third party signing for the other side does not make it a treaty.
    expect(book.add(json(treaty({}, [ALPHA, MALLORY])), TRUST, NOW)).toMatchObject({
      error: { code: 'treaty_signature_missing' },
    });
    expect(book.size).toBe(0);
  });

  it('a treaty altered after signing: treaty_id_mismatch', () => {
    const altered = { ...treaty(), kinds: ['session', 'proof', 'receipt'] };
    expect(new TreatyBook().add(json(altered), TRUST, NOW)).toMatchObject({
      error: { code: 'treaty_id_mismatch' },
    });
  });

  it('a later treaty replaces the held one; the replaced one replayed: treaty_replayed', () => {
    const first = treaty();
    const second = treaty({ validFrom: '2027-01-05T00:00:00Z', kinds: ['proof'] });
    const book = bookWith(first, second);
    expect(book.between('alpha', 'beta')?.id).toBe(second.id);
    expect(book.add(json(first), TRUST, NOW)).toMatchObject({
      error: { code: 'treaty_replayed' },
    });
    expect(book.between('alpha', 'beta')?.id).toBe(second.id);
  });

  it('a treaty not newer than the held one (earlier or equal validFrom): treaty_replayed', () => {
    const held = treaty({ validFrom: '2027-01-05T00:00:00Z' });
    const book = bookWith(held);
    const earlier = treaty({ validFrom: '2027-01-02T00:00:00Z' });
    const sameStart = treaty({ validFrom: '2027-01-05T00:00:00Z', jurisdictions: ['IN'] });
    for (const replay of [earlier, sameStart]) {
      expect(book.add(json(replay), TRUST, NOW)).toMatchObject({
        error: { code: 'treaty_replayed' },
      });
    }
    expect(book.between('alpha', 'beta')?.id).toBe(held.id);
  });
});

describe('checkSessionCrossing', () => {
  it('a session within one federation needs no treaty', () => {
    expect(
      checkSessionCrossing('beta', new TreatyBook(), { from: 'beta', to: 'beta', atMs: NOW }),
    ).toEqual({ ok: true, value: undefined });
  });

  it('no treaty for the pair: session_treaty_required', () => {
    expect(checkSessionCrossing('beta', new TreatyBook(), crossing)).toMatchObject({
      error: { code: 'session_treaty_required' },
    });
  });

  it('a treaty in force that lists sessions lets the session cross', () => {
    const signed = treaty();
    expect(checkSessionCrossing('beta', bookWith(signed), crossing)).toEqual({
      ok: true,
      value: signed,
    });
  });

  it('an expired treaty: treaty_expired', () => {
    const book = bookWith(treaty({ validUntil: '2027-01-09T00:00:00Z' }));
    expect(checkSessionCrossing('beta', book, crossing)).toMatchObject({
      error: { code: 'treaty_expired' },
    });
  });

  it('a treaty not yet in force: treaty_not_yet_valid', () => {
    const book = bookWith(treaty({ validFrom: '2027-02-01T00:00:00Z' }));
    expect(checkSessionCrossing('beta', book, crossing)).toMatchObject({
      error: { code: 'treaty_not_yet_valid' },
    });
  });

  it('a treaty that does not list sessions: treaty_kind_not_listed', () => {
    const book = bookWith(treaty({ kinds: ['proof'] }));
    expect(checkSessionCrossing('beta', book, crossing)).toMatchObject({
      error: { code: 'treaty_kind_not_listed' },
    });
  });

  it('jurisdictions: a country covers its subdivisions; others are treaty_jurisdiction_not_listed', () => {
    const book = bookWith(treaty({ jurisdictions: ['IN', 'DE-BY'] }));
    expect(checkSessionCrossing('beta', book, { ...crossing, jurisdiction: 'IN-TN' }).ok).toBe(
      true,
    );
    expect(checkSessionCrossing('beta', book, { ...crossing, jurisdiction: 'DE-BY' }).ok).toBe(
      true,
    );
    for (const jurisdiction of ['DE', 'DE-BE', 'INX', undefined]) {
      expect(
        checkSessionCrossing('beta', book, {
          ...crossing,
          ...(jurisdiction === undefined ? {} : { jurisdiction }),
        }),
      ).toMatchObject({ error: { code: 'treaty_jurisdiction_not_listed' } });
    }
  });

  it('a treaty superseded by an expired one does not come back: treaty_expired', () => {
    const lasting = treaty();
    const short = treaty({ validFrom: '2027-01-02T00:00:00Z', validUntil: '2027-01-03T00:00:00Z' });
    const book = bookWith(lasting, short);
    expect(checkSessionCrossing('beta', book, crossing)).toMatchObject({
      error: { code: 'treaty_expired' },
    });
  });

  it('a gate asked about another federation: policy_pack_foreign', () => {
    expect(checkSessionCrossing('gamma', bookWith(treaty()), crossing)).toMatchObject({
      error: { code: 'policy_pack_foreign' },
    });
  });
});
