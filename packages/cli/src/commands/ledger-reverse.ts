/**
 * `mycel ledger reverse <receipt-id> --reason <text>`: the proof behind a receipt was overturned
 * (issue 5 §5). Before payout the receipt is cancelled: compensating transfers take its parts back
 * before anyone is paid. After payout the same compensating transfers claw the parts back from
 * the payees' balances (which may go negative; the next payout nets it). Either way the receipt
 * ends `reversed`; reversing it again is a `duplicate` and changes nothing.
 */
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import {
  type LedgerLocationOptions,
  withLedger,
  withLedgerOptions,
} from '../ledger/ledger-location.js';
import { type OutputOptions, printResult, runCommand } from '../output.js';

interface ReverseOptions extends LedgerLocationOptions, OutputOptions {
  readonly reason: string;
}

export function registerLedgerReverse(ledger: Command): void {
  withLedgerOptions(
    ledger
      .command('reverse')
      .description(
        'reverse the receipt of an overturned proof: cancelled before payout, clawed back after',
      )
      .argument('<receipt-id>', 'the receipt to reverse')
      .requiredOption('--reason <text>', 'why the proof was overturned (kept with the receipt)'),
  ).action((receiptId: string, options: ReverseOptions) =>
    runCommand(options, () => {
      if (options.reason.trim().length === 0) {
        throw new CliError('argument_invalid', '--reason says why the proof was overturned');
      }
      return withLedger(options, async (ledger) => {
        const { outcome, afterPayout } = await ledger.reverse(receiptId, {
          atMs: Date.now(),
          reason: options.reason,
        });
        const when = afterPayout ? 'after-payout' : 'before-payout';
        const human =
          outcome === 'duplicate'
            ? `receipt ${receiptId} was already reversed (duplicate): nothing changed`
            : afterPayout
              ? `receipt ${receiptId} reversed after payout: compensating transfers take its parts back from the payees' balances (the next payout nets any shortfall)`
              : `receipt ${receiptId} reversed before payout: cancelled, its transfers compensated; no payout will include it`;
        printResult(options, human, { receipt: receiptId, outcome, afterPayout, when });
      });
    }),
  );
}
