/**
 * Conformance: netting and payouts. A window's minted receipts become one instruction per
 * credited account (its parts, capped by its balance), the plan is stored and named by its
 * content, confirming it posts account → rail#<currency> and marks the receipts paid, and a plan
 * whose receipts moved on is stale.
 */
import { contentId } from '@mycel/kernel';
import { describe, expect, it } from 'vitest';
import type { LedgerStore, PayoutPlan } from '../src/index.js';
import {
  accountOf,
  expectCode,
  expectConserved,
  expectRefused,
  type LedgerSuite,
  move,
  openTestAccounts,
  PARTY,
  settle,
  testReceipt,
} from './ledger-fixtures.js';

/** Five receipts: three INR in [0, 500), one INR at 1000, one EUR at 150. */
async function mintWindow(store: LedgerStore) {
  await openTestAccounts(store);
  await openTestAccounts(store, 'EUR');
  const inWindow = [
    testReceipt('w-1', { amount: 1000n }),
    testReceipt('w-2', { amount: 555n }),
    testReceipt('w-3', {
      amount: 42n,
      splits: [{ party: PARTY.ownerA, role: 'payee', bps: 10_000 }],
    }),
  ];
  const later = testReceipt('w-late', { amount: 300n });
  const euro = testReceipt('w-euro', { amount: 700n, currency: 'EUR' });
  const times = [100, 200, 499];
  for (const [index, receipt] of inWindow.entries()) {
    await store.mint(receipt, settle(receipt), { atMs: times[index]! });
  }
  await store.mint(later, settle(later), { atMs: 1000 });
  await store.mint(euro, settle(euro), { atMs: 150 });
  return { inWindow, later, euro };
}

/** The instructions the contract asks for, computed from the receipts' transfers. */
function expectedInstructions(receipts: ReturnType<typeof testReceipt>[]) {
  const parts = new Map<string, { amount: bigint; receipts: string[] }>();
  for (const receipt of receipts) {
    for (const transfer of settle(receipt)) {
      const part = parts.get(transfer.credit) ?? { amount: 0n, receipts: [] };
      part.amount += transfer.amount;
      if (!part.receipts.includes(receipt.id)) part.receipts.push(receipt.id);
      parts.set(transfer.credit, part);
    }
  }
  return [...parts.keys()].sort().map((account) => ({
    payee: account.slice(0, account.lastIndexOf('#')),
    account,
    amount: parts.get(account)!.amount,
    receipts: parts.get(account)!.receipts.sort(),
  }));
}

export function describePayoutRules({ fresh }: LedgerSuite): void {
  describe('payouts', () => {
    it('nets a window into one instruction per payee, named by its content, planned once', async () => {
      const { store } = await fresh();
      const { inWindow } = await mintWindow(store);
      const window = { currency: 'INR', fromMs: 0, toMs: 500 };
      const plan = await store.planPayout(window);
      const instructions = expectedInstructions(inWindow);
      expect(plan).toMatchObject({ ...window, status: 'planned', instructions });
      expect(plan.receipts).toEqual(inWindow.map((receipt) => receipt.id).sort());
      expect(plan.id).toBe(
        contentId({
          ...window,
          instructions: instructions.map((i) => ({ ...i, amount: i.amount.toString() })),
          receipts: inWindow.map((receipt) => receipt.id).sort(),
        }),
      );
      expect(plan.positions.reduce((sum, position) => sum + position.net, 0n)).toBe(0n);
      expect(plan.positions.find((p) => p.account === accountOf(PARTY.payer, 'INR'))!.net).toBe(
        -1597n,
      );
      expect(plan.positions.map((p) => p.account)).toEqual(
        plan.positions.map((p) => p.account).sort(),
      );
      expect(await store.planPayout(window)).toEqual(plan);
      expect(await store.payout(plan.id)).toEqual(plan);
      expect(await store.payouts()).toEqual([plan]);
      for (const bad of [
        { ...window, toMs: 0 },
        { ...window, fromMs: 600 },
        { ...window, fromMs: -1 },
        { ...window, currency: 'inr' },
      ]) {
        await expectRefused(store, () => store.planPayout(bad), 'ledger_request_invalid');
      }
    });

    it('a window whose only receipt is zero settles it once: the next plan is a new, empty one', async () => {
      const { store } = await fresh();
      const zero = testReceipt('w-zero', { amount: 0n });
      expect(await store.mint(zero, settle(zero), { atMs: 100 })).toBe('minted');
      const window = { currency: 'INR', fromMs: 0, toMs: 500 };
      const first = await store.planPayout(window);
      expect(first.receipts).toEqual([zero.id]);
      expect(first.instructions).toEqual([]);
      expect(await store.confirmPayout(first.id, 600)).toBe('confirmed');
      const second = await store.planPayout(window);
      expect(second.receipts).toEqual([]);
      expect(second.id).not.toBe(first.id);
      expect((await store.payout(first.id))?.status).toBe('confirmed');
    });

    it('confirms: pays each account to the rail and marks the receipts paid, once', async () => {
      const { store } = await fresh();
      const { inWindow, later } = await mintWindow(store);
      const plan = await store.planPayout({ currency: 'INR', fromMs: 0, toMs: 500 });
      const before = await store.balances();
      const railBefore = await store.balance('rail#INR');
      expect(await store.confirmPayout(plan.id, 600)).toBe('confirmed');
      for (const instruction of plan.instructions) {
        const left = before.get(instruction.account)! - instruction.amount;
        expect(await store.balance(instruction.account)).toBe(left);
      }
      expect(await store.balance('rail#INR')).toBe(railBefore + 1597n);
      for (const receipt of inWindow) {
        expect(await store.receipt(receipt.id)).toMatchObject({ status: 'paid', paidBy: plan.id });
        expect((await store.receipt(receipt.id))!.receipt.status).toBe('paid');
      }
      expect((await store.receipt(later.id))!.status).toBe('minted');
      expect((await store.payout(plan.id))!.status).toBe('confirmed');
      const payouts = (await store.transfers()).filter((row) => row.kind === 'payout');
      expect(payouts).toHaveLength(plan.instructions.length);
      for (const row of payouts) {
        expect(row).toMatchObject({
          batch: `payout:${plan.id}`,
          receipt: null,
          credit: 'rail#INR',
          atMs: 600,
        });
      }
      expect(await store.confirmPayout(plan.id, 700)).toBe('duplicate');
      const next = await store.planPayout({ currency: 'INR', fromMs: 0, toMs: 500 });
      expect(next).toMatchObject({ instructions: [], receipts: [], status: 'planned' });
      expect(next.id).not.toBe(plan.id);
      await expectRefused(
        store,
        () => store.confirmPayout('sha256:nothing', 1),
        'ledger_payout_unknown',
      );
      await expectCode(store.confirmPayout(next.id, -1), 'ledger_request_invalid');
      expect(await store.confirmPayout(next.id, 800)).toBe('confirmed');
      await expectConserved(store);
    });

    it('refuses a stale plan: a receipt paid by another payout, or reversed', async () => {
      const { store } = await fresh();
      const { inWindow } = await mintWindow(store);
      const early = await store.planPayout({ currency: 'INR', fromMs: 0, toMs: 500 });
      const overlapping = await store.planPayout({ currency: 'INR', fromMs: 150, toMs: 2000 });
      expect(await store.confirmPayout(overlapping.id, 2100)).toBe('confirmed');
      await expectRefused(store, () => store.confirmPayout(early.id, 2200), 'ledger_payout_stale');
      expect((await store.payout(early.id))!.status).toBe('planned');
      const first = await store.planPayout({ currency: 'INR', fromMs: 0, toMs: 150 });
      expect(first.receipts).toEqual([inWindow[0]!.id]);
      await store.reverse(inWindow[0]!.id, { atMs: 2300, reason: 'overturned' });
      await expectRefused(store, () => store.confirmPayout(first.id, 2400), 'ledger_payout_stale');
      await expectConserved(store);
    });

    it('pays an account at most its balance, and nothing when that is not above zero', async () => {
      const { store } = await fresh();
      const { inWindow, later } = await mintWindow(store);
      const ownerA = accountOf(PARTY.ownerA, 'INR');
      const ownerC = accountOf(PARTY.ownerC, 'INR');
      const laterPart = (account: string) =>
        settle(later).find((transfer) => transfer.credit === account)!.amount;
      // ownerA keeps its later receipt's part and 100 less than its parts in the window.
      const withdrawn = laterPart(ownerA) + 100n;
      await store.deposit('withdraw-a', [move(PARTY.ownerA, 'rail', withdrawn)], 600);
      await store.deposit('withdraw-c', [move(PARTY.ownerC, 'rail', 1000n)], 600);
      const plan = await store.planPayout({ currency: 'INR', fromMs: 0, toMs: 500 });
      const parts = expectedInstructions(inWindow);
      const partOf = (account: string) => parts.find((part) => part.account === account)!.amount;
      const instructionOf = (account: string) =>
        plan.instructions.find((i) => i.account === account);
      expect(instructionOf(ownerA)!.amount).toBe(partOf(ownerA) - 100n);
      expect(instructionOf(ownerC)).toBeUndefined();
      expect(await store.confirmPayout(plan.id, 700)).toBe('confirmed');
      expect(await store.balance(ownerA)).toBe(0n);
      expect(await store.balance(ownerC)).toBe(partOf(ownerC) + laterPart(ownerC) - 1000n);
      await expectConserved(store);
    });

    it('needs the rail account to pay out, and confirms an empty window with no postings', async () => {
      const { store } = await fresh();
      for (const party of [PARTY.payer, PARTY.node]) {
        await store.openAccount({
          id: accountOf(party, 'EUR'),
          currency: 'EUR',
          allowCredit: true,
        });
      }
      const receipt = testReceipt('no-rail', {
        currency: 'EUR',
        splits: [{ party: PARTY.node, role: 'payee', bps: 10_000 }],
      });
      await store.mint(receipt, settle(receipt), { atMs: 10 });
      const plan: PayoutPlan = await store.planPayout({ currency: 'EUR', fromMs: 0, toMs: 100 });
      await expectRefused(store, () => store.confirmPayout(plan.id, 200), 'ledger_account_unknown');
      const empty = await store.planPayout({ currency: 'EUR', fromMs: 100, toMs: 200 });
      expect(empty).toMatchObject({ instructions: [], positions: [], receipts: [] });
      expect(await store.confirmPayout(empty.id, 300)).toBe('confirmed');
      expect(await store.transfers()).toHaveLength(1);
    });
  });
}
