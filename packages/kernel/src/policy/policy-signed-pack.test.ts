import { describe, expect, it } from 'vitest';
import { withSignature } from '../crypto/signed-object.js';
import { TrustStore } from '../identity/trust-store.js';
import type { JsonValue } from '../json/strict-json.js';
import { parseTimestamp } from '../time.js';
import { checkSignedPolicyPack } from './policy-signed-pack.js';
import { FEDERATION, PACK, STRANGER } from './policy-test-support.js';

const AT = parseTimestamp('2026-11-02T00:00:00Z')!;
const IDENTITIES = new Map([[PACK.federation, FEDERATION.key.did]]);

function check(value: unknown, identities = IDENTITIES) {
  return checkSignedPolicyPack(value as JsonValue, new TrustStore(), identities, AT);
}

describe('checkSignedPolicyPack', () => {
  it('accepts the pack its federation signed', () => {
    const signed = withSignature(PACK, 'policy-pack', FEDERATION);
    expect(check(signed)).toEqual({ ok: true, value: signed });
  });

  it('refuses a pack signed by an unknown key: policy_pack_signature_missing', () => {
    // The stranger's signature is valid (did:key is self-certifying) but it does not speak
    // for the federation.
    const signed = withSignature(PACK, 'policy-pack', STRANGER);
    expect(check(signed)).toMatchObject({
      ok: false,
      error: { code: 'policy_pack_signature_missing' },
    });
  });

  it('refuses a pack of a federation with no known identity: policy_pack_signature_missing', () => {
    const signed = withSignature(PACK, 'policy-pack', FEDERATION);
    expect(check(signed, new Map())).toMatchObject({
      error: { code: 'policy_pack_signature_missing' },
    });
  });

  it('refuses an unsigned pack: signature_missing', () => {
    expect(check(PACK)).toMatchObject({ error: { code: 'signature_missing' } });
  });

  it('refuses a pack changed after signing: policy_pack_id_mismatch', () => {
    const signed = withSignature(PACK, 'policy-pack', FEDERATION);
    expect(check({ ...signed, acceptance: { verifiersK: 1, pMin: 0.1 } })).toMatchObject({
      error: { code: 'policy_pack_id_mismatch' },
    });
  });

  it('refuses a signature that does not verify: the TrustStore code', () => {
    const signed = withSignature(PACK, 'policy-pack', FEDERATION);
    const [entry] = signed.signatures;
    const forged = {
      ...signed,
      signatures: [{ ...entry!, sig: `${entry!.sig.slice(0, -4)}AAAA` }],
    };
    const result = check(forged);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toMatch(/^signature_/);
  });
});
