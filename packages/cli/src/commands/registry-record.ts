/**
 * `mycel registry record OUTCOMES.json`: records the outcomes of verified proofs — one outcome
 * object or an array of them, `{proofId, producer, mip, accepted, p, disputed?, overturned?,
 * at}` — into producers' track records. Outcomes are idempotent by proofId: recording a file
 * again changes nothing; a later file may mark a proof disputed or overturned. The registry's
 * operator records what its own verifiers decided: the file is trusted as theirs.
 */
import type { RegistryOutcome } from '@mycel/store';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { readInputJson } from '../files.js';
import { type OutputOptions, printResult, runCommand } from '../output.js';
import {
  type RegistryLocationOptions,
  withRegistry,
  withRegistryOptions,
} from './registry-options.js';

/** Most outcomes one file records (one transaction each). */
export const REGISTRY_RECORD_OUTCOMES_MAX = 10_000;

interface RecordOptions extends OutputOptions, RegistryLocationOptions {}

export function registerRegistryRecord(registry: Command): void {
  withRegistryOptions(
    registry
      .command('record')
      .description("record verified proofs' outcomes into producers' track records")
      .argument('<file>', 'one outcome or an array of outcomes (JSON)'),
  ).action((file: string, options: RecordOptions) =>
    runCommand(options, async () => {
      const read = readInputJson(file, 'argument_invalid');
      const outcomes = (Array.isArray(read) ? read : [read]) as RegistryOutcome[];
      if (outcomes.length > REGISTRY_RECORD_OUTCOMES_MAX) {
        throw new CliError(
          'argument_invalid',
          `${file} holds ${outcomes.length} outcomes; one file records at most ${REGISTRY_RECORD_OUTCOMES_MAX}`,
        );
      }
      const counts = { recorded: 0, duplicate: 0, updated: 0 };
      await withRegistry(options, async (opened) => {
        for (const outcome of outcomes) counts[await opened.recordOutcome(outcome)] += 1;
      });
      printResult(
        options,
        `recorded ${counts.recorded}, updated ${counts.updated}, already recorded ${counts.duplicate}`,
        counts,
      );
    }),
  );
}
