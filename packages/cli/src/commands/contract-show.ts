/**
 * `mycel contract show ID`: the contract replayed from its stored events at now (or --at): its
 * status, terms, milestones, events and the effects due (mint-vcr receipts, reversals).
 * `mycel contract list`: the stored contracts, most recently changed first.
 */
import type { ContractState } from '@mycel/kernel';
import type { StoredContractEvent } from '@mycel/store';
import type { Command } from 'commander';
import { type OutputOptions, printResult, runCommand, unwrap } from '../output.js';
import {
  type ContractOptions,
  eventTimeMs,
  withContractStoreOptions,
  withContracts,
} from './contract-options.js';

function humanView(
  id: string,
  state: ContractState,
  events: readonly StoredContractEvent[],
): string {
  const terms = state.terms!;
  const lines = [
    `contract ${id}`,
    `status   ${state.status}`,
    `price    ${terms.price.minor} ${terms.price.currency} minor units per ${terms.price.unit}`,
    `parties  ${terms.parties.map((p) => `${p.role} ${p.did}`).join('\n         ')}`,
    `accepted ${state.acceptedBy.length} of ${terms.parties.length}`,
    `deadlines acceptBy ${terms.acceptBy}, workBy ${terms.workBy}, settleBy ${terms.settleBy}, window ${terms.challengeWindowMs} ms`,
    `amount   ${state.amount!.minor} ${state.amount!.currency}`,
  ];
  for (const milestone of state.milestones) {
    lines.push(
      `milestone ${milestone.id} ${milestone.status}: ${milestone.billableQuantity} ${terms.price.unit} billable, ${milestone.amountMinor} minor units`,
    );
  }
  lines.push(`events   ${events.length}`);
  for (const stored of events) {
    const event = stored.event as { at: string; by: string };
    lines.push(`  ${stored.position} ${stored.type} ${event.at} by ${event.by}`);
  }
  for (const effect of state.effects) {
    lines.push(
      effect.type === 'mint-vcr'
        ? `effect mint-vcr ${effect.receipt.id} ${effect.receipt.amount.minor} ${effect.receipt.amount.currency} due ${effect.dueAt}`
        : `effect reverse-vcr ${effect.receipt} (proof ${effect.proof} overturned) due ${effect.dueAt}`,
    );
  }
  return lines.join('\n');
}

export function registerContractShow(contract: Command): void {
  withContractStoreOptions(
    contract
      .command('show')
      .description('replay a contract: state, terms, events and the effects due')
      .argument('<id>', 'the contract id')
      .option('--at <time>', 'replay as of this time, RFC 3339 UTC (default now)'),
  ).action((id: string, options: ContractOptions) =>
    runCommand(options, async () => {
      const nowMs = eventTimeMs(options);
      const { state, events } = await withContracts(options, async (store) => ({
        state: unwrap(await store.state(id, nowMs)),
        events: await store.events(id),
      }));
      printResult(options, humanView(id, state, events), {
        contract: id,
        status: state.status,
        terms: state.terms,
        termsId: state.termsId,
        acceptedBy: state.acceptedBy,
        milestones: state.milestones,
        proofs: state.proofs,
        amount: state.amount,
        events: events.map((stored) => stored.event),
        effects: state.effects,
      });
    }),
  );
  withContractStoreOptions(
    contract.command('list').description('the stored contracts, most recently changed first'),
  ).action((options: OutputOptions & { db?: string }) =>
    runCommand(options, async () => {
      const contracts = await withContracts(options, (store) => store.contracts());
      const human = contracts.map((c) => `${c.contract} ${c.status} ${c.eventCount} events`);
      printResult(options, human.join('\n'), { contracts });
    }),
  );
}
