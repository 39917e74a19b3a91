/** The acceptance and audit sections of the policy pack (k8-policy-pack-schema.ts). */
import { describe, expect, it } from 'vitest';
import { buildPolicyPack, checkPolicyPack } from '../invariants/k8-policy-pack.js';
import type { JsonValue } from '../json/strict-json.js';
import { FIELDS, PACK } from './policy-test-support.js';

function checked(change: Record<string, unknown>) {
  return checkPolicyPack(
    buildPolicyPack({ ...FIELDS, ...change } as never) as unknown as JsonValue,
  );
}

describe('the acceptance and audit sections', () => {
  it('accept the example sections', () => {
    expect(checkPolicyPack(PACK as unknown as JsonValue)).toEqual({ ok: true, value: PACK });
  });

  it.each([
    ['k of 0', { acceptance: { verifiersK: 0, pMin: 0.9 } }, '/acceptance/verifiersK'],
    [
      'k over POLICY_VERIFIERS_K_MAX',
      { acceptance: { verifiersK: 17, pMin: 0.9 } },
      '/acceptance/verifiersK',
    ],
    ['pMin above 1', { acceptance: { verifiersK: 2, pMin: 1.1 } }, '/acceptance/pMin'],
    ['a base rate above 1', { audit: { baseRate: 1.5 } }, '/audit/baseRate'],
    [
      'a reputation band at 0',
      { audit: { baseRate: 0, byReputation: [{ below: 0, rate: 1 }] } },
      '/audit/byReputation/0/below',
    ],
    [
      'a stake band over 18 digits',
      {
        audit: {
          baseRate: 0,
          byStake: [{ currency: 'INR', atLeastMinor: '1'.repeat(19), rate: 1 }],
        },
      },
      '/audit/byStake/0/atLeastMinor',
    ],
    [
      'a stake band in a lower-case currency',
      { audit: { baseRate: 0, byStake: [{ currency: 'inr', atLeastMinor: '1', rate: 1 }] } },
      '/audit/byStake/0/currency',
    ],
    ['an unknown audit field', { audit: { baseRate: 0, byMood: [] } }, '/audit/byMood'],
  ])('refuse %s: policy_pack_schema_invalid', (_name, change, path) => {
    expect(checked(change)).toMatchObject({
      ok: false,
      error: { code: 'policy_pack_schema_invalid', path },
    });
  });

  it('refuse the same band twice: policy_pack_entry_duplicate', () => {
    const audit = {
      baseRate: 0,
      byStake: [
        { currency: 'INR', atLeastMinor: '100', rate: 0.1 },
        { currency: 'INR', atLeastMinor: '100', rate: 0.5 },
      ],
    };
    expect(checked({ audit })).toMatchObject({
      ok: false,
      error: { code: 'policy_pack_entry_duplicate', path: '/audit/byStake/1' },
    });
  });
});
