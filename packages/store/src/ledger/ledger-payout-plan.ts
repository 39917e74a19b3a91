/**
 * Netting (ARCHITECTURE §4.2, VCR): per currency and window of mint time, the minted receipts R
 * of the window become one payout per credited account instead of one per receipt. The net
 * position of each account over R's mint transfers sums to zero; account a is paid
 * max(0, min(its parts in R, its balance)), so a payee whose balance a reversal after an earlier
 * payout took below its parts is paid less, and the next payout nets the rest. The id is the
 * content id of {currency, fromMs, toMs, instructions}: the same window with the same content
 * plans the same payout.
 */
import { assert, canonicalJson, contentId, type JsonValue } from '@mycel/kernel';
import { LEDGER_PAYOUT_RECEIPTS_MAX } from '../limits.js';
import { StoreError } from '../store-error.js';
import { partyOf } from './ledger-checks.js';
import { compareText } from './ledger-postings.js';
import type { PayoutInstruction, PayoutPlan, PayoutWindow } from './ledger-store.js';

/** The reserved party money leaves to on a payout (and enters from): it always allows credit. */
export const RAIL_PARTY = 'rail';

/** `rail#<currency>`: where a payout's transfers go. */
export function railAccountOf(currency: string): string {
  return `${RAIL_PARTY}#${currency}`;
}

/** One mint transfer of a receipt of the window. */
export interface WindowTransfer {
  readonly receipt: string;
  readonly debit: string;
  readonly credit: string;
  readonly amount: bigint;
}

/** Refuses a window with more receipts than one payout settles (the driver reads one more). */
export function checkWindowSize(receipts: number): void {
  if (receipts > LEDGER_PAYOUT_RECEIPTS_MAX) {
    throw new StoreError(
      'ledger_payout_too_large',
      `the window holds more than ${LEDGER_PAYOUT_RECEIPTS_MAX} receipts; plan narrower windows`,
    );
  }
}

/**
 * The plan for the window's receipts (sorted ids), their mint transfers, and the current
 * balances of the accounts those transfers credit.
 */
export function buildPayoutPlan(
  window: PayoutWindow,
  receipts: readonly string[],
  transfers: readonly WindowTransfer[],
  balances: ReadonlyMap<string, bigint>,
): PayoutPlan {
  const net = new Map<string, bigint>();
  const parts = new Map<string, { amount: bigint; receipts: Set<string> }>();
  for (const transfer of transfers) {
    net.set(transfer.debit, (net.get(transfer.debit) ?? 0n) - transfer.amount);
    net.set(transfer.credit, (net.get(transfer.credit) ?? 0n) + transfer.amount);
    const part = parts.get(transfer.credit) ?? { amount: 0n, receipts: new Set<string>() };
    part.amount += transfer.amount;
    part.receipts.add(transfer.receipt);
    parts.set(transfer.credit, part);
  }
  const positions = [...net.entries()]
    .sort(([left], [right]) => compareText(left, right))
    .map(([account, position]) => ({ account, net: position }));
  assert(
    positions.reduce((sum, position) => sum + position.net, 0n) === 0n,
    'net positions of a window sum to zero',
  );
  const instructions: PayoutInstruction[] = [];
  for (const account of [...parts.keys()].sort(compareText)) {
    const part = parts.get(account)!;
    const balance = balances.get(account) ?? 0n;
    const amount = balance < part.amount ? balance : part.amount;
    if (amount <= 0n) continue;
    instructions.push({
      payee: partyOf(account),
      account,
      amount,
      receipts: [...part.receipts].sort(compareText),
    });
  }
  const settled = [...receipts].sort(compareText);
  // The receipts are part of the id: a receipt whose parts pay nobody (a zero amount) adds no
  // instruction, yet a plan that settles it is not the plan that settles nothing.
  const id = contentId({
    currency: window.currency,
    fromMs: window.fromMs,
    toMs: window.toMs,
    instructions: instructions.map(instructionJson),
    receipts: settled,
  });
  return {
    id,
    currency: window.currency,
    fromMs: window.fromMs,
    toMs: window.toMs,
    instructions,
    positions,
    receipts: settled,
    status: 'planned',
  };
}

/** The plan as stored: canonical JSON, amounts as decimal strings; the status is its own column. */
export function payoutPlanText(plan: PayoutPlan): string {
  return canonicalJson({
    id: plan.id,
    currency: plan.currency,
    fromMs: plan.fromMs,
    toMs: plan.toMs,
    instructions: plan.instructions.map(instructionJson),
    positions: plan.positions.map(({ account, net }) => ({ account, net: net.toString() })),
    receipts: [...plan.receipts],
  });
}

interface PlanJson {
  id: string;
  currency: string;
  fromMs: number;
  toMs: number;
  instructions: { payee: string; account: string; amount: string; receipts: string[] }[];
  positions: { account: string; net: string }[];
  receipts: string[];
}

export function payoutPlanFromText(text: string, status: string): PayoutPlan {
  const json = JSON.parse(text) as PlanJson;
  return {
    id: json.id,
    currency: json.currency,
    fromMs: json.fromMs,
    toMs: json.toMs,
    instructions: json.instructions.map((instruction) => ({
      payee: instruction.payee,
      account: instruction.account,
      amount: BigInt(instruction.amount),
      receipts: instruction.receipts,
    })),
    positions: json.positions.map(({ account, net }) => ({ account, net: BigInt(net) })),
    receipts: json.receipts,
    status: status === 'confirmed' ? 'confirmed' : 'planned',
  };
}

function instructionJson(instruction: PayoutInstruction): JsonValue {
  return {
    payee: instruction.payee,
    account: instruction.account,
    amount: instruction.amount.toString(),
    receipts: [...instruction.receipts],
  };
}
