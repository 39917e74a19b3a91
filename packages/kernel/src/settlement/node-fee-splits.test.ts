import { describe, expect, it } from 'vitest';
import {
  ASHA,
  NODE,
  OPERATOR,
  PROTOCOL,
  STRANGER,
  signedNodeCo,
} from '../../test/settlement-test-support.js';
import { nodeFeeSplits, SOLE_OWNER_POLICY } from './node-fee-splits.js';
import { nodeCoHoldings } from './ownership.js';

describe('nodeFeeSplits', () => {
  it('a NodeCo node: owners’ pool under the node’s DID, operator, protocol (70/20/10)', () => {
    const record = signedNodeCo();
    const { splits, holdings } = nodeFeeSplits(record, NODE.key.did, PROTOCOL.key.did);
    expect(splits).toEqual([
      { party: NODE.key.did, role: 'owner', bps: 7000 },
      { party: OPERATOR.key.did, role: 'operator', bps: 2000 },
      { party: PROTOCOL.key.did, role: 'protocol', bps: 1000 },
    ]);
    expect(holdings).toEqual(nodeCoHoldings(record));
    expect(holdings.map((holding) => holding.shares).sort()).toEqual([20n, 30n, 50n]);
  });

  it('leaves the operator out when its share is 0 bps', () => {
    const record = signedNodeCo({
      owners: [{ party: OPERATOR.key.did, shares: '1' }],
      policy: { owners: 8500, operator: 0, protocol: 1500 },
    });
    expect(nodeFeeSplits(record, NODE.key.did, PROTOCOL.key.did)).toEqual({
      splits: [
        { party: NODE.key.did, role: 'owner', bps: 8500 },
        { party: PROTOCOL.key.did, role: 'protocol', bps: 1500 },
      ],
      holdings: [{ party: OPERATOR.key.did, shares: 1n }],
    });
  });

  it('a node without a record is its own single owner: 90/10', () => {
    expect(SOLE_OWNER_POLICY).toEqual({ owners: 9000, operator: 0, protocol: 1000 });
    expect(nodeFeeSplits(undefined, NODE.key.did, PROTOCOL.key.did)).toEqual({
      splits: [
        { party: NODE.key.did, role: 'owner', bps: 9000 },
        { party: PROTOCOL.key.did, role: 'protocol', bps: 1000 },
      ],
      holdings: [{ party: NODE.key.did, shares: 1n }],
    });
  });

  it('throws on a record of another node, another protocol party, or a node that is the protocol', () => {
    const record = signedNodeCo();
    expect(() => nodeFeeSplits(record, STRANGER.key.did, PROTOCOL.key.did)).toThrow(
      /assertion failed/,
    );
    expect(() => nodeFeeSplits(record, NODE.key.did, ASHA.key.did)).toThrow(/assertion failed/);
    expect(() => nodeFeeSplits(undefined, NODE.key.did, NODE.key.did)).toThrow(/assertion failed/);
  });
});
