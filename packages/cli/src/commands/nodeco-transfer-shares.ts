/**
 * `mycel nodeco transfer-shares`: an owner gives shares of a node to another party. The command
 * fetches the node's NodeCo record from the coordinator (a transfer names the record it applies
 * to), builds the transfer, signs it with the giver's key and posts it. The coordinator checks it
 * against the record and the transfers before it (ARCHITECTURE §5.5): a giver who holds no or too
 * few shares is refused with nodeco_transfer_refused and nothing changes. Fees earned before the
 * transfer takes effect keep the old shares.
 */
import { buildShareTransfer, formatTimestamp, withSignature } from '@mycel/kernel';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { callCoordinator, coordinatorOption, nodecoPath } from '../ledger/coordinator-client.js';
import { readNodeSigner } from '../ledger/node-key.js';
import { checkedView, viewJson, viewText } from '../ledger/nodeco-view.js';
import { type OutputOptions, printResult, runCommand } from '../output.js';
import { didOption, sharesOption, timeOption } from './settlement-options.js';

interface TransferOptions extends OutputOptions {
  readonly coordinator: string;
  readonly node: string;
  readonly fromKey: string;
  readonly to: string;
  readonly shares: string;
  readonly effectiveAt?: string;
}

export function registerNodeCoTransferShares(nodeco: Command): void {
  nodeco
    .command('transfer-shares')
    .description("give shares of a node to another party, signed with the giver's key")
    .requiredOption('--coordinator <url>', 'the coordinator that keeps the NodeCo')
    .requiredOption('--node <did>', 'the node whose shares move')
    .requiredOption('--from-key <file>', "the giving owner's key file (mycel key file or PKCS #8)")
    .requiredOption('--to <did>', 'the party that receives the shares')
    .requiredOption('--shares <n>', 'how many shares (a positive whole number)')
    .option('--effective-at <time>', 'when the transfer takes effect, RFC 3339 UTC (default now)')
    .option('--json', 'machine-readable output')
    .action((options: TransferOptions) =>
      runCommand(options, async () => {
        const base = coordinatorOption(options.coordinator);
        const node = didOption(options.node, '--node');
        const to = didOption(options.to, '--to');
        const shares = sharesOption('--shares', options.shares);
        const effectiveAt = formatTimestamp(
          options.effectiveAt === undefined
            ? Date.now()
            : timeOption('--effective-at', options.effectiveAt),
        );
        const signer = await readNodeSigner(options.fromKey);
        if (signer.key.did === to) {
          throw new CliError('argument_invalid', '--to is the giver itself');
        }
        const current = await callCoordinator(base, nodecoPath(node));
        const record = checkedView(current.record, current.transfers, Date.now()).record;
        const unsigned = buildShareTransfer({
          nodeco: record.id,
          node,
          from: signer.key.did,
          to,
          shares,
          effectiveAt,
        });
        const transfer = withSignature(unsigned, 'share-transfer', signer);
        const answer = await callCoordinator(base, nodecoPath(node, true), transfer);
        const view = checkedView(answer.record, answer.transfers, Date.now());
        printResult(
          options,
          `transferred ${shares} shares of ${node} from ${signer.key.did} to ${to} (transfer ${transfer.id}, effective ${effectiveAt})\n${viewText(view)}`,
          { transfer, ...viewJson(view) },
        );
      }),
    );
}
