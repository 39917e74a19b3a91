import { describe, expect, it } from 'vitest';
import { withSignature } from '../crypto/signed-object.js';
import { ed25519SignerFromSeed } from '../crypto/signer.js';
import { TrustStore } from '../identity/trust-store.js';
import { parseTimestamp } from '../time.js';
import {
  type Crossing,
  checkPolicyAccepts,
  checkPolicyPackSigned,
  checkPolicySettles,
  checkTreatyAllows,
  checkTreatySigned,
} from './k8-federation-sovereignty.js';
import { buildPolicyPack } from './k8-policy-pack.js';
import { buildTreaty } from './k8-treaty.js';

const karnataka = ed25519SignerFromSeed(new Uint8Array(32).fill(11));
const bavaria = ed25519SignerFromSeed(new Uint8Array(32).fill(12));
const stranger = ed25519SignerFromSeed(new Uint8Array(32).fill(13));

const IDENTITIES = new Map([
  ['in.karnataka', karnataka.key.did],
  ['de.bavaria', bavaria.key.did],
]);

const ENERGY = 'mip-energy/generation-interval@1.0.0';
const HEALTH = 'mip-health/outcome@0.4.0';

const PACK = buildPolicyPack({
  federation: 'in.karnataka',
  version: 1,
  issuedAt: '2026-11-01T00:00:00Z',
  mips: [
    { mip: ENERGY, settleable: true, pMin: 0.9 },
    { mip: HEALTH, settleable: false },
  ],
  trustAnchors: [],
});

const TREATY = buildTreaty({
  federations: ['in.karnataka', 'de.bavaria'],
  kinds: ['proof', 'receipt'],
  mips: [ENERGY],
  validFrom: '2026-01-01T00:00:00Z',
  validUntil: '2027-01-01T00:00:00Z',
});

const AT = parseTimestamp('2026-06-01T12:00:00Z')!;
const CROSSING: Crossing = {
  from: 'in.karnataka',
  to: 'de.bavaria',
  kind: 'proof',
  mip: ENERGY,
  atMs: AT,
};

describe('checkPolicyAccepts: the federation’s own pack alone decides', () => {
  it('accepts a MIP version the pack pins, returning its terms', () => {
    expect(checkPolicyAccepts(PACK, { federation: 'in.karnataka', mip: ENERGY })).toEqual({
      ok: true,
      value: { mip: ENERGY, settleable: true, pMin: 0.9 },
    });
  });

  it('accepts an unsettleable MIP: acceptance and settlement are separate questions', () => {
    expect(checkPolicyAccepts(PACK, { federation: 'in.karnataka', mip: HEALTH }).ok).toBe(true);
  });

  it('refuses to let another federation’s pack decide', () => {
    expect(checkPolicyAccepts(PACK, { federation: 'de.bavaria', mip: ENERGY })).toMatchObject({
      ok: false,
      error: { code: 'policy_pack_foreign' },
    });
  });

  it.each([
    ['a newer patch', 'mip-energy/generation-interval@1.0.1'],
    ['an older major', 'mip-energy/generation-interval@0.9.0'],
    ['another type', 'mip-energy/storage-interval@1.0.0'],
  ])('does not accept %s than the pinned version', (_, mip) => {
    expect(checkPolicyAccepts(PACK, { federation: 'in.karnataka', mip })).toMatchObject({
      ok: false,
      error: { code: 'policy_mip_not_pinned' },
    });
  });

  it('rejects a malformed MIP id before looking it up', () => {
    expect(checkPolicyAccepts(PACK, { federation: 'in.karnataka', mip: 'energy@1' })).toMatchObject(
      {
        error: { code: 'mip_id_malformed' },
      },
    );
  });
});

describe('checkPolicySettles', () => {
  it('settles a settleable pinned MIP', () => {
    expect(checkPolicySettles(PACK, { federation: 'in.karnataka', mip: ENERGY }).ok).toBe(true);
  });

  it('does not settle a MIP the pack accepts only for logging and verification', () => {
    expect(checkPolicySettles(PACK, { federation: 'in.karnataka', mip: HEALTH })).toMatchObject({
      error: { code: 'policy_mip_not_settleable' },
    });
  });

  it('passes acceptance errors through', () => {
    expect(checkPolicySettles(PACK, { federation: 'de.bavaria', mip: ENERGY })).toMatchObject({
      error: { code: 'policy_pack_foreign' },
    });
  });
});

describe('checkPolicyPackSigned', () => {
  it('accepts a pack its federation signed (signers from a TrustStore)', () => {
    const signed = withSignature(PACK, 'policy-pack', karnataka);
    const signers = new TrustStore().verifySignatures(
      signed.signatures,
      'policy-pack',
      signed.id,
      AT,
    );
    expect(signers.ok && checkPolicyPackSigned(signed, signers.value, IDENTITIES).ok).toBe(true);
  });

  it('rejects a pack signed only by someone else', () => {
    expect(checkPolicyPackSigned(PACK, new Set([bavaria.key.did]), IDENTITIES)).toMatchObject({
      error: { code: 'policy_pack_signature_missing' },
    });
  });

  it('rejects a pack of a federation with no known identity', () => {
    const unknown = { federation: 'fr.bretagne' };
    expect(checkPolicyPackSigned(unknown, new Set([stranger.key.did]), IDENTITIES)).toMatchObject({
      error: { code: 'policy_pack_signature_missing' },
    });
  });
});

describe('checkTreatySigned', () => {
  it('accepts a treaty both federations signed', () => {
    const signed = withSignature(withSignature(TREATY, 'treaty', bavaria), 'treaty', karnataka);
    const signers = new TrustStore().verifySignatures(signed.signatures, 'treaty', signed.id, AT);
    expect(signers.ok && checkTreatySigned(signed, signers.value, IDENTITIES).ok).toBe(true);
  });

  it.each([
    ['only one side', [karnataka.key.did]],
    ['a third party instead of one side', [karnataka.key.did, stranger.key.did]],
    ['nobody', []],
  ])('rejects a treaty signed by %s', (_, signers) => {
    expect(checkTreatySigned(TREATY, new Set(signers), IDENTITIES)).toMatchObject({
      error: { code: 'treaty_signature_missing' },
    });
  });

  it('rejects a treaty with a federation of no known identity', () => {
    const treaty = { federations: ['in.karnataka', 'fr.bretagne'] };
    const signers = new Set([karnataka.key.did, stranger.key.did]);
    expect(checkTreatySigned(treaty, signers, IDENTITIES)).toMatchObject({
      error: { code: 'treaty_signature_missing' },
    });
  });
});

describe('checkTreatyAllows', () => {
  it('allows a listed kind and MIP between the two federations, in both directions', () => {
    expect(checkTreatyAllows(TREATY, CROSSING)).toEqual({ ok: true, value: true });
    const back = { ...CROSSING, from: 'de.bavaria', to: 'in.karnataka', kind: 'receipt' as const };
    expect(checkTreatyAllows(TREATY, back).ok).toBe(true);
  });

  it('allows any MIP, or none, when the treaty does not restrict MIPs', () => {
    const { mips: _, ...open } = TREATY;
    expect(checkTreatyAllows(open, { ...CROSSING, mip: HEALTH }).ok).toBe(true);
    expect(checkTreatyAllows(open, { ...CROSSING, mip: undefined }).ok).toBe(true);
  });

  it.each([
    ['a third federation', { to: 'fr.bretagne' }],
    ['a third federation as sender', { from: 'fr.bretagne' }],
    ['no crossing at all', { to: 'in.karnataka' }],
  ])('rejects %s', (_, change) => {
    expect(checkTreatyAllows(TREATY, { ...CROSSING, ...change })).toMatchObject({
      error: { code: 'treaty_federation_not_party' },
    });
  });

  it.each(['session', 'capability'] as const)('rejects a %s the treaty does not list', (kind) => {
    expect(checkTreatyAllows(TREATY, { ...CROSSING, kind })).toMatchObject({
      error: { code: 'treaty_kind_not_listed' },
    });
  });

  it.each([
    ['another MIP', HEALTH],
    ['another version of the listed MIP', 'mip-energy/generation-interval@1.1.0'],
    ['no MIP', undefined],
  ])('rejects %s when the treaty restricts MIPs', (_, mip) => {
    expect(checkTreatyAllows(TREATY, { ...CROSSING, mip })).toMatchObject({
      error: { code: 'treaty_mip_not_listed' },
    });
  });

  it('is in force on [validFrom, validUntil)', () => {
    const at = (timestamp: string) => ({ ...CROSSING, atMs: parseTimestamp(timestamp)! });
    expect(checkTreatyAllows(TREATY, at('2026-01-01T00:00:00Z')).ok).toBe(true);
    expect(checkTreatyAllows(TREATY, at('2026-12-31T23:59:59.999Z')).ok).toBe(true);
    expect(checkTreatyAllows(TREATY, at('2025-12-31T23:59:59.999Z'))).toMatchObject({
      error: { code: 'treaty_not_yet_valid' },
    });
    expect(checkTreatyAllows(TREATY, at('2027-01-01T00:00:00Z'))).toMatchObject({
      error: { code: 'treaty_expired' },
    });
  });

  it('stays in force without validUntil', () => {
    const { validUntil: _, ...open } = TREATY;
    expect(
      checkTreatyAllows(open, { ...CROSSING, atMs: parseTimestamp('2999-01-01T00:00:00Z')! }).ok,
    ).toBe(true);
  });

  it('treats an unparseable time in an unchecked treaty as a schema error, never as in force', () => {
    expect(checkTreatyAllows({ ...TREATY, validFrom: 'yesterday' }, CROSSING)).toMatchObject({
      error: { code: 'treaty_schema_invalid', path: '/validFrom' },
    });
  });

  it('asserts on a crossing time that is not a number (a bug in the caller)', () => {
    expect(() => checkTreatyAllows(TREATY, { ...CROSSING, atMs: Number.NaN })).toThrow(
      /assertion failed/,
    );
  });
});
