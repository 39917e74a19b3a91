/**
 * The verbs that drive an accepted contract to settlement, one signed event each:
 * start (producer), evidence (producer: proof ids and the quantity they claim), verify
 * (verifier: p and passed), dispute (any party but the authority, within the window), resolve
 * (the dispute authority), settle (buyer or operator, once the window passed), and reject,
 * cancel. Who may send what, and when, is the kernel's replay to decide; refusals print its code.
 */
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { printResult, runCommand } from '../output.js';
import { collect } from '../trust-files.js';
import {
  appendContractEvent,
  contractSigner,
  eventTimeMs,
  type SignedContractOptions,
  stateLine,
  withContractStoreOptions,
  withContracts,
} from './contract-options.js';

interface WorkOptions extends SignedContractOptions {
  readonly proof?: string[];
  readonly quantity?: string;
  readonly milestone: string;
  readonly final?: boolean;
  readonly p?: string;
  readonly failed?: boolean;
  readonly outcome?: string;
  readonly reason?: string;
}

function oneProof(options: WorkOptions): string {
  if (options.proof?.length !== 1) {
    throw new CliError('argument_invalid', 'name exactly one --proof <content id>');
  }
  return options.proof[0]!;
}

function reason(options: WorkOptions): Record<string, unknown> {
  return options.reason === undefined ? {} : { reason: options.reason };
}

const VERBS: readonly {
  readonly name: string;
  readonly type: string;
  readonly description: string;
  readonly payload: (options: WorkOptions) => Record<string, unknown>;
}[] = [
  { name: 'reject', type: 'reject', description: 'reject the proposal', payload: reason },
  { name: 'cancel', type: 'cancel', description: 'cancel before work starts', payload: reason },
  { name: 'start', type: 'start', description: 'start work (producer)', payload: () => ({}) },
  {
    name: 'evidence',
    type: 'evidence',
    description: 'submit proofs and the quantity they claim (producer)',
    payload: (options) => {
      if (options.proof === undefined || options.quantity === undefined) {
        throw new CliError(
          'argument_invalid',
          'evidence needs --proof (repeatable) and --quantity',
        );
      }
      return {
        milestone: options.milestone,
        proofs: options.proof,
        quantity: options.quantity,
        ...(options.final ? { final: true } : {}),
      };
    },
  },
  {
    name: 'verify',
    type: 'verification',
    description: "report a verifier's result on one proof (verifier)",
    payload: (options) => {
      const p = Number(options.p);
      if (options.p === undefined || !Number.isFinite(p)) {
        throw new CliError('argument_invalid', 'verify needs --p <0..1>');
      }
      return { proof: oneProof(options), p, passed: options.failed !== true };
    },
  },
  {
    name: 'dispute',
    type: 'dispute',
    description: 'dispute a verified proof within the challenge window',
    payload: (options) => ({ proof: oneProof(options), ...reason(options) }),
  },
  {
    name: 'resolve',
    type: 'resolve',
    description: 'resolve a dispute: --outcome upheld|overturned (dispute authority)',
    payload: (options) => {
      if (options.outcome !== 'upheld' && options.outcome !== 'overturned') {
        throw new CliError('argument_invalid', '--outcome is upheld or overturned');
      }
      return { proof: oneProof(options), outcome: options.outcome, ...reason(options) };
    },
  },
  {
    name: 'settle',
    type: 'settle',
    description: 'mark the minted contract settled (buyer or operator)',
    payload: reason,
  },
];

export function registerContractWork(contract: Command): void {
  for (const verb of VERBS) {
    withContractStoreOptions(
      contract
        .command(verb.name)
        .description(verb.description)
        .argument('<id>', 'the contract id')
        .requiredOption('--key <key>', 'the acting party: a key file, or a key name')
        .option('--proof <id>', 'a proof content id; repeatable for evidence', collect)
        .option('--quantity <q>', 'evidence: the quantity claimed, in the price unit')
        .option('--milestone <id>', 'evidence: the milestone', 'main')
        .option('--final', "evidence: the milestone's last evidence")
        .option('--p <p>', "verify: the verifier's confidence, 0..1")
        .option('--failed', 'verify: the proof failed verification')
        .option('--outcome <outcome>', 'resolve: upheld or overturned')
        .option('--reason <text>', 'a reason, for reject, cancel, dispute, resolve, settle')
        .option('--at <time>', 'when, RFC 3339 UTC (default now)'),
    ).action((id: string, options: WorkOptions) =>
      runCommand(options, async () => {
        const payload = verb.payload(options);
        const signer = contractSigner(options);
        const atMs = eventTimeMs(options);
        const state = await withContracts(options, (store) =>
          appendContractEvent(store, id, verb.type, payload, signer, atMs),
        );
        printResult(options, stateLine(id, state), {
          contract: id,
          status: state.status,
          effects: state.effects,
        });
      }),
    );
  }
}
