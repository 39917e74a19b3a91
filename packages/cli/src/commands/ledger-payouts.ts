/**
 * `mycel ledger payouts confirm <payout-id>` and `mycel ledger payouts list`. Confirming says the
 * rail has paid: in one ledger transaction it posts each instruction's account → rail transfer
 * and marks the plan's receipts paid. Confirming again is a `duplicate` and changes nothing; a
 * plan whose receipts moved on since (reversed, or paid by another plan) is ledger_payout_stale.
 */
import { formatTimestamp } from '@mycel/kernel';
import type { PayoutPlan } from '@mycel/store';
import type { Command } from 'commander';
import {
  type LedgerLocationOptions,
  withLedger,
  withLedgerOptions,
} from '../ledger/ledger-location.js';
import { payoutJson, payoutTotal } from '../ledger/payout-format.js';
import { textTable } from '../ledger/text-table.js';
import { type OutputOptions, printResult, ResultFailure, runCommand } from '../output.js';
import { registerLedgerPayoutsPlan } from './ledger-payouts-plan.js';

type PayoutsOptions = LedgerLocationOptions & OutputOptions;

function payoutsTable(plans: readonly PayoutPlan[]): string {
  return textTable(
    [
      { title: 'payout' },
      { title: 'status' },
      { title: 'currency' },
      { title: 'from' },
      { title: 'to' },
      { title: 'instructions', right: true },
      { title: 'receipts', right: true },
      { title: 'total', right: true },
    ],
    plans.map((plan) => [
      plan.id,
      plan.status,
      plan.currency,
      formatTimestamp(plan.fromMs),
      formatTimestamp(plan.toMs),
      String(plan.instructions.length),
      String(plan.receipts.length),
      payoutTotal(plan).toString(),
    ]),
  );
}

function registerConfirm(payouts: Command): void {
  withLedgerOptions(
    payouts
      .command('confirm')
      .description('the rail has paid this plan: post its transfers and mark its receipts paid')
      .argument('<payout-id>', 'the id `payouts plan` printed'),
  ).action((payoutId: string, options: PayoutsOptions) =>
    runCommand(options, () =>
      withLedger(options, async (ledger) => {
        const outcome = await ledger.confirmPayout(payoutId, Date.now());
        const plan = await ledger.payout(payoutId);
        if (plan === undefined) {
          throw new ResultFailure({
            code: 'ledger_payout_unknown',
            message: `no payout ${payoutId}`,
          });
        }
        const total = `${payoutTotal(plan)} ${plan.currency} minor units`;
        const human =
          outcome === 'duplicate'
            ? `payout ${payoutId} was already confirmed (duplicate): nothing changed`
            : `payout ${payoutId} confirmed: ${plan.instructions.length} transfers to the rail (${total}), ${plan.receipts.length} receipts paid`;
        printResult(options, human, {
          id: payoutId,
          outcome,
          instructions: plan.instructions.length,
          receipts: plan.receipts.length,
          total: payoutTotal(plan).toString(),
          currency: plan.currency,
        });
      }),
    ),
  );
}

function registerList(payouts: Command): void {
  withLedgerOptions(
    payouts.command('list').description('every payout plan: window, status, instructions, total'),
  ).action((options: PayoutsOptions) =>
    runCommand(options, () =>
      withLedger(options, async (ledger) => {
        const plans = await ledger.payouts();
        printResult(options, plans.length === 0 ? 'no payouts' : payoutsTable(plans), {
          payouts: plans.map((plan) => payoutJson(plan)),
        });
      }),
    ),
  );
}

/** `mycel ledger payouts plan|confirm|list`. */
export function registerLedgerPayouts(ledger: Command): void {
  const payouts = ledger
    .command('payouts')
    .description('payout plans: net a window of receipts, confirm what the rail paid');
  registerLedgerPayoutsPlan(payouts);
  registerConfirm(payouts);
  registerList(payouts);
}
