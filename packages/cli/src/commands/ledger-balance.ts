/**
 * `mycel ledger balance`: one account (`--account`), a party's accounts (`--party`), or every
 * account, optionally in one currency; balances are integer minor units.
 */
import { parseAccount, RAIL_PARTY } from '@mycel/kernel';
import type { LedgerStore } from '@mycel/store';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import {
  type LedgerLocationOptions,
  withLedger,
  withLedgerOptions,
} from '../ledger/ledger-location.js';
import { textTable } from '../ledger/text-table.js';
import { type OutputOptions, printResult, ResultFailure, runCommand } from '../output.js';
import { currencyOption, didOption } from './settlement-options.js';

interface BalanceOptions extends LedgerLocationOptions, OutputOptions {
  readonly party?: string;
  readonly account?: string;
  readonly currency?: string;
}

interface AccountRow {
  readonly account: string;
  readonly party: string;
  readonly currency: string;
  readonly balance: bigint;
  readonly allowCredit: boolean;
}

async function accountRows(ledger: LedgerStore, options: BalanceOptions): Promise<AccountRow[]> {
  const party =
    options.party === undefined || options.party === RAIL_PARTY
      ? options.party
      : didOption(options.party, '--party');
  const currency = options.currency === undefined ? undefined : currencyOption(options.currency);
  if (options.account !== undefined) {
    if (party !== undefined || currency !== undefined) {
      throw new CliError(
        'argument_invalid',
        '--account names one account: drop --party and --currency',
      );
    }
    const name = parseAccount(options.account);
    const account = name === undefined ? undefined : await ledger.account(options.account);
    if (name === undefined || account === undefined) {
      throw new ResultFailure({
        code: 'ledger_account_unknown',
        message: `no account ${options.account} (accounts are <party>#<currency>)`,
      });
    }
    return [{ ...account, account: account.id, party: name.party }];
  }
  const rows: AccountRow[] = [];
  const ids = [...(await ledger.balances()).keys()].sort();
  for (const id of ids) {
    const name = parseAccount(id);
    if (name === undefined) continue;
    if (party !== undefined && name.party !== party) continue;
    if (currency !== undefined && name.currency !== currency) continue;
    const account = await ledger.account(id);
    if (account !== undefined) rows.push({ ...account, account: id, party: name.party });
  }
  return rows;
}

export function registerLedgerBalance(ledger: Command): void {
  withLedgerOptions(
    ledger
      .command('balance')
      .description("balances: one account, a party's accounts, or every account")
      .option('--party <did>', "a party's accounts (a DID, or rail)")
      .option('--account <id>', 'one account: <party>#<currency>')
      .option('--currency <code>', 'only accounts in this currency'),
  ).action((options: BalanceOptions) =>
    runCommand(options, () =>
      withLedger(options, async (store) => {
        const rows = await accountRows(store, options);
        const human =
          rows.length === 0
            ? 'no accounts'
            : textTable(
                [
                  { title: 'account' },
                  { title: 'balance', right: true },
                  { title: 'credit allowed' },
                ],
                rows.map((row) => [
                  row.account,
                  row.balance.toString(),
                  row.allowCredit ? 'yes' : 'no',
                ]),
              );
        printResult(options, human, {
          accounts: rows.map((row) => ({
            account: row.account,
            party: row.party,
            currency: row.currency,
            balance: row.balance.toString(),
            allowCredit: row.allowCredit,
          })),
        });
      }),
    ),
  );
}
