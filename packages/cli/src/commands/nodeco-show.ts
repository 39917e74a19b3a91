/**
 * `mycel nodeco show`: a node's NodeCo from its coordinator (`--coordinator <url> --node <did>`)
 * or from a file (a signed record, or a coordinator's answer with its transfers): the record, the
 * share transfers, and the holdings in force now (owners, shares, %). Both are checked with the
 * kernel before anything is printed.
 */
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { readInputJson } from '../files.js';
import { callCoordinator, coordinatorOption, nodecoPath } from '../ledger/coordinator-client.js';
import { checkedView, type NodeCoView, viewJson, viewText } from '../ledger/nodeco-view.js';
import { type OutputOptions, printResult, runCommand } from '../output.js';
import { didOption } from './settlement-options.js';

interface ShowOptions extends OutputOptions {
  readonly coordinator?: string;
  readonly node?: string;
}

function fromFile(path: string): NodeCoView {
  const document = readInputJson(path, 'argument_invalid') as {
    kind?: unknown;
    record?: unknown;
    transfers?: unknown;
  } | null;
  if (document?.kind === 'nodeco') return checkedView(document, [], Date.now());
  if (typeof document?.record === 'object' && Array.isArray(document.transfers)) {
    return checkedView(document.record, document.transfers, Date.now());
  }
  throw new CliError(
    'argument_invalid',
    `${path} holds neither a NodeCo record nor a coordinator's answer {record, transfers}`,
  );
}

export function registerNodeCoShow(nodeco: Command): void {
  nodeco
    .command('show')
    .description("a node's NodeCo: record, share transfers, and who holds how many shares now")
    .argument('[file]', 'a signed NodeCo record, or a coordinator answer with its transfers')
    .option('--coordinator <url>', 'ask this coordinator (with --node)')
    .option('--node <did>', 'the node whose NodeCo to show')
    .option('--json', 'machine-readable output')
    .action((file: string | undefined, options: ShowOptions) =>
      runCommand(options, async () => {
        const remote = options.coordinator !== undefined || options.node !== undefined;
        if (remote === (file !== undefined)) {
          throw new CliError(
            'argument_invalid',
            'show a <file>, or --coordinator <url> --node <did>',
          );
        }
        let view: NodeCoView;
        if (file !== undefined) view = fromFile(file);
        else {
          if (options.coordinator === undefined || options.node === undefined) {
            throw new CliError('argument_invalid', '--coordinator and --node go together');
          }
          const base = coordinatorOption(options.coordinator);
          const node = didOption(options.node, '--node');
          const answer = await callCoordinator(base, nodecoPath(node));
          view = checkedView(answer.record, answer.transfers, Date.now());
        }
        printResult(options, viewText(view), viewJson(view));
      }),
    );
}
