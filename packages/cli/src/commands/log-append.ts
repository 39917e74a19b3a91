import type { Command } from 'commander';
import { readInputFile } from '../files.js';
import { appendedProofJson } from '../log-answers.js';
import { type LogOptions, openLogContext } from '../log-context.js';
import { type CodedError, type OutputOptions, printError, runCommand } from '../output.js';
import { withLogOptions } from './log-options.js';

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
        const results = await Promise.all(
          files.map((file) => context.log.append(readInputFile(file))),
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
