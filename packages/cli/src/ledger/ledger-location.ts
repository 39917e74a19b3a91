/**
 * Where `mycel ledger` finds the coordinator's ledger: its data folder (`--data`, the file
 * ledger.sqlite in it), a SQLite file (`--ledger`), or PostgreSQL (`--postgres`); by default the
 * data folder `opengrid coordinator start` uses. Every ledger command works on a ledger a
 * coordinator already keeps, so a SQLite file that is not there is `ledger_not_found`: opening
 * it would create an empty ledger and answer questions about money from nothing.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  LEDGER_SQLITE_FILE,
  type LedgerStore,
  type NodeCoStore,
  openLedgerStore,
  openNodeCoStore,
} from '@mycel/store';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { defaultDataFolder } from '../grid/opengrid-home.js';

/** The coordinator keeps its ledger and NodeCo records in this file of its data folder. */

export interface LedgerLocationOptions {
  readonly data?: string;
  readonly ledger?: string;
  readonly postgres?: string;
}

export type LedgerLocation = { readonly sqlitePath: string } | { readonly postgresUrl: string };

/** The location options and --json, shared by every `mycel ledger` command. */
export function withLedgerOptions(command: Command): Command {
  return command
    .option(
      '--data <dir>',
      `the coordinator's data folder; its ${LEDGER_SQLITE_FILE} is the ledger (default ~/.opengrid/coordinator)`,
    )
    .option('--ledger <path>', 'a SQLite ledger file')
    .option('--postgres <url>', 'a PostgreSQL ledger: postgres://...')
    .option('--json', 'machine-readable output');
}

export function ledgerLocation(options: LedgerLocationOptions): LedgerLocation {
  const given = [options.data, options.ledger, options.postgres].filter(
    (value) => value !== undefined,
  );
  if (given.length > 1) {
    throw new CliError('argument_invalid', 'name the ledger once: --data, --ledger or --postgres');
  }
  if (options.postgres !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(options.postgres)) {
      throw new CliError(
        'argument_invalid',
        `--postgres takes postgres://..., not ${options.postgres}`,
      );
    }
    return { postgresUrl: options.postgres };
  }
  const path =
    options.ledger ?? join(options.data ?? defaultDataFolder('coordinator'), LEDGER_SQLITE_FILE);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new CliError(
      'ledger_not_found',
      `no ledger at ${path} (start the coordinator there first, or name the ledger with --data, --ledger or --postgres)`,
    );
  }
  return { sqlitePath: path };
}

/** Runs `body` on the ledger the options name, and closes it whatever happens. */
export async function withLedger<T>(
  options: LedgerLocationOptions,
  body: (ledger: LedgerStore, location: LedgerLocation) => Promise<T>,
): Promise<T> {
  const location = ledgerLocation(options);
  const ledger = await openLedgerStore(location);
  try {
    return await body(ledger, location);
  } finally {
    await ledger.close();
  }
}

/** Runs `body` on the NodeCo records kept beside the ledger, and closes them. */
export async function withNodeCoStore<T>(
  location: LedgerLocation,
  body: (store: NodeCoStore) => Promise<T>,
): Promise<T> {
  const store = await openNodeCoStore(location);
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}
