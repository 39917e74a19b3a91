/**
 * Arbitraries and builders shared by the settlement property tests (imported only by *.test.ts
 * files): random fees, share tables and split policies, and the records and receipts made of them.
 */
import fc from 'fast-check';
import { buildReceipt } from '../src/invariants/k7-receipt.js';
import type { Receipt, ReceiptSplit } from '../src/invariants/k7-receipt-schema.js';
import type { Holding } from '../src/invariants/k7-split-amount.js';
import { BPS_TOTAL, SPLIT_PARTIES_MAX } from '../src/limits.js';
import { buildNodeCo } from '../src/settlement/nodeco.js';
import type { NodeCo, NodeCoPolicy } from '../src/settlement/nodeco-schema.js';
import { SHARES_TOTAL_MAX } from '../src/settlement/shares.js';
import { CLIENT, nodeCoFields, signerNumber } from './settlement-test-support.js';

/** Parties owners are drawn from: more than SPLIT_PARTIES_MAX, so tables differ in who is in them. */
export const OWNER_SIGNERS = Array.from({ length: SPLIT_PARTIES_MAX + 8 }, (_, index) =>
  signerNumber(index + 1),
);
export const OWNERS = OWNER_SIGNERS.map((signer) => signer.key.did);
export const totalArbitrary = fc.oneof(
  fc.bigInt({ min: 0n, max: 10n ** 18n }),
  fc.bigInt({ min: 0n, max: 1000n }),
);
/** Up to SHARES_TOTAL_MAX / SPLIT_PARTIES_MAX each, so a table of 64 owners is a valid record. */
export const sharesArbitrary = fc.oneof(
  fc.bigInt({ min: 1n, max: 10n }),
  fc.bigInt({ min: 1n, max: SHARES_TOTAL_MAX / BigInt(SPLIT_PARTIES_MAX) }),
);
/** owners ≥ 1, protocol ≥ 1, operator ≥ 0 (often 0: fast-check favours the bounds). */
export const policyArbitrary: fc.Arbitrary<NodeCoPolicy> = fc
  .integer({ min: 1, max: BPS_TOTAL - 1 })
  .chain((owners) =>
    fc.integer({ min: 1, max: BPS_TOTAL - owners }).map((protocol) => ({
      owners,
      operator: BPS_TOTAL - owners - protocol,
      protocol,
    })),
  );
export const tableArbitrary = (parties: number, maxOwners: number): fc.Arbitrary<Holding[]> =>
  fc
    .uniqueArray(fc.integer({ min: 0, max: parties - 1 }), { minLength: 1, maxLength: maxOwners })
    .chain((indices) =>
      fc
        .array(sharesArbitrary, { minLength: indices.length, maxLength: indices.length })
        .map((shares) =>
          indices.map((index, at) => ({ party: OWNERS[index]!, shares: shares[at]! })),
        ),
    );

export function recordOf(
  table: readonly Holding[],
  policy: NodeCoPolicy,
  operator: string,
): NodeCo {
  const owners = table.map(({ party, shares }) => ({ party, shares: shares.toString() }));
  return buildNodeCo(nodeCoFields({ owners, policy, operator }));
}

export function receiptOf(total: bigint, splits: readonly ReceiptSplit[]): Receipt {
  return buildReceipt({
    federation: 'devnet',
    proofs: [`sha256:${'cd'.repeat(32)}`],
    acceptedConfidence: 1,
    amount: { minor: total.toString(), currency: 'INR' },
    payer: CLIENT.key.did,
    splits: [...splits],
    mintedAt: '2026-12-01T10:00:00Z',
  });
}
