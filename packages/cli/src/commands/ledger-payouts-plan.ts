/**
 * `mycel ledger payouts plan`: nets the receipts minted in a window [--from, --to) in one currency
 * into payout instructions (issue 5 §5), stores the plan (the same window and receipts give the
 * same plan id), and writes it as JSON or CSV for a rail. Each payee's rail and address come from
 * the NodeCo records kept beside the ledger. The plan moves no money: `payouts confirm` does,
 * once the rail has paid.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { writeOutput } from '../files.js';
import {
  type LedgerLocationOptions,
  withLedger,
  withLedgerOptions,
  withNodeCoStore,
} from '../ledger/ledger-location.js';
import { payToDirectory } from '../ledger/pay-to.js';
import { payoutCsv, payoutJson, payoutTotal } from '../ledger/payout-format.js';
import { type OutputOptions, printResult, runCommand } from '../output.js';
import { currencyOption, timeOption } from './settlement-options.js';

interface PlanOptions extends LedgerLocationOptions, OutputOptions {
  readonly currency: string;
  readonly from: string;
  readonly to: string;
  readonly format: string;
  readonly out?: string;
  readonly force?: boolean;
}

function window(options: PlanOptions) {
  const currency = currencyOption(options.currency);
  const fromMs = timeOption('--from', options.from);
  const toMs = timeOption('--to', options.to);
  if (fromMs >= toMs) {
    throw new CliError(
      'argument_invalid',
      `--from ${options.from} is not before --to ${options.to}`,
    );
  }
  if (options.format !== 'json' && options.format !== 'csv') {
    throw new CliError('argument_invalid', `--format is json or csv, not ${options.format}`);
  }
  if (options.out !== undefined && existsSync(options.out) && options.force !== true) {
    throw new CliError('file_exists', `${options.out} exists (pass --force to replace it)`);
  }
  return { currency, fromMs, toMs };
}

export function registerLedgerPayoutsPlan(payouts: Command): void {
  withLedgerOptions(
    payouts
      .command('plan')
      .description(
        'net the receipts minted in [--from, --to) into payout instructions, and store the plan',
      )
      .requiredOption('--currency <code>', 'the currency to pay out')
      .requiredOption('--from <time>', 'receipts minted at or after this RFC 3339 UTC time ...')
      .requiredOption('--to <time>', '... and before this one')
      .option('--format <format>', 'json or csv', 'json')
      .option('--out <file>', 'write the plan here instead of to stdout')
      .option('--force', 'replace an existing --out file'),
  ).action((options: PlanOptions) =>
    runCommand(options, async () => {
      const payoutWindow = window(options);
      await withLedger(options, async (ledger, location) => {
        const plan = await ledger.planPayout(payoutWindow);
        const payTo = await withNodeCoStore(location, payToDirectory);
        const document =
          options.format === 'csv'
            ? payoutCsv(plan, payTo)
            : `${JSON.stringify(payoutJson(plan, payTo), null, 2)}\n`;
        if (options.out === undefined) {
          process.stdout.write(document);
          return;
        }
        writeOutput(document, options.out);
        printResult(
          options,
          `payout ${plan.id} (${plan.status}): ${plan.instructions.length} instructions, ${payoutTotal(plan)} ${plan.currency} minor units for ${plan.receipts.length} receipts, written to ${options.out}`,
          {
            id: plan.id,
            status: plan.status,
            currency: plan.currency,
            instructions: plan.instructions.length,
            receipts: plan.receipts.length,
            total: payoutTotal(plan).toString(),
            out: options.out,
          },
        );
      });
    }),
  );
}
