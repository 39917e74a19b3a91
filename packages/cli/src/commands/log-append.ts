import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { readInputFile } from '../files.js';
import { appendedProofJson } from '../log-answers.js';
import { type LogOptions, openLogContext } from '../log-context.js';
import { type CodedError, type OutputOptions, printError, runCommand } from '../output.js';
import { withLogOptions } from './log-options.js';

function readOrFailure(file: string): Uint8Array | { ok: false; error: CodedError } {
  try {
    return readInputFile(file);
  } catch (error) {
    if (error instanceof CliError)
      return { ok: false, error: { code: error.code, message: error.message } };
    throw error;
  }
}

export function registerLogAppend(log: Command): void {
  withLogOptions(
    log
      .command('append')
      .description(
        'verify proofs and append them to the log; prints each index (or the error code)',
      )
      .argument('<files...>', 'proof envelopes (JSON)'),
  ).action((files: string[], options: LogOptions & OutputOptions) =>
    runCommand(options, async () => {
      const context = await openLogContext(options);
      try {
        // Each file is read before anything is queued, and a file that cannot be read is that
        // file's error: the others are still appended (together, in one group commit).
        const results = await Promise.all(
          files.map((file) => {
            const bytes = readOrFailure(file);
            return bytes instanceof Uint8Array ? context.log.append(bytes) : bytes;
          }),
        );
        results.forEach((result, position) => {
          const file = files[position]!;
          if (!result.ok) {
            printError(options, {
              ...(result.error as CodedError),
              message: `${file}: ${result.error.message}`,
            });
          } else if (options.json) {
            process.stdout.write(
              `${JSON.stringify({ ok: true, file, ...appendedProofJson(result.value) })}\n`,
            );
          } else {
            const note = result.value.duplicate ? ' (already logged)' : '';
            process.stdout.write(`${result.value.index} ${result.value.id} ${file}${note}\n`);
          }
        });
      } finally {
        await context.close();
      }
    }),
  );
}
