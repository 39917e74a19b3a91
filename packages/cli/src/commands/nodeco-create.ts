/**
 * `mycel nodeco create`: builds a node's NodeCo ownership record (ARCHITECTURE §5.5: owners with
 * shares, the operator, the protocol party and the split policy, 70/20/10 by default), signs it
 * with the node's own key, checks it with the kernel, writes it (`--out`, or stdout), and
 * registers it with a coordinator when `--coordinator` is given, printing the coordinator's answer.
 */
import { existsSync } from 'node:fs';
import {
  buildNodeCo,
  checkNodeCo,
  DEFAULT_NODECO_POLICY,
  formatTimestamp,
  type JsonValue,
  type NodeCoOwner,
  withSignature,
} from '@mycel/kernel';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { writeOutput } from '../files.js';
import { callCoordinator, coordinatorOption, nodecoPath } from '../ledger/coordinator-client.js';
import { readNodeSigner } from '../ledger/node-key.js';
import { ownerOption, ownersFile } from '../ledger/nodeco-owners.js';
import { checkedView, viewJson, viewText } from '../ledger/nodeco-view.js';
import { type OutputOptions, printResult, runCommand, unwrap } from '../output.js';
import { collect } from '../trust-files.js';
import { didOption, policyOption, timeOption } from './settlement-options.js';

interface CreateOptions extends OutputOptions {
  readonly nodeKey: string;
  readonly federation: string;
  readonly protocol: string;
  readonly operator: string;
  readonly owner?: string[];
  readonly owners?: string;
  readonly policy?: string;
  readonly effectiveAt?: string;
  readonly out?: string;
  readonly force?: boolean;
  readonly coordinator?: string;
}

function ownersOf(options: CreateOptions): NodeCoOwner[] {
  const owners = [
    ...(options.owner ?? []).map(ownerOption),
    ...(options.owners === undefined ? [] : ownersFile(options.owners)),
  ];
  if (owners.length === 0) {
    throw new CliError(
      'argument_invalid',
      'name the owners: --owner <did>=<shares> or --owners <file>',
    );
  }
  return owners;
}

export function registerNodeCoCreate(nodeco: Command): void {
  nodeco
    .command('create')
    .description("build a node's ownership record, sign it with the node's key, and register it")
    .requiredOption(
      '--node-key <file>',
      "the node's key: its data folder, node-key.pkcs8 in it, or a mycel key file",
    )
    .requiredOption('--federation <name>', 'the grid (federation) the node serves')
    .requiredOption(
      '--protocol <did>',
      "the party the protocol's share goes to (the coordinator's)",
    )
    .requiredOption('--operator <did>', 'the party that runs the node')
    .option(
      '--owner <owner>',
      'an owner as <did>=<shares>[@<rail>:<address>] (rail upi, sepa or bank); repeatable',
      collect,
    )
    .option('--owners <file>', 'owners from a CSV file: party,shares,rail,address')
    .option('--policy <bps>', 'owners/operator/protocol basis points', '7000/2000/1000')
    .option('--effective-at <time>', 'when the record takes effect, RFC 3339 UTC (default now)')
    .option('--out <file>', 'write the signed record here (default: stdout)')
    .option('--force', 'replace an existing --out file')
    .option('--coordinator <url>', 'register the record with this coordinator')
    .option('--json', 'machine-readable output')
    .action((options: CreateOptions) =>
      runCommand(options, async () => {
        const base =
          options.coordinator === undefined ? undefined : coordinatorOption(options.coordinator);
        const policy =
          options.policy === undefined
            ? { ...DEFAULT_NODECO_POLICY }
            : policyOption(options.policy);
        const effectiveAt =
          options.effectiveAt === undefined
            ? formatTimestamp(Date.now())
            : formatTimestamp(timeOption('--effective-at', options.effectiveAt));
        const fields = {
          federation: options.federation,
          operator: didOption(options.operator, '--operator'),
          protocol: didOption(options.protocol, '--protocol'),
          policy,
          owners: ownersOf(options),
          effectiveAt,
        };
        if (options.out !== undefined && existsSync(options.out) && options.force !== true) {
          throw new CliError('file_exists', `${options.out} exists (pass --force to replace it)`);
        }
        const signer = await readNodeSigner(options.nodeKey);
        const unsigned = buildNodeCo({ ...fields, node: signer.key.did });
        const record = unwrap(
          checkNodeCo(withSignature(unsigned, 'nodeco', signer) as unknown as JsonValue),
        );
        const text = `${JSON.stringify(record, null, 2)}\n`;
        if (options.out !== undefined) writeOutput(text, options.out);
        if (base === undefined) {
          if (options.out === undefined && !options.json) process.stdout.write(text);
          else {
            const written = options.out === undefined ? '' : `, written to ${options.out}`;
            printResult(options, `NodeCo ${record.id} for ${record.node}${written}`, {
              record,
              ...(options.out === undefined ? {} : { out: options.out }),
            });
          }
          return;
        }
        const answer = await callCoordinator(base, nodecoPath(''), record);
        const view = checkedView(answer.record, answer.transfers, Date.now());
        printResult(options, `registered with ${base.origin}\n${viewText(view)}`, {
          ...viewJson(view),
          ...(options.out === undefined ? {} : { out: options.out }),
        });
      }),
    );
}
