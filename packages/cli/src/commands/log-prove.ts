import { toBase64 } from '@mycel/kernel';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { type LogOptions, openLogContext } from '../log-context.js';
import { type OutputOptions, printResult, runCommand, unwrap } from '../output.js';
import { parseWholeNumber } from '../whole-number.js';
import { withLogOptions } from './log-options.js';

interface ProveOptions extends LogOptions, OutputOptions {
  readonly id?: string;
  readonly index?: string;
  readonly size?: string;
  readonly old?: string;
  readonly new?: string;
}

function sizeOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = parseWholeNumber(text);
  if (value === undefined)
    throw new CliError('argument_invalid', `--${name} must be a whole number`);
  return value;
}

export function registerLogProve(log: Command): void {
  withLogOptions(
    log
      .command('prove')
      .description(
        'inclusion proof of an entry (--id or --index), or consistency proof between two sizes (--old)',
      )
      .option('--id <id>', 'proof id of the entry')
      .option('--index <n>', 'index of the entry')
      .option('--size <n>', 'tree size to prove against (default: the latest checkpoint)')
      .option('--old <n>', 'old tree size, for a consistency proof')
      .option('--new <n>', 'new tree size, for a consistency proof (default: the latest)'),
  ).action((options: ProveOptions) =>
    runCommand(options, async () => {
      const context = await openLogContext(options);
      try {
        const head = await context.log.head();
        const answer =
          options.old === undefined
            ? await proveInclusion(context.log, options, head.size)
            : await proveConsistency(context.log, options, head.size);
        printResult(options, JSON.stringify(answer, null, 2), answer);
      } finally {
        await context.close();
      }
    }),
  );
}

type Log = Awaited<ReturnType<typeof openLogContext>>['log'];

async function proveInclusion(log: Log, options: ProveOptions, headSize: number) {
  let index = sizeOption('index', options.index);
  if (options.id !== undefined) index = await log.findIndex(options.id);
  if (index === undefined) {
    if (options.id === undefined) throw new CliError('argument_invalid', 'give --id or --index');
    throw new CliError('entry_not_found', `${options.id} is not in the log`);
  }
  const treeSize = sizeOption('size', options.size) ?? headSize;
  const inclusion = unwrap(await log.proveInclusion(index, treeSize));
  const checkpoint = await log.checkpointAt(treeSize);
  const [entry] = await log.readEntries(index, index + 1);
  return { id: entry?.id, index, treeSize, checkpoint, inclusion: inclusion.map(toBase64) };
}

async function proveConsistency(log: Log, options: ProveOptions, headSize: number) {
  const oldSize = sizeOption('old', options.old)!;
  const newSize = sizeOption('new', options.new) ?? headSize;
  const consistency = unwrap(await log.proveConsistency(oldSize, newSize));
  return {
    oldSize,
    newSize,
    oldCheckpoint: await log.checkpointAt(oldSize),
    newCheckpoint: await log.checkpointAt(newSize),
    consistency: consistency.map(toBase64),
  };
}
