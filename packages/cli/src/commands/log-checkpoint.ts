import { openCheckpoint, parseVerifierKey, toBase64, verifyEd25519 } from '@mycel/kernel';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { type LogOptions, openLogContext } from '../log-context.js';
import { type OutputOptions, printResult, runCommand, unwrap } from '../output.js';
import { withLogOptions } from './log-options.js';

export function registerLogCheckpoint(log: Command): void {
  withLogOptions(
    log
      .command('checkpoint')
      .description('print the latest signed checkpoint (C2SP tlog-checkpoint)'),
  ).action((options: LogOptions & OutputOptions) =>
    runCommand(options, async () => {
      const context = await openLogContext(options);
      try {
        const head = await context.log.head();
        if (head.checkpoint === undefined)
          throw new CliError('log_empty', 'the log is empty: nothing is checkpointed yet');
        const key = unwrap(parseVerifierKey(context.log.verifierKey()));
        const opened = unwrap(
          openCheckpoint(head.checkpoint, [key], verifyEd25519, context.log.origin),
        );
        printResult(options, head.checkpoint, {
          size: opened.size,
          root: toBase64(opened.root),
          checkpoint: head.checkpoint,
        });
      } finally {
        await context.close();
      }
    }),
  );
  withLogOptions(
    log.command('key').description("print the verifier key that checks this log's checkpoints"),
  ).action((options: LogOptions & OutputOptions) =>
    runCommand(options, async () => {
      const context = await openLogContext(options);
      try {
        printResult(options, context.log.verifierKey(), { verifierKey: context.log.verifierKey() });
      } finally {
        await context.close();
      }
    }),
  );
}
