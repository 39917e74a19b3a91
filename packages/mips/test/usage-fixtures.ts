/** Keys and a well-formed usage proof for the session MIP tests. */
import { ed25519SignerFromSeed, type Proof, type Signer, signProof } from '@mycel/kernel';
import { buildUsageProof, type UsageProofFields } from '../src/index.js';

export const nodeKey: Signer = ed25519SignerFromSeed(new Uint8Array(32).fill(11));
export const clientKey: Signer = ed25519SignerFromSeed(new Uint8Array(32).fill(12));
export const otherKey: Signer = ed25519SignerFromSeed(new Uint8Array(32).fill(13));

export const START_MS = Date.UTC(2026, 10, 28, 7, 0, 0);

export const FIELDS: UsageProofFields = {
  federation: 'devnet',
  sid: 'AAAAAAAAAAAAAAAAAAAAAA',
  node: nodeKey.key.did,
  client: clientKey.key.did,
  agent: 'tutor',
  class: 'interactive',
  epoch: 2,
  seconds: 90,
  turns: 4,
  unitPrice: { minor: '3', currency: 'INR' },
  windowStartMs: START_MS,
  windowEndMs: START_MS + 90_500,
};

/** Signs with each key in order; a failure to sign is a bug in the test. */
export function signed(proof: Proof, ...keys: Signer[]): Proof {
  let current = proof;
  for (const key of keys) {
    const next = signProof(current, key);
    if (!next.ok) throw new Error(next.error.message);
    current = next.value;
  }
  return current;
}

/** The usage proof of FIELDS (with `changes`), signed by the node and countersigned by the client. */
export function countersigned(changes: Partial<UsageProofFields> = {}): Proof {
  return signed(buildUsageProof({ ...FIELDS, ...changes }), nodeKey, clientKey);
}
