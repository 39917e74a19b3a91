/**
 * The splits a receipt for a node's fee carries (ARCHITECTURE §5.5). They are role-level: the
 * owners' pool is one split whose party is the node's DID, and settlementTransfers divides that
 * part again among the owners pro rata to their shares at the fee's time. A node without a NodeCo
 * record is its own single owner and pays the protocol its share.
 */
import type { ReceiptSplit } from '../invariants/k7-receipt-schema.js';
import type { Holding } from '../invariants/k7-split-amount.js';
import { assert } from '../result.js';
import type { NodeCo, NodeCoPolicy } from './nodeco-schema.js';
import { nodeCoHoldings } from './ownership.js';

/** A node with no NodeCo record: 90 % to the node as its own owner, 10 % to the protocol. */
export const SOLE_OWNER_POLICY: NodeCoPolicy = { owners: 9000, operator: 0, protocol: 1000 };

export interface NodeFeeSplits {
  /** Owner pool, operator (left out at 0 bps), protocol: the receipt's `splits`. */
  readonly splits: ReceiptSplit[];
  /** How the owner pool divides: the record's own owners, or the node alone without a record. */
  readonly holdings: Holding[];
}

/**
 * `record`: the node's checked NodeCo record, or undefined when it has none. `protocol`: the party
 * the federation settles the protocol share to. A record of another node or naming another
 * protocol party is the caller's bug (admission refuses such records), so it throws. The holdings
 * returned are the record's own owners: for a fee earned after share transfers, divide the pool by
 * ownershipAt(record, transfers, earnedAtMs) instead.
 */
export function nodeFeeSplits(
  record: NodeCo | undefined,
  node: string,
  protocol: string,
): NodeFeeSplits {
  assert(node !== protocol, 'the protocol party is not the node');
  if (record === undefined) {
    return {
      splits: policySplits(node, node, protocol, SOLE_OWNER_POLICY),
      holdings: [{ party: node, shares: 1n }],
    };
  }
  assert(record.node === node, `the NodeCo record of ${record.node} is not the record of ${node}`);
  assert(record.protocol === protocol, `the NodeCo record pays the protocol share to ${protocol}`);
  return {
    splits: policySplits(record.node, record.operator, record.protocol, record.policy),
    holdings: nodeCoHoldings(record),
  };
}

function policySplits(
  node: string,
  operator: string,
  protocol: string,
  policy: NodeCoPolicy,
): ReceiptSplit[] {
  const splits: ReceiptSplit[] = [{ party: node, role: 'owner', bps: policy.owners }];
  if (policy.operator > 0) splits.push({ party: operator, role: 'operator', bps: policy.operator });
  splits.push({ party: protocol, role: 'protocol', bps: policy.protocol });
  return splits;
}
