/**
 * Compiling a policy pack (docs/spec/policy-packs.md): the pack is checked, then every rule is
 * parsed and type-checked once against the policy environment, so deciding is only evaluation.
 * A rule that does not compile is named with the CEL error; nothing of the pack is used then.
 */
import type { ParseResult } from '@marcbachmann/cel-js';
import { checkPolicyPack } from '../invariants/k8-policy-pack.js';
import type { PolicyMip, PolicyPack, PolicyRule } from '../invariants/k8-policy-pack-schema.js';
import type { JsonValue } from '../json/strict-json.js';
import { fail, type KernelError, ok, type Result } from '../result.js';
import { POLICY_ENVIRONMENT, type RuleResultType, ruleResultType } from './policy-environment.js';

export interface CompiledRule {
  readonly name: string;
  /** Where the rule sits in the pack: `/rules/<index>`. */
  readonly path: string;
  readonly resultType: RuleResultType;
  readonly evaluate: ParseResult;
}

export interface CompiledPolicy {
  readonly pack: PolicyPack;
  /** Rules that yield bool, in pack order: every one must be true to accept. */
  readonly conditions: readonly CompiledRule[];
  /** The `audit-rate` rule, when the pack has one. */
  readonly auditRule?: CompiledRule;
  /** Dids of the trust anchors with the `verifier` role: only their results count. */
  readonly verifierAnchors: ReadonlySet<string>;
  readonly mips: ReadonlyMap<string, PolicyMip>;
}

/** The first line of a cel-js error, without its source-highlighting block. */
function celMessage(error: unknown): string {
  if (error instanceof Error) {
    const summary = (error as { summary?: unknown }).summary;
    const text = typeof summary === 'string' && summary !== '' ? summary : error.message;
    return text.split('\n')[0] ?? text;
  }
  return String(error);
}

function celCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Parses and type-checks one rule; it yields its name's result type or it is refused. */
export function compileRule(rule: PolicyRule, index: number): Result<CompiledRule> {
  const path = `/rules/${index}`;
  let evaluate: ParseResult;
  try {
    evaluate = POLICY_ENVIRONMENT.parse(rule.expression);
  } catch (error) {
    const code =
      celCode(error) === 'limit_exceeded' ? 'policy_rule_too_large' : 'policy_rule_invalid';
    return fail(code, `rule ${rule.name}: ${celMessage(error)}`, path);
  }
  const checked = evaluate.check();
  if (!checked.valid) {
    return fail('policy_rule_invalid', `rule ${rule.name}: ${celMessage(checked.error)}`, path);
  }
  const resultType = ruleResultType(rule.name);
  // `dyn` (e.g. `dyn(x)`) cannot be decided here: the value is checked when the rule runs.
  if (checked.type !== resultType && checked.type !== 'dyn') {
    return fail(
      'policy_rule_type_invalid',
      `rule ${rule.name} yields ${checked.type}; it must yield ${resultType}`,
      path,
    );
  }
  return ok({ name: rule.name, path, resultType, evaluate });
}

/** Every rule of the pack that does not compile, in pack order (empty: all compile). */
export function policyRuleFailures(pack: Pick<PolicyPack, 'rules'>): KernelError[] {
  const failures: KernelError[] = [];
  for (const [index, rule] of (pack.rules ?? []).entries()) {
    const compiled = compileRule(rule, index);
    if (!compiled.ok) failures.push(compiled.error);
  }
  return failures;
}

/** Checks the pack and compiles every rule, without a cache (see PolicyCache for the cached path). */
export function compilePolicyUncached(value: PolicyPack): Result<CompiledPolicy> {
  const checked = checkPolicyPack(value as unknown as JsonValue);
  if (!checked.ok) return checked;
  // An own copy: a caller changing its object later cannot change what was compiled.
  const pack = structuredClone(checked.value);
  const conditions: CompiledRule[] = [];
  let auditRule: CompiledRule | undefined;
  for (const [index, rule] of (pack.rules ?? []).entries()) {
    const compiled = compileRule(rule, index);
    if (!compiled.ok) return compiled;
    if (compiled.value.resultType === 'bool') conditions.push(compiled.value);
    else auditRule = compiled.value;
  }
  const verifierAnchors = new Set(
    pack.trustAnchors.filter((anchor) => anchor.roles.includes('verifier')).map((a) => a.did),
  );
  const mips = new Map(pack.mips.map((entry) => [entry.mip, entry]));
  return ok({
    pack,
    conditions,
    ...(auditRule === undefined ? {} : { auditRule }),
    verifierAnchors,
    mips,
  });
}
