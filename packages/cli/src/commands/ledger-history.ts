/**
 * `mycel ledger history --account <id>`: the postings that debit or credit one account, in
 * posting order, a page at a time (`--after <seq>` continues where a page ended).
 */
import { formatTimestamp } from '@mycel/kernel';
import type { PostedTransfer } from '@mycel/store';
import type { Command } from 'commander';
import {
  type LedgerLocationOptions,
  withLedger,
  withLedgerOptions,
} from '../ledger/ledger-location.js';
import { textTable } from '../ledger/text-table.js';
import { LEDGER_ROWS_DEFAULT, LEDGER_ROWS_PER_READ_MAX } from '../limits.js';
import { type OutputOptions, printResult, runCommand } from '../output.js';
import { countOption } from './settlement-options.js';

interface HistoryOptions extends LedgerLocationOptions, OutputOptions {
  readonly account: string;
  readonly after?: string;
  readonly limit?: string;
}

function postingJson(posting: PostedTransfer) {
  return {
    seq: posting.seq,
    at: formatTimestamp(posting.atMs),
    atMs: posting.atMs,
    kind: posting.kind,
    batch: posting.batch,
    receipt: posting.receipt,
    debit: posting.debit,
    credit: posting.credit,
    amount: posting.amount.toString(),
    currency: posting.currency,
  };
}

function historyTable(account: string, postings: readonly PostedTransfer[]): string {
  return textTable(
    [
      { title: 'seq', right: true },
      { title: 'time' },
      { title: 'kind' },
      { title: 'receipt' },
      { title: 'side' },
      { title: 'other account' },
      { title: 'amount', right: true },
    ],
    postings.map((posting) => {
      const debited = posting.debit === account;
      return [
        String(posting.seq),
        formatTimestamp(posting.atMs),
        posting.kind,
        posting.receipt ?? '-',
        debited ? 'debit' : 'credit',
        debited ? posting.credit : posting.debit,
        `${debited ? '-' : '+'}${posting.amount}`,
      ];
    }),
  );
}

export function registerLedgerHistory(ledger: Command): void {
  withLedgerOptions(
    ledger
      .command('history')
      .description("an account's postings in order: seq, time, kind, receipt, side, amount")
      .requiredOption('--account <id>', 'the account: <party>#<currency>')
      .option('--after <seq>', 'only postings after this seq (continue a page)')
      .option('--limit <n>', `at most this many postings (default ${LEDGER_ROWS_DEFAULT})`),
  ).action((options: HistoryOptions) =>
    runCommand(options, () => {
      const afterSeq =
        options.after === undefined
          ? 0
          : countOption('--after', options.after, Number.MAX_SAFE_INTEGER);
      const limit =
        options.limit === undefined
          ? LEDGER_ROWS_DEFAULT
          : countOption('--limit', options.limit, LEDGER_ROWS_PER_READ_MAX, 1);
      return withLedger(options, async (store) => {
        const postings = await store.history(options.account, { afterSeq, limit });
        const next = postings.length === limit ? postings[postings.length - 1]!.seq : null;
        const more = next === null ? '' : `\nmore: --after ${next}`;
        const human =
          postings.length === 0
            ? `no postings for ${options.account}${afterSeq > 0 ? ` after seq ${afterSeq}` : ''}`
            : `${historyTable(options.account, postings)}${more}`;
        printResult(options, human, {
          account: options.account,
          transfers: postings.map(postingJson),
          next,
        });
      });
    }),
  );
}
