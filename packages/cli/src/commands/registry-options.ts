/**
 * What the `mycel registry` commands share: where the registry is (`--db FILE`, by default
 * registry.db under MYCEL_HOME, or `--postgres URL`), opening and closing it around one command,
 * and turning the registry's refusals into printed codes like every other failure.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CAPABILITY_REGISTRY_SQLITE_FILE,
  type CapabilityRegistry,
  openCapabilityRegistry,
  RegistryError,
} from '@mycel/store';
import type { Command } from 'commander';
import { mycelHome } from '../mycel-home.js';
import { ResultFailure } from '../output.js';
import { timeOption } from './settlement-options.js';

export interface RegistryLocationOptions {
  readonly db?: string;
  readonly postgres?: string;
  readonly now?: string;
}

export function withRegistryOptions(command: Command): Command {
  return command
    .option(
      '--db <file>',
      `the registry's SQLite file (default: $MYCEL_HOME/${CAPABILITY_REGISTRY_SQLITE_FILE})`,
    )
    .option('--postgres <url>', 'keep the registry in PostgreSQL instead (postgres://...)')
    .option('--now <time>', 'act as of this time instead of the clock (RFC 3339)')
    .option('--json', 'machine-readable output');
}

export function nowOf(options: RegistryLocationOptions): number {
  return options.now === undefined ? Date.now() : timeOption('--now', options.now);
}

/** Opens the registry, runs `work` on it, closes it; a registry refusal prints as its code. */
export async function withRegistry<T>(
  options: RegistryLocationOptions,
  work: (registry: CapabilityRegistry) => Promise<T>,
): Promise<T> {
  let registry: CapabilityRegistry;
  if (options.postgres !== undefined && options.db === undefined) {
    registry = await openCapabilityRegistry({ postgresUrl: options.postgres });
  } else {
    const sqlitePath = options.db ?? join(mycelHome(), CAPABILITY_REGISTRY_SQLITE_FILE);
    if (options.postgres !== undefined) {
      // Both given: let the store say store_options_invalid, as for every store.
      registry = await openCapabilityRegistry({ sqlitePath, postgresUrl: options.postgres });
    } else {
      mkdirSync(dirname(sqlitePath), { recursive: true, mode: 0o700 });
      registry = await openCapabilityRegistry({ sqlitePath });
    }
  }
  try {
    return await work(registry);
  } catch (error) {
    if (error instanceof RegistryError) {
      throw new ResultFailure({ code: error.code, message: error.message });
    }
    throw error;
  } finally {
    await registry.close();
  }
}
