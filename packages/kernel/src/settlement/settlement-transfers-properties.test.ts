/**
 * Property tests of settlementTransfers (fast-check): for random fees up to 10^18 minor units,
 * share tables of 1..64 owners and split policies summing to 10 000 bps, the transfers sum
 * exactly, each party is within one unit per split level of its exact share, and listing order
 * changes nothing. 5 500 cases (numRuns below); ownership-properties.test.ts runs 4 500 more.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  OWNERS,
  policyArbitrary,
  receiptOf,
  recordOf,
  tableArbitrary,
  totalArbitrary,
} from '../../test/settlement-property-support.js';
import { CLIENT, NODE, OPERATOR, PROTOCOL, unwrap } from '../../test/settlement-test-support.js';
import { BPS_TOTAL, SPLIT_PARTIES_MAX } from '../limits.js';
import { accountOf } from './accounts.js';
import { nodeFeeSplits } from './node-fee-splits.js';
import { settlementTransfers } from './settlement-transfers.js';

const BPS = BigInt(BPS_TOTAL);
const absolute = (value: bigint) => (value < 0n ? -value : value);

describe('settlementTransfers: properties', () => {
  const caseArbitrary = fc.record({
    total: totalArbitrary,
    table: tableArbitrary(OWNERS.length, SPLIT_PARTIES_MAX),
    policy: policyArbitrary,
    operatorOwns: fc.boolean(),
  });

  it('sums exactly; each party within 1 unit per split level of its exact share', () => {
    fc.assert(
      fc.property(caseArbitrary, ({ total, table, policy, operatorOwns }) => {
        const operator = operatorOwns ? table[0]!.party : OPERATOR.key.did;
        const record = recordOf(table, policy, operator);
        const { splits, holdings } = nodeFeeSplits(record, NODE.key.did, PROTOCOL.key.did);
        const transfers = unwrap(settlementTransfers(receiptOf(total, splits), holdings));
        expect(transfers.reduce((sum, transfer) => sum + transfer.amount, 0n)).toBe(total);
        const received = new Map<string, bigint>();
        for (const transfer of transfers) {
          expect(typeof transfer.amount).toBe('bigint');
          expect(transfer.amount > 0n).toBe(true);
          expect(transfer.debit).toBe(accountOf(CLIENT.key.did, 'INR'));
          received.set(transfer.credit, (received.get(transfer.credit) ?? 0n) + transfer.amount);
        }
        // Exact shares as fractions over BPS_TOTAL × all shares; levels: the pool is split twice.
        const sharesTotal = table.reduce((sum, holding) => sum + holding.shares, 0n);
        const scale = BPS * sharesTotal;
        const exact = new Map<string, { scaled: bigint; levels: bigint }>();
        const add = (party: string, scaled: bigint, levels: bigint) => {
          const before = exact.get(party) ?? { scaled: 0n, levels: 0n };
          exact.set(party, { scaled: before.scaled + scaled, levels: before.levels + levels });
        };
        for (const { party, shares } of table)
          add(party, total * BigInt(policy.owners) * shares, 2n);
        if (policy.operator > 0) add(operator, total * BigInt(policy.operator) * sharesTotal, 1n);
        add(PROTOCOL.key.did, total * BigInt(policy.protocol) * sharesTotal, 1n);
        for (const [party, { scaled, levels }] of exact) {
          const amount = received.get(accountOf(party, 'INR')) ?? 0n;
          expect(absolute(amount * scale - scaled) < levels * scale).toBe(true);
        }
        expect(received.size).toBeLessThanOrEqual(exact.size);
      }),
      { numRuns: 4000 },
    );
  });

  it('does not depend on the order owners or splits are listed in', () => {
    fc.assert(
      fc.property(
        caseArbitrary.chain((input) =>
          fc.record({
            input: fc.constant(input),
            shuffled: fc.shuffledSubarray(input.table, {
              minLength: input.table.length,
              maxLength: input.table.length,
            }),
            reverseSplits: fc.boolean(),
          }),
        ),
        ({ input, shuffled, reverseSplits }) => {
          const { total, table, policy } = input;
          const record = recordOf(table, policy, OPERATOR.key.did);
          const { splits, holdings } = nodeFeeSplits(record, NODE.key.did, PROTOCOL.key.did);
          const reordered = reverseSplits ? [...splits].reverse() : splits;
          const expected = settlementTransfers(receiptOf(total, splits), holdings);
          expect(settlementTransfers(receiptOf(total, reordered), shuffled)).toEqual(expected);
        },
      ),
      { numRuns: 1500 },
    );
  });
});
