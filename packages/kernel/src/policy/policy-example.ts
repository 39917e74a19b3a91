/**
 * A realistic policy pack for a solar federation and a decision input for it: what
 * `mycel policy example` writes, what the policy benchmark decides with, and what the docs show
 * (docs/spec/policy-packs.md). Seven rules, each a different kind of condition.
 */
import type { PolicyPackFields } from '../invariants/k8-policy-pack.js';
import type { PolicyRule } from '../invariants/k8-policy-pack-schema.js';
import type { PolicyInput } from './policy-input-schema.js';

export const EXAMPLE_ENERGY_MIP = 'mip-enr/generation-interval@1.0.0';

export const EXAMPLE_POLICY_RULES: readonly PolicyRule[] = [
  // A MIP the pack accepts but does not settle may not carry value.
  { name: 'accept', expression: 'policy.settleable || stake.minor == 0' },
  { name: 'value-positive', expression: 'proof.value > 0.0' },
  {
    name: 'energy-unit',
    expression: '!proof.mip.startsWith("mip-enr/") || proof.unit in ["Wh", "kWh"]',
  },
  // One anchored verifier that says `fail` blocks, however many passed.
  {
    name: 'no-anchor-fails',
    expression: '!verifications.exists(v, v.anchored && v.verdict == "fail")',
  },
  // New producers (low reputation) may not take large stakes.
  { name: 'newcomer-cap', expression: 'producer.reputation >= 0.2 || stake.minor <= 100000' },
  // Large stakes need one verifier more than the pack's k.
  {
    name: 'large-stake-quorum',
    expression: 'stake.minor < 1000000 || policy.counted >= policy.verifiersK + 1',
  },
  {
    name: 'audit-rate',
    expression: 'producer.reputation < 0.5 && stake.minor >= 500000 ? 1.0 : policy.auditRate',
  },
];

/** The fields of the example pack; `verifiers` become trust anchors with the verifier role. */
export function examplePolicyPackFields(options: {
  readonly federation: string;
  readonly issuedAt: string;
  readonly verifiers: readonly string[];
}): PolicyPackFields {
  return {
    federation: options.federation,
    version: 1,
    issuedAt: options.issuedAt,
    mips: [
      { mip: EXAMPLE_ENERGY_MIP, settleable: true, pMin: 0.9 },
      { mip: 'mip-mfg/lot-conformance@1.0.0', settleable: true },
      { mip: 'mip-hlt/hrv-short-term@1.0.0', settleable: false },
    ],
    trustAnchors: options.verifiers.map((did) => ({ did, roles: ['verifier' as const] })),
    rules: [...EXAMPLE_POLICY_RULES],
    splitDefaults: [
      { role: 'owner', bps: 9000 },
      { role: 'protocol', bps: 1000 },
    ],
    acceptance: { verifiersK: 2, pMin: 0.8 },
    audit: {
      baseRate: 0.02,
      byReputation: [
        { below: 0.5, rate: 0.1 },
        { below: 0.2, rate: 0.25 },
      ],
      byStake: [
        { currency: 'INR', atLeastMinor: '1000000', rate: 0.2 },
        { currency: 'EUR', atLeastMinor: '10000', rate: 0.2 },
      ],
    },
  };
}

/** A decision input that the example pack accepts: two anchored verifiers passed 1.2 kWh. */
export function examplePolicyInput(options: {
  readonly producer: string;
  readonly verifiers: readonly string[];
}): PolicyInput {
  return {
    proof: { mip: EXAMPLE_ENERGY_MIP, value: 1.2, unit: 'kWh', p: 0.97 },
    verifications: options.verifiers.map((verifier, index) => ({
      verifier,
      p: 0.95 - index * 0.01,
      verdict: 'pass' as const,
    })),
    producer: { did: options.producer, reputation: 0.8 },
    stake: { minor: '9600', currency: 'INR' },
  };
}
