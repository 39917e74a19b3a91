/**
 * A payout plan as the files an operator hands to a rail (issue 5 §5): JSON, the plan with every
 * amount a decimal string of minor units, and CSV with one line per instruction under the header
 * `payout_id,payee,account,amount_minor,currency,rail,address,receipts` (receipt ids joined with
 * `;`). Amounts never pass through floating point.
 */
import { formatTimestamp } from '@mycel/kernel';
import type { PayoutPlan } from '@mycel/store';
import { csvRecord } from './csv.js';
import type { PayToDirectory } from './pay-to.js';

export const PAYOUT_CSV_HEADER = [
  'payout_id',
  'payee',
  'account',
  'amount_minor',
  'currency',
  'rail',
  'address',
  'receipts',
] as const;

export function payoutTotal(plan: PayoutPlan): bigint {
  return plan.instructions.reduce((sum, instruction) => sum + instruction.amount, 0n);
}

/** The plan as JSON-ready data; `payTo` adds each payee's rail and address when known. */
export function payoutJson(plan: PayoutPlan, payTo: PayToDirectory = new Map()) {
  return {
    id: plan.id,
    currency: plan.currency,
    from: formatTimestamp(plan.fromMs),
    to: formatTimestamp(plan.toMs),
    fromMs: plan.fromMs,
    toMs: plan.toMs,
    status: plan.status,
    total: payoutTotal(plan).toString(),
    instructions: plan.instructions.map((instruction) => ({
      payee: instruction.payee,
      account: instruction.account,
      amount: instruction.amount.toString(),
      currency: plan.currency,
      ...(payTo.get(instruction.payee) ?? {}),
      receipts: [...instruction.receipts],
    })),
    positions: plan.positions.map((position) => ({
      account: position.account,
      net: position.net.toString(),
    })),
    receipts: [...plan.receipts],
  };
}

export function payoutCsv(plan: PayoutPlan, payTo: PayToDirectory): string {
  const lines = plan.instructions.map((instruction) => {
    const destination = payTo.get(instruction.payee);
    return csvRecord([
      plan.id,
      instruction.payee,
      instruction.account,
      instruction.amount.toString(),
      plan.currency,
      destination?.rail ?? '',
      destination?.address ?? '',
      instruction.receipts.join(';'),
    ]);
  });
  return [csvRecord(PAYOUT_CSV_HEADER), ...lines].join('');
}
