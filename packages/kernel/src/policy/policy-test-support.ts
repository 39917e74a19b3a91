/** Keys, the example pack and inputs the policy tests share (test support, not exported). */
import { ed25519SignerFromSeed } from '../crypto/signer.js';
import { buildPolicyPack, type PolicyPackFields } from '../invariants/k8-policy-pack.js';
import type { PolicyPack, PolicyRule } from '../invariants/k8-policy-pack-schema.js';
import { examplePolicyInput, examplePolicyPackFields } from './policy-example.js';
import type { PolicyInput } from './policy-input-schema.js';

function signer(fill: number) {
  return ed25519SignerFromSeed(new Uint8Array(32).fill(fill));
}

export const FEDERATION = signer(31);
export const VERIFIER_A = signer(32);
export const VERIFIER_B = signer(33);
export const VERIFIER_C = signer(34);
export const STRANGER = signer(35);
export const PRODUCER = signer(36);

export const FIELDS: PolicyPackFields = examplePolicyPackFields({
  federation: 'in.karnataka',
  issuedAt: '2026-11-01T00:00:00Z',
  verifiers: [VERIFIER_A.key.did, VERIFIER_B.key.did, VERIFIER_C.key.did],
});

export const PACK: PolicyPack = buildPolicyPack(FIELDS);

export const INPUT: PolicyInput = examplePolicyInput({
  producer: PRODUCER.key.did,
  verifiers: [VERIFIER_A.key.did, VERIFIER_B.key.did],
});

/** The example pack with its rules replaced. */
export function packWithRules(rules: readonly PolicyRule[], version = 1): PolicyPack {
  return buildPolicyPack({ ...FIELDS, version, rules: [...rules] });
}

/** INPUT with parts replaced (shallow per top-level variable). */
export function inputWith(
  change: Partial<{ [K in keyof PolicyInput]: Partial<PolicyInput[K]> }>,
): PolicyInput {
  return {
    proof: { ...INPUT.proof, ...change.proof },
    verifications: (change.verifications as PolicyInput['verifications']) ?? INPUT.verifications,
    producer: { ...INPUT.producer, ...change.producer },
    stake: { ...INPUT.stake, ...change.stake },
  };
}
