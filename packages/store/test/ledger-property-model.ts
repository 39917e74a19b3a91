/**
 * Runs a random ledger history (ledger-property-arbitraries.ts) against a real store and a small
 * model of what must be true: which receipts are minted, paid or reversed, which proofs are
 * settled. Every answer the store gives is checked against the model as it comes; refusals are
 * allowed only where the model says they may happen (a payer without credit, a proof already
 * settled, a balance beyond 38 digits, a stale plan). After the history the conservation
 * invariants are checked (checkLedgerInvariants).
 */
import { expect } from 'vitest';
import type { LedgerStore, PayoutPlan } from '../src/index.js';
import { move, openTestAccounts, PARTY, settle } from './ledger-fixtures.js';
import {
  CURRENCIES,
  type History,
  type Operation,
  type Template,
  TIME_STEP_MS,
} from './ledger-property-arbitraries.js';
import { checkLedgerInvariants } from './ledger-property-invariants.js';

type Status = 'minted' | 'paid' | 'reversed';

export interface LedgerModel {
  readonly status: Map<string, Status>;
  readonly mintedAtMs: Map<string, number>;
  readonly claims: Map<string, string>;
  readonly plans: PayoutPlan[];
  readonly confirmed: Set<string>;
  /** Receipts a confirmed payout paid (they stay so after a reversal). */
  readonly paidOnce: Set<string>;
}

/** The store to run on, and how to "crash" it: close it and open the same location again. */
export interface PropertyTarget {
  store: LedgerStore;
  crash(): Promise<void>;
}

/**
 * How often each interesting event happened, summed over every history run in this process: the
 * tests assert each one happened, so a property never passes by never reaching its cases.
 */
export const coverage = {
  minted: 0,
  duplicate: 0,
  refusedMint: 0,
  receiptConflict: 0,
  reversedBeforePayout: 0,
  reversedAfterPayout: 0,
  reversedAgain: 0,
  confirmed: 0,
  confirmedAgain: 0,
  stale: 0,
  crash: 0,
};

const MINT_REFUSALS = new Set(['ledger_insufficient_funds', 'ledger_balance_out_of_range']);
/** Amounts above this may take a balance beyond 38 digits once a few add up. */
const HUGE_AMOUNT = 10n ** 30n;

export async function runHistory(target: PropertyTarget, history: History): Promise<LedgerModel> {
  for (const currency of CURRENCIES) await openTestAccounts(target.store, currency);
  const model: LedgerModel = {
    status: new Map(),
    mintedAtMs: new Map(),
    claims: new Map(),
    plans: [],
    confirmed: new Set(),
    paidOnce: new Set(),
  };
  for (const [index, operation] of history.operations.entries()) {
    await runOperation(target, history.templates, model, operation, index * TIME_STEP_MS);
  }
  await checkLedgerInvariants(target.store, history.templates, model);
  return model;
}

async function runOperation(
  target: PropertyTarget,
  templates: readonly Template[],
  model: LedgerModel,
  operation: Operation,
  atMs: number,
): Promise<void> {
  const { store } = target;
  switch (operation.kind) {
    case 'mint':
    case 'mintMany': {
      const chosen = operation.kind === 'mint' ? [operation.template] : operation.templates;
      const items = chosen.map((index) => {
        const { receipt, holdings } = templates[index]!;
        return { receipt, transfers: settle(receipt, holdings), atMs };
      });
      const expected = expectMints(
        model,
        chosen.map((index) => templates[index]!),
      );
      const call =
        operation.kind === 'mint'
          ? store.mint(items[0]!.receipt, items[0]!.transfers, { atMs }).then((one) => [one])
          : store.mintMany(items);
      const outcome = await settleCall(call);
      if ('code' in outcome) {
        coverage.refusedMint += 1;
        if (outcome.code === 'ledger_receipt_conflict') coverage.receiptConflict += 1;
        // Items are taken in order: a refusal of an earlier one ends the call first.
        if (expected.conflict && !expected.riskyBeforeConflict) {
          expect(outcome.code).toBe('ledger_receipt_conflict');
        } else if (outcome.code !== 'ledger_receipt_conflict' || !expected.conflict) {
          expect(MINT_REFUSALS).toContain(outcome.code);
        }
        if (outcome.code === 'ledger_insufficient_funds') {
          const payers = items.map((item) => item.receipt.payer);
          expect(payers).toContain(PARTY.prepaid);
        }
        return;
      }
      expect(expected.conflict).toBe(false);
      expect(outcome.value).toEqual(expected.outcomes);
      for (const answer of outcome.value) coverage[answer] += 1;
      for (const [position, index] of chosen.entries()) {
        if (expected.outcomes[position] !== 'minted') continue;
        const { receipt } = templates[index]!;
        model.status.set(receipt.id, 'minted');
        model.mintedAtMs.set(receipt.id, atMs);
        for (const proof of receipt.proofs) model.claims.set(proof, receipt.id);
      }
      return;
    }
    case 'reverse': {
      const known = [...model.status.keys()];
      const id =
        operation.known === null || known.length === 0
          ? templates[operation.template]!.receipt.id
          : known[operation.known % known.length]!;
      const before = model.status.get(id);
      const outcome = await settleCall(store.reverse(id, { atMs, reason: 'property' }));
      if (before === undefined) {
        expect(outcome).toMatchObject({ code: 'ledger_receipt_unknown' });
        return;
      }
      if ('code' in outcome) {
        expect(outcome.code).toBe('ledger_balance_out_of_range');
        return;
      }
      expect(outcome.value).toEqual({
        outcome: before === 'reversed' ? 'duplicate' : 'reversed',
        afterPayout: before === 'paid' || (before === 'reversed' && model.paidOnce.has(id)),
      });
      if (before === 'minted') coverage.reversedBeforePayout += 1;
      if (before === 'paid') coverage.reversedAfterPayout += 1;
      if (before === 'reversed') coverage.reversedAgain += 1;
      model.status.set(id, 'reversed');
      return;
    }
    case 'payout': {
      const fromMs = operation.from * TIME_STEP_MS;
      const toMs = fromMs + operation.span * TIME_STEP_MS;
      const plan = await store.planPayout({ currency: operation.currency, fromMs, toMs });
      const inWindow = [...model.status]
        .filter(([id, status]) => {
          const mintedAt = model.mintedAtMs.get(id)!;
          const currency = templates.find((t) => t.receipt.id === id)!.receipt.amount.currency;
          return (
            status === 'minted' &&
            currency === operation.currency &&
            mintedAt >= fromMs &&
            mintedAt < toMs
          );
        })
        .map(([id]) => id)
        .sort();
      expect(plan.receipts).toEqual(inWindow);
      expect(plan.positions.reduce((sum, position) => sum + position.net, 0n)).toBe(0n);
      model.plans.push(plan);
      if (operation.confirm) await confirm(store, model, plan);
      return;
    }
    case 'confirmPlanned': {
      // Plans that settle something. An even draw takes one not confirmed yet, a stale one
      // first when there is one (the rarest case to reach); an odd draw any, so a confirmed one
      // is confirmed again.
      const settling = model.plans.filter((plan) => plan.receipts.length > 0);
      const isStale = (plan: PayoutPlan) =>
        plan.receipts.some((id) => model.status.get(id) !== 'minted');
      const open = settling.filter((plan) => !model.confirmed.has(plan.id));
      const candidates =
        operation.plan % 2 === 1 ? settling : open.some(isStale) ? open.filter(isStale) : open;
      const plan = candidates[Math.floor(operation.plan / 2) % Math.max(1, candidates.length)];
      if (plan !== undefined) await confirm(store, model, plan);
      return;
    }
    case 'fund': {
      const transfer = move('rail', PARTY.prepaid, operation.amount, operation.currency);
      expect(await store.deposit(`fund-${atMs}`, [transfer], atMs)).toBe('posted');
      return;
    }
    case 'crash':
      coverage.crash += 1;
      await target.crash();
      await checkLedgerInvariants(target.store, templates, model);
      return;
  }
}

/** What minting these templates in one call must answer, given the model. */
function expectMints(model: LedgerModel, chosen: readonly Template[]) {
  const seen = new Set<string>();
  const claims = new Map(model.claims);
  const outcomes: ('minted' | 'duplicate')[] = [];
  let conflict = false;
  let risky = false;
  let riskyBeforeConflict = false;
  for (const { receipt } of chosen) {
    if (model.status.has(receipt.id) || seen.has(receipt.id)) {
      outcomes.push('duplicate');
      continue;
    }
    if (!conflict && receipt.proofs.some((proof) => claims.has(proof))) {
      conflict = true;
      riskyBeforeConflict = risky;
    }
    // What may refuse an item for its balances: a payer without credit, or a huge amount.
    risky ||= receipt.payer === PARTY.prepaid || BigInt(receipt.amount.minor) > HUGE_AMOUNT;
    for (const proof of receipt.proofs) claims.set(proof, receipt.id);
    seen.add(receipt.id);
    outcomes.push('minted');
  }
  return { outcomes, conflict, riskyBeforeConflict };
}

async function confirm(store: LedgerStore, model: LedgerModel, plan: PayoutPlan): Promise<void> {
  const outcome = await settleCall(store.confirmPayout(plan.id, 1_000_000));
  if (model.confirmed.has(plan.id)) {
    expect(outcome).toEqual({ value: 'duplicate' });
    coverage.confirmedAgain += 1;
    return;
  }
  const stale = plan.receipts.some((id) => model.status.get(id) !== 'minted');
  if (stale) {
    expect(outcome).toMatchObject({ code: 'ledger_payout_stale' });
    coverage.stale += 1;
    return;
  }
  if ('code' in outcome) {
    expect(outcome.code).toBe('ledger_balance_out_of_range');
    return;
  }
  expect(outcome.value).toBe('confirmed');
  model.confirmed.add(plan.id);
  coverage.confirmed += 1;
  for (const id of plan.receipts) {
    model.status.set(id, 'paid');
    model.paidOnce.add(id);
  }
}

/** A call's value, or the code of the StoreError it failed with (anything else is rethrown). */
async function settleCall<T>(call: Promise<T>): Promise<{ value: T } | { code: string }> {
  try {
    return { value: await call };
  } catch (error) {
    const code = (error as { code?: unknown; name?: unknown }).code;
    if ((error as { name?: unknown }).name !== 'StoreError' || typeof code !== 'string')
      throw error;
    return { code };
  }
}
