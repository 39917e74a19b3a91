/**
 * `mycel contract accept ID --key KEY`: the party of KEY accepts the contract's current terms
 * (the acceptance names them by content id). When every party has accepted, it is ACCEPTED.
 */
import type { Command } from 'commander';
import { printResult, runCommand } from '../output.js';
import {
  appendContractEvent,
  contractSigner,
  currentState,
  eventTimeMs,
  type SignedContractOptions,
  stateLine,
  withContractStoreOptions,
  withContracts,
} from './contract-options.js';

export function registerContractAccept(contract: Command): void {
  withContractStoreOptions(
    contract
      .command('accept')
      .description("accept the contract's current terms as the party of --key")
      .argument('<id>', 'the contract id')
      .requiredOption('--key <key>', 'the accepting party: a key file, or a key name')
      .option('--at <time>', 'when, RFC 3339 UTC (default now)'),
  ).action((id: string, options: SignedContractOptions) =>
    runCommand(options, async () => {
      const signer = contractSigner(options);
      const atMs = eventTimeMs(options);
      const state = await withContracts(options, async (store) => {
        const current = await currentState(store, id, Math.max(Date.now(), atMs));
        return appendContractEvent(store, id, 'accept', { terms: current.termsId }, signer, atMs);
      });
      const waiting = state.terms!.parties.filter((p) => !state.acceptedBy.includes(p.did));
      const rest = waiting.length === 0 ? '' : `; waiting for ${waiting.length} more`;
      printResult(options, `${stateLine(id, state)}${rest}`, {
        contract: id,
        status: state.status,
        acceptedBy: state.acceptedBy,
      });
    }),
  );
}
