/**
 * Property tests of NodeCo ownership (fast-check): across random valid chains of share transfers
 * the number of shares is conserved and ownershipAt matches a plain replay, checkShareTransfers
 * accepts every valid signed chain and pins a broken transfer to its index, and fees earned before
 * a transfer follow the old shares. 4 500 cases (numRuns below).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  OWNER_SIGNERS,
  OWNERS,
  receiptOf,
  recordOf,
  tableArbitrary,
  totalArbitrary,
} from '../../test/settlement-property-support.js';
import {
  asJson,
  HOUR_MS,
  NODE,
  OPERATOR,
  PROTOCOL,
  RECORD_MS,
  signedTransfer,
  unwrap,
} from '../../test/settlement-test-support.js';
import { withSignature } from '../crypto/signed-object.js';
import { nodeFeeSplits } from './node-fee-splits.js';
import { checkNodeCo } from './nodeco.js';
import type { NodeCo } from './nodeco-schema.js';
import { checkShareTransfers, nodeCoHoldings, ownershipAt } from './ownership.js';
import { settlementTransfers } from './settlement-transfers.js';
import { buildShareTransfer } from './share-transfer.js';
import type { ShareTransfer } from './share-transfer-schema.js';

/** Chains move shares among a smaller set of parties, so owners meet again and again. */
const CHAIN_PARTIES = 12;

interface Step {
  readonly from: number;
  readonly to: number;
  readonly portion: bigint;
  readonly gapMs: number;
}

const stepsArbitrary = (minLength: number, maxLength: number) =>
  fc.array(
    fc.record({
      from: fc.nat(),
      to: fc.nat(),
      portion: fc.bigInt({ min: 0n, max: 10n ** 18n }),
      gapMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 * HOUR_MS })),
    }),
    { minLength, maxLength },
  );

/** A valid chain from random steps: each giver is a current holder, each gift at most its holding. */
function chainOf(record: NodeCo, steps: readonly Step[]): ShareTransferPlan[] {
  const held = new Map(nodeCoHoldings(record).map((holding) => [holding.party, holding.shares]));
  const plans: ShareTransferPlan[] = [];
  const seen = new Set<string>();
  let atMs = RECORD_MS;
  for (const step of steps) {
    const holders = [...held.keys()].sort();
    const fromIndex = OWNERS.indexOf(holders[step.from % holders.length]!);
    let toIndex = step.to % CHAIN_PARTIES;
    if (toIndex === fromIndex) toIndex = (toIndex + 1) % CHAIN_PARTIES;
    const from = OWNERS[fromIndex]!;
    const to = OWNERS[toIndex]!;
    const shares = 1n + (step.portion % held.get(from)!);
    held.set(from, held.get(from)! - shares);
    if (held.get(from) === 0n) held.delete(from);
    held.set(to, (held.get(to) ?? 0n) + shares);
    atMs += step.gapMs;
    // The same gift twice at one instant is one signed object (one id): checkShareTransfers
    // refuses the second as a replay. Two real gifts are a millisecond apart.
    if (seen.has(`${fromIndex}/${toIndex}/${shares}/${atMs}`)) atMs += 1;
    seen.add(`${fromIndex}/${toIndex}/${shares}/${atMs}`);
    plans.push({ fromIndex, toIndex, shares, atMs });
  }
  return plans;
}

interface ShareTransferPlan {
  readonly fromIndex: number;
  readonly toIndex: number;
  readonly shares: bigint;
  readonly atMs: number;
}

function unsignedChain(record: NodeCo, plans: readonly ShareTransferPlan[]): ShareTransfer[] {
  return plans.map((plan) =>
    buildShareTransfer({
      nodeco: record.id,
      node: record.node,
      from: OWNERS[plan.fromIndex]!,
      to: OWNERS[plan.toIndex]!,
      shares: plan.shares.toString(),
      effectiveAt: new Date(plan.atMs).toISOString(),
    }),
  );
}

/** The slow twin of ownershipAt: a plain map, every plan with atMs ≤ the time, in order. */
function holdingsTwin(record: NodeCo, plans: readonly ShareTransferPlan[], atMs: number) {
  const held = new Map(record.owners.map((owner) => [owner.party, BigInt(owner.shares)]));
  for (const plan of plans.filter((entry) => entry.atMs <= atMs)) {
    const from = OWNERS[plan.fromIndex]!;
    const to = OWNERS[plan.toIndex]!;
    held.set(from, held.get(from)! - plan.shares);
    held.set(to, (held.get(to) ?? 0n) + plan.shares);
  }
  return [...held]
    .filter(([, shares]) => shares > 0n)
    .map(([party, shares]) => ({ party, shares }))
    .sort((left, right) => (left.party < right.party ? -1 : 1));
}

const chainCaseArbitrary = (minSteps: number, maxSteps: number) =>
  fc.record({
    table: tableArbitrary(CHAIN_PARTIES, CHAIN_PARTIES),
    steps: stepsArbitrary(minSteps, maxSteps),
    queryMs: fc.integer({ min: -HOUR_MS, max: 40 * 3 * HOUR_MS }),
  });

describe('ownership: properties', () => {
  it('ownershipAt conserves the total number of shares and matches a plain replay', () => {
    fc.assert(
      fc.property(chainCaseArbitrary(0, 24), fc.nat(), ({ table, steps, queryMs }, pick) => {
        const record = recordOf(
          table,
          { owners: 7000, operator: 2000, protocol: 1000 },
          OPERATOR.key.did,
        );
        const plans = chainOf(record, steps);
        const chain = unsignedChain(record, plans);
        const total = table.reduce((sum, holding) => sum + holding.shares, 0n);
        // A random time, both sides of one random transfer, and the end of the chain.
        const picked = plans[pick % Math.max(plans.length, 1)];
        const last = plans.at(-1)?.atMs ?? RECORD_MS;
        const around = picked === undefined ? [] : [picked.atMs - 1, picked.atMs];
        const times = [RECORD_MS + queryMs, ...around, last];
        for (const atMs of times) {
          const holdings = ownershipAt(record, chain, atMs);
          expect(holdings.reduce((sum, holding) => sum + holding.shares, 0n)).toBe(total);
          expect(holdings.every((holding) => holding.shares > 0n)).toBe(true);
          expect(holdings).toEqual(holdingsTwin(record, plans, atMs));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('checkShareTransfers accepts every valid signed chain and pins a broken one to its index', () => {
    fc.assert(
      fc.property(
        chainCaseArbitrary(1, 8),
        fc.nat(),
        fc.constantFrom('forged', 'excess', 'backdated'),
        ({ table, steps }, breakAt, how) => {
          const record = recordOf(
            table,
            { owners: 7000, operator: 2000, protocol: 1000 },
            OPERATOR.key.did,
          );
          const plans = chainOf(record, steps);
          const signed = plans.map((plan) =>
            signedTransfer(
              record,
              OWNER_SIGNERS[plan.fromIndex]!,
              OWNER_SIGNERS[plan.toIndex]!,
              plan.shares.toString(),
              new Date(plan.atMs).toISOString(),
            ),
          );
          // The record itself is valid once the node signs it.
          expect(checkNodeCo(asJson(withSignature(record, 'nodeco', NODE))).ok).toBe(true);
          expect(unwrap(checkShareTransfers(record, signed))).toEqual(signed);
          const index = breakAt % plans.length;
          const plan = plans[index]!;
          const giver = OWNER_SIGNERS[plan.fromIndex]!;
          const recipient = OWNER_SIGNERS[plan.toIndex]!;
          const held = holdingsTwin(record, plans.slice(0, index), plan.atMs).find(
            (holding) => holding.party === giver.key.did,
          )!.shares;
          const broken =
            how === 'forged'
              ? signedTransfer(
                  record,
                  giver,
                  recipient,
                  plan.shares.toString(),
                  new Date(plan.atMs).toISOString(),
                  recipient,
                )
              : how === 'excess'
                ? signedTransfer(
                    record,
                    giver,
                    recipient,
                    (held + 1n).toString(),
                    new Date(plan.atMs).toISOString(),
                  )
                : signedTransfer(
                    record,
                    giver,
                    recipient,
                    plan.shares.toString(),
                    new Date(RECORD_MS - 1).toISOString(),
                  );
          // An excess gift can repeat, id for id, an earlier one of the same instant: a replay.
          const replay = signed.slice(0, index).some((transfer) => transfer.id === broken.id);
          const code = replay
            ? 'share_transfer_replayed'
            : {
                forged: 'share_transfer_signature_invalid',
                excess: 'share_transfer_insufficient',
                backdated: 'share_transfer_backdated',
              }[how];
          const checked = checkShareTransfers(record, [
            ...signed.slice(0, index),
            broken,
            ...signed.slice(index + 1),
          ]);
          expect(checked.ok ? undefined : checked.error.code).toBe(code);
          expect(checked.ok ? undefined : checked.error.path?.split('/')[1]).toBe(String(index));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('fees earned before a transfer follow the old shares, from its effectiveAt the new ones', () => {
    fc.assert(
      fc.property(
        chainCaseArbitrary(1, 12),
        fc.nat(),
        totalArbitrary,
        ({ table, steps }, pick, total) => {
          const record = recordOf(
            table,
            { owners: 7000, operator: 2000, protocol: 1000 },
            OPERATOR.key.did,
          );
          const plans = chainOf(record, steps);
          const chain = unsignedChain(record, plans);
          const { splits } = nodeFeeSplits(record, NODE.key.did, PROTOCOL.key.did);
          const receipt = receiptOf(total, splits);
          const changeMs = plans[pick % plans.length]!.atMs;
          for (const atMs of [changeMs - 1, changeMs]) {
            const paid = settlementTransfers(receipt, ownershipAt(record, chain, atMs));
            expect(paid).toEqual(settlementTransfers(receipt, holdingsTwin(record, plans, atMs)));
          }
          const before = settlementTransfers(receipt, ownershipAt(record, chain, changeMs - 1));
          // Any time from the previous change up to this one pays the same as just before it.
          const previous = plans.filter((plan) => plan.atMs < changeMs).at(-1)?.atMs;
          const from = previous ?? changeMs - 1;
          const between = from + Math.floor((changeMs - 1 - from) / 2);
          expect(settlementTransfers(receipt, ownershipAt(record, chain, between))).toEqual(before);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
