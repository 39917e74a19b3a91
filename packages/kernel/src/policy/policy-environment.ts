/**
 * The one CEL environment every policy rule is compiled in (docs/spec/policy-packs.md): the
 * variables a rule may read, with their types, and the result type each rule name must yield.
 * Variables are declared with types, so a rule that reads a field that does not exist, or mixes
 * types (`proof.p + 1`: double + int), is refused when the pack is compiled, not when it decides.
 * Building an environment is the expensive part of cel-js, so there is exactly one.
 */
import { Environment } from '@marcbachmann/cel-js';
import { POLICY_RULE_AST_NODES_MAX, POLICY_RULE_DEPTH_MAX } from '../limits.js';

/** The CEL type of each variable a rule may read; documented in docs/spec/policy-packs.md. */
export const POLICY_VARIABLES = {
  proof: { mip: 'string', value: 'double', unit: 'string', p: 'double' },
  verifications: 'list<Verification>',
  producer: { did: 'string', reputation: 'double' },
  stake: { minor: 'int', currency: 'string' },
  policy: {
    pMin: 'double',
    verifiersK: 'int',
    counted: 'int',
    auditRate: 'double',
    settleable: 'bool',
  },
} as const;

/** One element of `verifications`; `anchored` is true for a trust anchor with the verifier role. */
export const VERIFICATION_FIELDS = {
  verifier: 'string',
  p: 'double',
  verdict: 'string',
  anchored: 'bool',
} as const;

/** Rules that yield a value rather than a condition, and the CEL type of that value. */
export const VALUE_RULES = { 'audit-rate': 'double' } as const;
export type ValueRuleName = keyof typeof VALUE_RULES;

/** Every other rule (the well-known `accept` among them) is a condition and yields bool. */
export type RuleResultType = 'bool' | 'double';

export function ruleResultType(name: string): RuleResultType {
  return Object.hasOwn(VALUE_RULES, name) ? VALUE_RULES[name as ValueRuleName] : 'bool';
}

/*
 * The values rules read are instances of these classes, one per decision: cel-js recognises a
 * registered type by its constructor, so it reads fields directly instead of wrapping a plain
 * object for every rule that touches it.
 */
export class ProofValue {
  constructor(
    readonly mip: string,
    readonly value: number,
    readonly unit: string,
    readonly p: number,
  ) {}
}
export class VerificationValue {
  constructor(
    readonly verifier: string,
    readonly p: number,
    readonly verdict: string,
    readonly anchored: boolean,
  ) {}
}
export class ProducerValue {
  constructor(
    readonly did: string,
    readonly reputation: number,
  ) {}
}
export class StakeValue {
  constructor(
    readonly minor: bigint,
    readonly currency: string,
  ) {}
}
export class PolicyValue {
  constructor(
    readonly pMin: number,
    readonly verifiersK: bigint,
    readonly counted: bigint,
    readonly auditRate: number,
    readonly settleable: boolean,
  ) {}
}

/** What one rule evaluation reads: the variables of POLICY_VARIABLES. */
export interface PolicyContext {
  readonly proof: ProofValue;
  readonly verifications: readonly VerificationValue[];
  readonly producer: ProducerValue;
  readonly stake: StakeValue;
  readonly policy: PolicyValue;
}

function buildEnvironment(): Environment {
  return new Environment({
    limits: { maxAstNodes: POLICY_RULE_AST_NODES_MAX, maxDepth: POLICY_RULE_DEPTH_MAX },
  })
    .registerType('Proof', { ctor: ProofValue, fields: POLICY_VARIABLES.proof })
    .registerType('Verification', { ctor: VerificationValue, fields: VERIFICATION_FIELDS })
    .registerType('Producer', { ctor: ProducerValue, fields: POLICY_VARIABLES.producer })
    .registerType('Stake', { ctor: StakeValue, fields: POLICY_VARIABLES.stake })
    .registerType('Policy', { ctor: PolicyValue, fields: POLICY_VARIABLES.policy })
    .registerVariable('proof', 'Proof')
    .registerVariable('verifications', POLICY_VARIABLES.verifications)
    .registerVariable('producer', 'Producer')
    .registerVariable('stake', 'Stake')
    .registerVariable('policy', 'Policy');
}

export const POLICY_ENVIRONMENT: Environment = buildEnvironment();
