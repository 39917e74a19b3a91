import { describe, expect, it } from 'vitest';
import { buildPolicyPack } from '../invariants/k8-policy-pack.js';
import { RULE_EXPRESSION_CHARS_MAX } from '../limits.js';
import { compilePolicyUncached, policyRuleFailures } from './policy-compile.js';
import { FIELDS, PACK, packWithRules } from './policy-test-support.js';

describe('compilePolicyUncached', () => {
  it('compiles every rule of the example pack once: six conditions and the audit-rate rule', () => {
    const compiled = compilePolicyUncached(PACK);
    expect(compiled.ok).toBe(true);
    if (!compiled.ok) return;
    expect(compiled.value.conditions.map((rule) => rule.name)).toEqual([
      'accept',
      'value-positive',
      'energy-unit',
      'no-anchor-fails',
      'newcomer-cap',
      'large-stake-quorum',
    ]);
    expect(compiled.value.auditRule?.name).toBe('audit-rate');
    expect(compiled.value.verifierAnchors.size).toBe(3);
  });

  it('compiles a pack written before rules, acceptance and audit existed', () => {
    const old = buildPolicyPack({
      federation: 'x',
      version: 1,
      issuedAt: FIELDS.issuedAt,
      mips: [],
      trustAnchors: [],
    });
    expect(compilePolicyUncached(old)).toMatchObject({ ok: true, value: { conditions: [] } });
  });

  it('checks the pack first: a pack changed after its id was computed is refused', () => {
    expect(compilePolicyUncached({ ...PACK, version: 9 })).toMatchObject({
      ok: false,
      error: { code: 'policy_pack_id_mismatch' },
    });
  });
});

describe('a rule that does not compile', () => {
  it('a syntax error: policy_rule_invalid naming the rule and the CEL error', () => {
    const pack = packWithRules([
      { name: 'fine', expression: 'true' },
      { name: 'broken', expression: 'proof.p >= ' },
    ]);
    const compiled = compilePolicyUncached(pack);
    expect(compiled).toMatchObject({
      ok: false,
      error: { code: 'policy_rule_invalid', path: '/rules/1' },
    });
    if (compiled.ok) return;
    expect(compiled.error.message).toMatch(/^rule broken: /);
    expect(compiled.error.message).toContain('Unexpected token');
  });

  it('an unknown variable: policy_rule_invalid (a typo is caught before any decision)', () => {
    const compiled = compilePolicyUncached(
      packWithRules([{ name: 'k-of-n', expression: 'results.size() >= 2' }]),
    );
    expect(compiled).toMatchObject({ ok: false, error: { code: 'policy_rule_invalid' } });
    if (!compiled.ok) expect(compiled.error.message).toContain('Unknown variable: results');
  });

  it('a field the variable does not have: policy_rule_invalid', () => {
    const compiled = compilePolicyUncached(
      packWithRules([{ name: 'typo', expression: 'producer.reputaton > 0.5' }]),
    );
    expect(compiled).toMatchObject({ ok: false, error: { code: 'policy_rule_invalid' } });
  });

  it('mixed types (double + int): policy_rule_invalid', () => {
    const compiled = compilePolicyUncached(
      packWithRules([{ name: 'mixed', expression: 'proof.p + 1 > 1.5' }]),
    );
    expect(compiled).toMatchObject({ ok: false, error: { code: 'policy_rule_invalid' } });
    if (!compiled.ok) expect(compiled.error.message).toContain('double + int');
  });

  it('policyRuleFailures lists every failing rule, in pack order', () => {
    const failures = policyRuleFailures(
      packWithRules([
        { name: 'one', expression: '1 +' },
        { name: 'fine', expression: 'true' },
        { name: 'audit-rate', expression: 'true' },
      ]),
    );
    expect(failures.map((failure) => [failure.code, failure.path])).toEqual([
      ['policy_rule_invalid', '/rules/0'],
      ['policy_rule_type_invalid', '/rules/2'],
    ]);
  });
});

describe('a rule with the wrong result type', () => {
  it('a condition that yields an int: policy_rule_type_invalid', () => {
    const compiled = compilePolicyUncached(
      packWithRules([{ name: 'accept', expression: 'stake.minor + 1' }]),
    );
    expect(compiled).toMatchObject({
      ok: false,
      error: {
        code: 'policy_rule_type_invalid',
        message: 'rule accept yields int; it must yield bool',
        path: '/rules/0',
      },
    });
  });

  it('an audit-rate that yields bool: policy_rule_type_invalid', () => {
    const compiled = compilePolicyUncached(
      packWithRules([{ name: 'audit-rate', expression: 'producer.reputation < 0.5' }]),
    );
    expect(compiled).toMatchObject({
      ok: false,
      error: {
        code: 'policy_rule_type_invalid',
        message: 'rule audit-rate yields bool; it must yield double',
      },
    });
  });

  it('an audit-rate written as an int literal (1, not 1.0): policy_rule_type_invalid', () => {
    const compiled = compilePolicyUncached(
      packWithRules([{ name: 'audit-rate', expression: '1' }]),
    );
    expect(compiled).toMatchObject({ ok: false, error: { code: 'policy_rule_type_invalid' } });
  });
});

describe('a huge expression', () => {
  it('over RULE_EXPRESSION_CHARS_MAX characters: policy_pack_schema_invalid at the rule', () => {
    const expression = `proof.p >= 0.5${' || proof.p >= 0.5'.repeat(RULE_EXPRESSION_CHARS_MAX / 16)}`;
    expect(expression.length).toBeGreaterThan(RULE_EXPRESSION_CHARS_MAX);
    const pack = { ...PACK, rules: [{ name: 'huge', expression }] };
    expect(compilePolicyUncached(pack)).toMatchObject({
      ok: false,
      error: { code: 'policy_pack_schema_invalid', path: '/rules/0/expression' },
    });
  });

  it('within the characters but over POLICY_RULE_AST_NODES_MAX nodes: policy_rule_too_large', () => {
    const expression = `${Array.from({ length: 600 }, () => '1').join('+')} > 0`;
    expect(expression.length).toBeLessThan(RULE_EXPRESSION_CHARS_MAX);
    const compiled = compilePolicyUncached(packWithRules([{ name: 'wide', expression }]));
    expect(compiled).toMatchObject({
      ok: false,
      error: { code: 'policy_rule_too_large', path: '/rules/0' },
    });
    if (!compiled.ok) expect(compiled.error.message).toContain('maxAstNodes');
  });

  it('nested deeper than POLICY_RULE_DEPTH_MAX: policy_rule_too_large', () => {
    const expression = `${'['.repeat(40)}1${']'.repeat(40)}.size() > 0`;
    expect(compilePolicyUncached(packWithRules([{ name: 'deep', expression }]))).toMatchObject({
      ok: false,
      error: { code: 'policy_rule_too_large' },
    });
  });
});
