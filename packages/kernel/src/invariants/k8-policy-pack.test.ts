import { describe, expect, it } from 'vitest';
import { withSignature } from '../crypto/signed-object.js';
import { ed25519SignerFromSeed } from '../crypto/signer.js';
import { TrustStore } from '../identity/trust-store.js';
import type { JsonValue } from '../json/strict-json.js';
import { parseTimestamp } from '../time.js';
import { buildPolicyPack, checkPolicyPack, type PolicyPackFields } from './k8-policy-pack.js';

const federation = ed25519SignerFromSeed(new Uint8Array(32).fill(7));
const hardwareRoot = ed25519SignerFromSeed(new Uint8Array(32).fill(8));
const verifier = ed25519SignerFromSeed(new Uint8Array(32).fill(9));

const ENERGY = 'mip-energy/generation-interval@1.0.0';
const SESSION = 'mip-kernel/session@1.0.0';

const FIELDS: PolicyPackFields = {
  federation: 'in.karnataka',
  version: 3,
  issuedAt: '2026-11-01T00:00:00Z',
  mips: [
    { mip: ENERGY, settleable: true, pMin: 0.9 },
    { mip: SESSION, settleable: true },
    { mip: 'mip-health/outcome@0.4.0', settleable: false },
  ],
  trustAnchors: [
    { did: hardwareRoot.key.did, roles: ['hardware-root'] },
    { did: verifier.key.did, roles: ['verifier', 'log'] },
  ],
  rules: [{ name: 'energy-k-of-n', expression: 'results.filter(r, r.p >= 0.9).size() >= 2' }],
  splitDefaults: [
    { role: 'owner', bps: 7000 },
    { role: 'operator', bps: 2000 },
    { role: 'protocol', bps: 1000 },
  ],
};

const PACK = buildPolicyPack(FIELDS);

function altered(change: Record<string, unknown>): JsonValue {
  return { ...PACK, ...change } as unknown as JsonValue;
}

describe('buildPolicyPack', () => {
  it('builds a pack that passes checkPolicyPack', () => {
    expect(checkPolicyPack(PACK as unknown as JsonValue)).toEqual({ ok: true, value: PACK });
    expect(PACK).toMatchObject({ v: 1, kind: 'policy-pack', signatures: [] });
  });

  it('gives every version its own id', () => {
    expect(buildPolicyPack({ ...FIELDS, version: 4 }).id).not.toBe(PACK.id);
    expect(buildPolicyPack({ ...FIELDS, issuedAt: '2026-11-02T00:00:00Z' }).id).not.toBe(PACK.id);
  });

  it('accepts a minimal pack with no rules and no split defaults', () => {
    const minimal = buildPolicyPack({
      federation: 'x',
      version: 1,
      issuedAt: FIELDS.issuedAt,
      mips: [],
      trustAnchors: [],
    });
    expect(checkPolicyPack(minimal as unknown as JsonValue).ok).toBe(true);
  });

  it('is signed by its federation under the policy-pack kind', () => {
    const signed = withSignature(PACK, 'policy-pack', federation);
    const signers = new TrustStore().verifySignatures(
      signed.signatures,
      'policy-pack',
      signed.id,
      parseTimestamp(signed.issuedAt)!,
    );
    expect(signers.ok && signers.value.has(federation.key.did)).toBe(true);
  });
});

describe('checkPolicyPack rejects the schema', () => {
  it.each([
    [
      'a MIP range instead of a pinned version',
      { mips: [{ mip: 'mip-energy/generation-interval@^1.0.0', settleable: true }] },
      '/mips/0/mip',
    ],
    [
      'a MIP without patch version',
      { mips: [{ mip: 'mip-energy/generation-interval@1.0', settleable: true }] },
      '/mips/0/mip',
    ],
    ['pMin above 1', { mips: [{ mip: ENERGY, settleable: true, pMin: 1.5 }] }, '/mips/0/pMin'],
    ['settleable missing', { mips: [{ mip: ENERGY }] }, '/mips/0/settleable'],
    ['version 0', { version: 0 }, '/version'],
    ['a fractional version', { version: 1.5 }, '/version'],
    [
      'an anchor without roles',
      { trustAnchors: [{ did: verifier.key.did, roles: [] }] },
      '/trustAnchors/0/roles',
    ],
    [
      'an unknown anchor role',
      { trustAnchors: [{ did: verifier.key.did, roles: ['god'] }] },
      '/trustAnchors/0/roles/0',
    ],
    [
      'an anchor role twice',
      { trustAnchors: [{ did: verifier.key.did, roles: ['log', 'log'] }] },
      '/trustAnchors/0/roles',
    ],
    [
      'a rule name with spaces',
      { rules: [{ name: 'k of n', expression: 'true' }] },
      '/rules/0/name',
    ],
    ['an empty rule', { rules: [{ name: 'empty', expression: '' }] }, '/rules/0/expression'],
    [
      'an oversized rule',
      { rules: [{ name: 'big', expression: 'x'.repeat(4097) }] },
      '/rules/0/expression',
    ],
    ['empty split defaults', { splitDefaults: [] }, '/splitDefaults'],
    [
      'an unknown split role',
      { splitDefaults: [{ role: 'investor', bps: 10_000 }] },
      '/splitDefaults/0/role',
    ],
    ['an impossible issuedAt', { issuedAt: '2026-02-29T00:00:00Z' }, '/issuedAt'],
    ['an extra field', { note: 'x' }, '/note'],
  ])('%s', (_, change, path) => {
    expect(checkPolicyPack(altered(change))).toMatchObject({
      ok: false,
      error: { code: 'policy_pack_schema_invalid', path },
    });
  });
});

describe('checkPolicyPack rejects ambiguity and tampering', () => {
  it.each([
    [
      'a MIP pinned twice',
      { mips: [...FIELDS.mips, { mip: ENERGY, settleable: false }] },
      '/mips/3',
    ],
    [
      'a trust anchor twice',
      {
        trustAnchors: [...FIELDS.trustAnchors, { did: verifier.key.did, roles: ['hardware-root'] }],
      },
      '/trustAnchors/2',
    ],
    [
      'a rule name twice',
      { rules: [...FIELDS.rules!, { name: 'energy-k-of-n', expression: 'true' }] },
      '/rules/1',
    ],
    [
      'a split role twice',
      {
        splitDefaults: [
          { role: 'owner', bps: 5000 },
          { role: 'owner', bps: 5000 },
        ],
      },
      '/splitDefaults/1',
    ],
  ])('%s', (_, change, path) => {
    expect(checkPolicyPack(altered(change))).toMatchObject({
      ok: false,
      error: { code: 'policy_pack_entry_duplicate', path },
    });
  });

  it('split defaults that do not sum to 10 000 bps', () => {
    const splitDefaults = [
      { role: 'owner', bps: 7000 },
      { role: 'operator', bps: 2000 },
    ];
    expect(checkPolicyPack(altered({ splitDefaults }))).toMatchObject({
      error: { code: 'split_bps_total_invalid', path: '/splitDefaults' },
    });
  });

  it('a body changed after the id was computed', () => {
    expect(checkPolicyPack(altered({ version: 4 }))).toMatchObject({
      error: { code: 'policy_pack_id_mismatch', path: '/id' },
    });
    const settlesHealth = PACK.mips.map((entry) => ({ ...entry, settleable: true }));
    expect(checkPolicyPack(altered({ mips: settlesHealth }))).toMatchObject({
      error: { code: 'policy_pack_id_mismatch' },
    });
  });
});

describe('the coordinators of a federation (canopy)', () => {
  const madurai = ed25519SignerFromSeed(new Uint8Array(32).fill(21));
  const chennai = ed25519SignerFromSeed(new Uint8Array(32).fill(22));
  const coordinators = [
    { did: madurai.key.did, colony: 'madurai', url: 'https://madurai.example:7400' },
    { did: chennai.key.did, colony: 'chennai' },
  ];

  it('names each coordinator and the colony it owns', () => {
    const pack = buildPolicyPack({ ...FIELDS, coordinators });
    expect(checkPolicyPack(pack as unknown as JsonValue)).toEqual({ ok: true, value: pack });
    expect(pack.id).not.toBe(PACK.id);
  });

  it('refuses a coordinator listed twice', () => {
    const twice = buildPolicyPack({
      ...FIELDS,
      coordinators: [...coordinators, { did: madurai.key.did, colony: 'trichy' }],
    });
    expect(checkPolicyPack(twice as unknown as JsonValue)).toMatchObject({
      ok: false,
      error: { code: 'policy_pack_entry_duplicate', path: '/coordinators/2' },
    });
  });

  it('refuses a colony owned by two coordinators', () => {
    const other = ed25519SignerFromSeed(new Uint8Array(32).fill(23));
    const twice = buildPolicyPack({
      ...FIELDS,
      coordinators: [...coordinators, { did: other.key.did, colony: 'madurai' }],
    });
    expect(checkPolicyPack(twice as unknown as JsonValue)).toMatchObject({
      ok: false,
      error: { code: 'policy_pack_entry_duplicate', path: '/coordinators/2' },
    });
  });

  it.each([
    [
      'a colony id with capitals',
      { did: madurai.key.did, colony: 'Madurai' },
      '/coordinators/0/colony',
    ],
    [
      'a colony id that is too long',
      { did: madurai.key.did, colony: 'c'.repeat(33) },
      '/coordinators/0/colony',
    ],
    [
      'a url that is not http(s)',
      { did: madurai.key.did, colony: 'x', url: 'ftp://x' },
      '/coordinators/0/url',
    ],
    [
      'an unknown field',
      { did: madurai.key.did, colony: 'x', region: 'south' },
      '/coordinators/0/region',
    ],
  ])('refuses %s', (_, entry, path) => {
    const pack = buildPolicyPack({ ...FIELDS, coordinators: [entry as never] });
    expect(checkPolicyPack(pack as unknown as JsonValue)).toMatchObject({
      ok: false,
      error: { code: 'policy_pack_schema_invalid', path },
    });
  });
});

describe('the evidence section (K3, docs/spec/evidence-vault.md)', () => {
  const EVIDENCE = {
    retentionDays: 365,
    onRequestTo: 'challenge-verifiers',
    challengeTtlMsMax: 7 * 24 * 3_600_000,
  } as const;
  const authority = ed25519SignerFromSeed(new Uint8Array(32).fill(10));
  const withEvidence = buildPolicyPack({
    ...FIELDS,
    trustAnchors: [
      ...FIELDS.trustAnchors,
      { did: authority.key.did, roles: ['dispute-authority'] },
    ],
    evidence: EVIDENCE,
  });

  it('accepts retention, the on-request rule and a dispute authority', () => {
    expect(checkPolicyPack(withEvidence as unknown as JsonValue)).toEqual({
      ok: true,
      value: withEvidence,
    });
    expect(withEvidence.evidence).toEqual(EVIDENCE);
  });

  it.each([
    ['retention of 0 days', { ...EVIDENCE, retentionDays: 0 }, '/evidence/retentionDays'],
    ['retention over ten years', { ...EVIDENCE, retentionDays: 3651 }, '/evidence/retentionDays'],
    ['fractional retention', { ...EVIDENCE, retentionDays: 1.5 }, '/evidence/retentionDays'],
    ['on-request to anyone', { ...EVIDENCE, onRequestTo: 'anyone' }, '/evidence/onRequestTo'],
    ['a challenge open 0 ms', { ...EVIDENCE, challengeTtlMsMax: 0 }, '/evidence/challengeTtlMsMax'],
    [
      'a challenge open over 30 days',
      { ...EVIDENCE, challengeTtlMsMax: 30 * 24 * 3_600_000 + 1 },
      '/evidence/challengeTtlMsMax',
    ],
    ['an unknown field', { ...EVIDENCE, keepForever: true }, '/evidence/keepForever'],
  ])('refuses %s with policy_pack_schema_invalid', (_name, evidence, path) => {
    const result = checkPolicyPack(altered({ evidence }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('policy_pack_schema_invalid');
    expect(result.error.path).toBe(path);
  });

  it('refuses an unknown trust anchor role', () => {
    const trustAnchors = [{ did: authority.key.did, roles: ['judge'] }];
    const result = checkPolicyPack(altered({ trustAnchors }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('policy_pack_schema_invalid');
  });
});
