/**
 * One policy decision (docs/spec/policy-packs.md): is this proof accepted in the federation, at
 * what audit rate, and why not. The built-in parts come first and are the same for every pack —
 * the MIP is pinned, the reality p reaches pMin, k distinct verifier anchors passed it — then the
 * pack's CEL conditions in pack order, then its `audit-rate` rule. The same compiled pack and
 * input always give the same decision; a rule that fails is an error code, never a throw.
 */
import { fail, ok, type Result } from '../result.js';
import { compileSchema } from '../schema/schema-check.js';
import { bandAuditRate } from './policy-audit.js';
import type { CompiledPolicy, CompiledRule } from './policy-compile.js';
import {
  type PolicyContext,
  PolicyValue,
  ProducerValue,
  ProofValue,
  StakeValue,
  VerificationValue,
} from './policy-environment.js';
import { type PolicyInput, PolicyInputSchema } from './policy-input-schema.js';

const checkInput = compileSchema(PolicyInputSchema);

/** Why a proof was not accepted: each reason starts with one of these words and a colon. */
export const POLICY_REASONS = [
  'mip_not_pinned',
  'p_below_min',
  'verifiers_below_k',
  'rule_false',
] as const;

export interface PolicyRuleValue {
  readonly name: string;
  readonly value: boolean | number;
}

export interface PolicyDecision {
  /** The id of the pack that decided. */
  readonly pack: string;
  readonly mip: string;
  readonly accepted: boolean;
  /** Accepted, and the pack settles this MIP (K6): value may be minted against it. */
  readonly settleable: boolean;
  /** Empty when accepted; otherwise every reason, in the order the checks ran. */
  readonly reasons: readonly string[];
  /** The fraction of such proofs to audit, 0..1 (see shouldAudit). */
  readonly auditRate: number;
  /** The p a verifier result needed to count (0 when the pack sets none). */
  readonly pMin: number;
  /** Distinct verifier anchors that passed the proof with p ≥ pMin. */
  readonly verifiersCounted: number;
  /** What each rule yielded, in pack order (empty when the MIP is not pinned). */
  readonly rules: readonly PolicyRuleValue[];
}

/** `input` is untrusted: it is checked against the decision input schema first. */
export function decidePolicy(policy: CompiledPolicy, input: unknown): Result<PolicyDecision> {
  const mismatch = checkInput(input);
  if (mismatch) return fail('policy_input_invalid', mismatch.message, mismatch.path);
  const { proof, verifications, producer, stake } = input as PolicyInput;
  const { pack } = policy;
  const stakeMinor = BigInt(stake.minor);
  const bandRate = bandAuditRate(pack.audit, {
    reputation: producer.reputation,
    stakeMinor,
    currency: stake.currency,
  });
  const pinned = policy.mips.get(proof.mip);
  const decision = {
    pack: pack.id,
    mip: proof.mip,
    accepted: false,
    settleable: false,
    auditRate: bandRate,
    pMin: 0,
    verifiersCounted: 0,
  };
  if (pinned === undefined) {
    const reason = `mip_not_pinned: ${proof.mip} is not pinned by ${pack.federation}`;
    return ok({ ...decision, reasons: [reason], rules: [] });
  }

  const reasons: string[] = [];
  const pMin = pinned.pMin ?? pack.acceptance?.pMin ?? 0;
  if (proof.p < pMin) reasons.push(`p_below_min: p ${proof.p} is below ${pMin}`);
  const verifiersK = pack.acceptance?.verifiersK ?? 0;
  const passed = new Set<string>();
  const listed = verifications.map(({ verifier, p, verdict }) => {
    const anchored = policy.verifierAnchors.has(verifier);
    if (anchored && verdict === 'pass' && p >= pMin) passed.add(verifier);
    return new VerificationValue(verifier, p, verdict, anchored);
  });
  if (passed.size < verifiersK) {
    reasons.push(
      `verifiers_below_k: ${passed.size} of ${verifiersK} verifier anchors passed with p >= ${pMin}`,
    );
  }

  const context: PolicyContext = {
    proof: new ProofValue(proof.mip, proof.value, proof.unit, proof.p),
    verifications: listed,
    producer: new ProducerValue(producer.did, producer.reputation),
    stake: new StakeValue(stakeMinor, stake.currency),
    policy: new PolicyValue(
      pMin,
      BigInt(verifiersK),
      BigInt(passed.size),
      bandRate,
      pinned.settleable,
    ),
  };
  const rules: PolicyRuleValue[] = [];
  for (const rule of policy.conditions) {
    const value = evaluateRule(rule, context);
    if (!value.ok) return value;
    rules.push({ name: rule.name, value: value.value });
    if (value.value === false) reasons.push(`rule_false: ${rule.name}`);
  }
  let auditRate = bandRate;
  if (policy.auditRule !== undefined) {
    const value = evaluateRule(policy.auditRule, context);
    if (!value.ok) return value;
    rules.push({ name: policy.auditRule.name, value: value.value });
    auditRate = value.value as number;
  }
  const accepted = reasons.length === 0;
  return ok({
    ...decision,
    accepted,
    settleable: accepted && pinned.settleable,
    reasons,
    auditRate,
    pMin,
    verifiersCounted: passed.size,
    rules,
  });
}

/** Runs one compiled rule; whatever it throws or yields out of type becomes a coded failure. */
function evaluateRule(rule: CompiledRule, context: PolicyContext): Result<boolean | number> {
  let value: unknown;
  try {
    value = rule.evaluate(context as unknown as Record<string, unknown>);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return fail('policy_rule_failed', `rule ${rule.name}: ${text.split('\n')[0]}`, rule.path);
  }
  if (rule.resultType === 'bool') {
    if (typeof value === 'boolean') return ok(value);
  } else if (typeof value === 'number') {
    if (value >= 0 && value <= 1) return ok(value);
    return fail(
      'policy_rule_failed',
      `rule ${rule.name} yielded ${value}, outside 0..1`,
      rule.path,
    );
  }
  return fail(
    'policy_rule_type_invalid',
    `rule ${rule.name} yielded ${describe(value)}; it must yield ${rule.resultType}`,
    rule.path,
  );
}

function describe(value: unknown): string {
  if (typeof value === 'bigint') return 'an int';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}
