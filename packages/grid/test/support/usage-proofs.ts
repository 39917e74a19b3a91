/**
 * Usage proofs for coordinator tests: built with the session MIP, signed by a test node and
 * countersigned by whichever key a test names, so each bad case differs from the good one in one
 * field or one signature.
 */
import { type Proof, type Signer, signProof } from '@mycel/kernel';
import { buildUsageProof, type UsageProofFields } from '@mycel/mips';

export const TEST_PRICE = { minor: '3', currency: 'INR' } as const;

export function usageFields(
  sid: string,
  node: Signer,
  client: Signer,
  overrides: Partial<UsageProofFields> = {},
): UsageProofFields {
  const endMs = Date.now();
  const seconds = overrides.seconds ?? 0;
  return {
    federation: 'testgrid',
    sid,
    node: node.key.did,
    client: client.key.did,
    agent: 'tutor',
    class: 'interactive',
    epoch: 1,
    seconds,
    turns: 1,
    unitPrice: TEST_PRICE,
    windowStartMs: endMs - Math.max(1000, seconds * 1000),
    windowEndMs: endMs,
    ...overrides,
  };
}

/** Signed by each signer in order (the node first, then any countersigners). */
export function signedUsage(fields: UsageProofFields, signers: readonly Signer[]): Proof {
  let proof = buildUsageProof(fields);
  for (const signer of signers) {
    const signed = signProof(proof, signer);
    if (!signed.ok) throw new Error(signed.error.message);
    proof = signed.value;
  }
  return proof;
}
