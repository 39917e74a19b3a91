/**
 * `mycel ledger receipts`: the receipts (VCRs) the ledger minted, by mint time, optionally only
 * one status or one node's (the receipt's subject: the node whose fee it is).
 */
import { formatTimestamp } from '@mycel/kernel';
import type { StoredReceipt } from '@mycel/store';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import {
  type LedgerLocationOptions,
  withLedger,
  withLedgerOptions,
} from '../ledger/ledger-location.js';
import { textTable } from '../ledger/text-table.js';
import { LEDGER_ROWS_DEFAULT, LEDGER_ROWS_PER_READ_MAX } from '../limits.js';
import { type OutputOptions, printResult, runCommand } from '../output.js';
import { countOption, didOption } from './settlement-options.js';

const STATUSES = ['minted', 'paid', 'reversed'] as const;

interface ReceiptsOptions extends LedgerLocationOptions, OutputOptions {
  readonly status?: string;
  readonly node?: string;
  readonly limit?: string;
}

function receiptJson(stored: StoredReceipt) {
  return {
    id: stored.receipt.id,
    status: stored.status,
    node: stored.subject,
    payer: stored.receipt.payer,
    amount: stored.receipt.amount.minor,
    currency: stored.receipt.amount.currency,
    mintedAt: formatTimestamp(stored.mintedAtMs),
    paidBy: stored.paidBy,
    reversedAt: stored.reversedAtMs === null ? null : formatTimestamp(stored.reversedAtMs),
    reversalReason: stored.reversalReason ?? null,
    receipt: stored.receipt,
  };
}

function receiptsTable(receipts: readonly StoredReceipt[]): string {
  return textTable(
    [
      { title: 'receipt' },
      { title: 'status' },
      { title: 'amount', right: true },
      { title: 'currency' },
      { title: 'node' },
      { title: 'minted' },
      { title: 'paid by / reversed because' },
    ],
    receipts.map((stored) => [
      stored.receipt.id,
      stored.status,
      stored.receipt.amount.minor,
      stored.receipt.amount.currency,
      stored.subject ?? '-',
      formatTimestamp(stored.mintedAtMs),
      stored.status === 'reversed'
        ? (stored.reversalReason ?? '')
        : stored.status === 'paid'
          ? (stored.paidBy ?? '')
          : '',
    ]),
  );
}

export function registerLedgerReceipts(ledger: Command): void {
  withLedgerOptions(
    ledger
      .command('receipts')
      .description('receipts (VCRs) by mint time: id, status, amount, node, payout or reversal')
      .option('--status <status>', `only receipts in this status: ${STATUSES.join(', ')}`)
      .option('--node <did>', "only this node's fee receipts")
      .option('--limit <n>', `at most this many receipts (default ${LEDGER_ROWS_DEFAULT})`),
  ).action((options: ReceiptsOptions) =>
    runCommand(options, () => {
      if (
        options.status !== undefined &&
        !(STATUSES as readonly string[]).includes(options.status)
      ) {
        throw new CliError(
          'argument_invalid',
          `--status is one of ${STATUSES.join(', ')}, not ${options.status}`,
        );
      }
      const subject = options.node === undefined ? undefined : didOption(options.node, '--node');
      const limit =
        options.limit === undefined
          ? LEDGER_ROWS_DEFAULT
          : countOption('--limit', options.limit, LEDGER_ROWS_PER_READ_MAX, 1);
      return withLedger(options, async (store) => {
        const receipts = await store.receipts({
          ...(options.status === undefined ? {} : { status: options.status }),
          ...(subject === undefined ? {} : { subject }),
          limit,
        });
        printResult(options, receipts.length === 0 ? 'no receipts' : receiptsTable(receipts), {
          receipts: receipts.map(receiptJson),
        });
      });
    }),
  );
}
