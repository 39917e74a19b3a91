import { describe, expect, it } from 'vitest';
import { buildPolicyPack } from '../invariants/k8-policy-pack.js';
import type { PolicyRule } from '../invariants/k8-policy-pack-schema.js';
import { type CompiledPolicy, compilePolicyUncached } from './policy-compile.js';
import { decidePolicy } from './policy-decide.js';
import type { PolicyInput } from './policy-input-schema.js';
import {
  FIELDS,
  INPUT,
  inputWith,
  PACK,
  packWithRules,
  STRANGER,
  VERIFIER_A,
  VERIFIER_B,
  VERIFIER_C,
} from './policy-test-support.js';

function compiled(pack = PACK): CompiledPolicy {
  const result = compilePolicyUncached(pack);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}
const EXAMPLE = compiled();

function decide(input: unknown, policy = EXAMPLE) {
  const decision = decidePolicy(policy, input);
  if (!decision.ok) throw new Error(`${decision.error.code}: ${decision.error.message}`);
  return decision.value;
}

function withRules(...rules: PolicyRule[]): CompiledPolicy {
  return compiled(packWithRules(rules));
}

const pass = (verifier: string, p = 0.95) => ({ verifier, p, verdict: 'pass' as const });

describe('decidePolicy on the example pack', () => {
  it('accepts an energy proof that two verifier anchors passed, and says what each rule gave', () => {
    expect(decide(INPUT)).toEqual({
      pack: PACK.id,
      mip: INPUT.proof.mip,
      accepted: true,
      settleable: true,
      reasons: [],
      auditRate: 0.02,
      pMin: 0.9,
      verifiersCounted: 2,
      rules: [
        { name: 'accept', value: true },
        { name: 'value-positive', value: true },
        { name: 'energy-unit', value: true },
        { name: 'no-anchor-fails', value: true },
        { name: 'newcomer-cap', value: true },
        { name: 'large-stake-quorum', value: true },
        { name: 'audit-rate', value: 0.02 },
      ],
    });
  });

  it('is deterministic: the same pack and input give equal decisions', () => {
    expect(decide(INPUT)).toEqual(decide(structuredClone(INPUT)));
  });

  it('refuses a MIP the pack does not pin, with its reason, and runs no rule', () => {
    const decision = decide(inputWith({ proof: { mip: 'mip-enr/generation-interval@2.0.0' } }));
    expect(decision).toMatchObject({ accepted: false, settleable: false, rules: [] });
    expect(decision.reasons).toEqual([
      'mip_not_pinned: mip-enr/generation-interval@2.0.0 is not pinned by in.karnataka',
    ]);
  });

  it("refuses a reality p below the MIP's pMin (the MIP's pMin overrides the pack's)", () => {
    const decision = decide(inputWith({ proof: { p: 0.85 } }));
    expect(decision.accepted).toBe(false);
    expect(decision.reasons).toEqual(['p_below_min: p 0.85 is below 0.9']);
  });

  it("uses the pack's pMin for a MIP without its own", () => {
    const decision = decide(
      inputWith({ proof: { mip: 'mip-mfg/lot-conformance@1.0.0', unit: 'lot', p: 0.85 } }),
    );
    expect(decision).toMatchObject({ accepted: true, pMin: 0.8 });
  });

  it('counts only distinct verifier anchors that passed with p ≥ pMin (k of n)', () => {
    const verifications = [
      pass(VERIFIER_A.key.did),
      pass(VERIFIER_A.key.did), // the same verifier twice counts once
      pass(STRANGER.key.did, 0.99), // not a trust anchor
      pass(VERIFIER_B.key.did, 0.89), // below pMin
      { verifier: VERIFIER_C.key.did, p: 0.95, verdict: 'inconclusive' as const },
    ];
    const decision = decide(inputWith({ verifications }));
    expect(decision).toMatchObject({ accepted: false, verifiersCounted: 1 });
    expect(decision.reasons).toEqual([
      'verifiers_below_k: 1 of 2 verifier anchors passed with p >= 0.9',
    ]);
  });

  it('names each false rule as a reason, in pack order', () => {
    const verifications = [
      pass(VERIFIER_A.key.did),
      pass(VERIFIER_B.key.did),
      { verifier: VERIFIER_C.key.did, p: 0.1, verdict: 'fail' as const },
    ];
    const decision = decide(inputWith({ verifications, proof: { value: 0, unit: 'MWh' } }));
    expect(decision.reasons).toEqual([
      'rule_false: value-positive',
      'rule_false: energy-unit',
      'rule_false: no-anchor-fails',
    ]);
  });

  it('accepts a MIP it does not settle only without a stake, and marks it not settleable', () => {
    const health = { mip: 'mip-hlt/hrv-short-term@1.0.0', unit: 'ms', p: 0.9 };
    expect(decide(inputWith({ proof: health, stake: { minor: '0' } }))).toMatchObject({
      accepted: true,
      settleable: false,
    });
    expect(decide(inputWith({ proof: health })).reasons).toEqual(['rule_false: accept']);
  });

  it('gives large stakes the extra-verifier quorum and the stake band', () => {
    const decision = decide(inputWith({ stake: { minor: '2000000' } }));
    expect(decision.reasons).toEqual(['rule_false: large-stake-quorum']);
    expect(decision.auditRate).toBe(0.2);
    const three = [pass(VERIFIER_A.key.did), pass(VERIFIER_B.key.did), pass(VERIFIER_C.key.did)];
    expect(decide(inputWith({ stake: { minor: '2000000' }, verifications: three })).accepted).toBe(
      true,
    );
  });
});

describe('the audit rate', () => {
  it.each([
    ['a trusted producer, small stake: the base rate', 0.8, '9600', 'INR', 0.02],
    ['reputation below 0.5', 0.4, '9600', 'INR', 0.1],
    ['reputation below 0.2: the highest matching band', 0.1, '9600', 'INR', 0.25],
    ['a stake at the INR band', 0.8, '1000000', 'INR', 0.2],
    ['the same amount in another currency has its own band', 0.8, '9600', 'EUR', 0.02],
    [
      'the audit-rate rule: low reputation and a large stake are always audited',
      0.4,
      '500000',
      'INR',
      1,
    ],
  ])('%s', (_name, reputation, minor, currency, rate) => {
    const input = inputWith({ producer: { reputation }, stake: { minor, currency } });
    expect(decide(input).auditRate).toBe(rate);
  });

  it('is 0 for a pack without an audit section or rule', () => {
    const { audit: _audit, ...fields } = FIELDS;
    const bare = compiled(buildPolicyPack({ ...fields, rules: [] }));
    expect(decide(INPUT, bare).auditRate).toBe(0);
  });
});

describe('rules that fail while deciding', () => {
  it('a runtime error (an index out of range): policy_rule_failed, not a throw', () => {
    const policy = withRules({ name: 'third', expression: 'verifications[2].p > 0.5' });
    expect(decidePolicy(policy, INPUT)).toMatchObject({
      ok: false,
      error: { code: 'policy_rule_failed', path: '/rules/0' },
    });
  });

  it('division by zero: policy_rule_failed naming the rule', () => {
    const policy = withRules({
      name: 'ratio',
      expression: 'stake.minor / (stake.minor - stake.minor) > 1',
    });
    const decision = decidePolicy(policy, INPUT);
    expect(decision).toMatchObject({ ok: false, error: { code: 'policy_rule_failed' } });
    if (!decision.ok) expect(decision.error.message).toBe('rule ratio: division by zero');
  });

  it('a dyn rule that yields a string at run time: policy_rule_type_invalid', () => {
    const policy = withRules({ name: 'accept', expression: 'dyn(proof.unit)' });
    expect(decidePolicy(policy, INPUT)).toMatchObject({
      ok: false,
      error: {
        code: 'policy_rule_type_invalid',
        message: 'rule accept yielded a string; it must yield bool',
      },
    });
  });

  it('an audit-rate above 1: policy_rule_failed', () => {
    const policy = withRules({ name: 'audit-rate', expression: 'policy.auditRate * 100.0' });
    expect(decidePolicy(policy, INPUT)).toMatchObject({
      ok: false,
      error: { code: 'policy_rule_failed', message: 'rule audit-rate yielded 2, outside 0..1' },
    });
  });
});

describe('bad decision input: policy_input_invalid at the place', () => {
  const { producer: _producer, ...noProducer } = INPUT;
  it.each([
    ['an input missing a variable (producer)', noProducer, '/producer'],
    ['a proof without p', { ...INPUT, proof: { ...INPUT.proof, p: undefined } }, '/proof/p'],
    ['p above 1', inputWith({ proof: { p: 1.5 } }), '/proof/p'],
    [
      'a stake of 19 digits (over one CEL int)',
      inputWith({ stake: { minor: '1'.repeat(19) } }),
      '/stake/minor',
    ],
    ['a stake with a leading zero', inputWith({ stake: { minor: '0100' } }), '/stake/minor'],
    [
      'an unknown verdict',
      inputWith({ verifications: [{ ...pass(VERIFIER_A.key.did), verdict: 'maybe' as never }] }),
      '/verifications/0/verdict',
    ],
    [
      'more than POLICY_VERIFICATIONS_MAX results',
      inputWith({ verifications: Array.from({ length: 65 }, () => pass(VERIFIER_A.key.did)) }),
      '/verifications',
    ],
    ['an extra variable', { ...INPUT, now: 1 }, '/now'],
    ['not an object', 'accept', '/'],
  ])('%s', (_name, input, path) => {
    const decision = decidePolicy(EXAMPLE, input as PolicyInput);
    expect(decision).toMatchObject({ ok: false, error: { code: 'policy_input_invalid', path } });
  });
});
