/**
 * `mycel contract propose`: signs a proposal with --key and stores it; prints the contract id
 * (the proposal's content id) alone on its line, so `ID=$(mycel contract propose ...)` works.
 * Terms come from --terms FILE, or from flags: parties by did:key or key name, the price per
 * unit in minor units, thresholds, and deadlines as durations from --at (default now).
 */
import {
  type ContractTerms,
  checkContractTerms,
  formatTimestamp,
  type JsonValue,
  signContractEvent,
} from '@mycel/kernel';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { readInputJson } from '../files.js';
import { printResult, runCommand, unwrap } from '../output.js';
import { collect } from '../trust-files.js';
import {
  contractSigner,
  eventTimeMs,
  partyDid,
  type SignedContractOptions,
  withContractStoreOptions,
  withContracts,
} from './contract-options.js';

interface ProposeOptions extends SignedContractOptions {
  readonly terms?: string;
  readonly federation: string;
  readonly mip: string;
  readonly buyer?: string;
  readonly producer?: string[];
  readonly verifier?: string[];
  readonly operator?: string[];
  readonly authority?: string;
  readonly price?: string;
  readonly currency: string;
  readonly unit: string;
  readonly pMin: string;
  readonly k: string;
  readonly acceptWithin: string;
  readonly workWithin: string;
  readonly window: string;
  readonly settleWithin: string;
  readonly split?: string[];
}

const DURATION = /^([0-9]{1,9})(ms|s|m|h|d)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function durationMs(flag: string, text: string): number {
  const match = DURATION.exec(text);
  if (match === null) {
    throw new CliError(
      'argument_invalid',
      `${flag} is a duration such as 30m, 2h or 7d, not ${text}`,
    );
  }
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

function numberOption(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new CliError('argument_invalid', `${flag} is a number, not ${text}`);
  }
  return value;
}

/** `<did or key name>=<role>:<bps>`, role owner, operator, protocol or payee. */
function splitOption(text: string): { party: string; role: string; bps: number } {
  const match = /^(.+)=(owner|operator|protocol|payee):([0-9]{1,5})$/.exec(text);
  if (match === null) {
    throw new CliError('argument_invalid', `--split is <party>=<role>:<bps>, not ${text}`);
  }
  return { party: partyDid(match[1]!, '--split'), role: match[2]!, bps: Number(match[3]) };
}

function termsFromFlags(options: ProposeOptions, atMs: number, proposer: string): unknown {
  if (options.price === undefined || options.producer === undefined) {
    throw new CliError(
      'argument_invalid',
      'give --terms FILE, or at least --producer and --price (minor units per unit)',
    );
  }
  const producers = options.producer.map((value) => partyDid(value, '--producer'));
  const verifiers = (options.verifier ?? []).map((value) => partyDid(value, '--verifier'));
  const operators = (options.operator ?? []).map((value) => partyDid(value, '--operator'));
  const buyer = options.buyer === undefined ? proposer : partyDid(options.buyer, '--buyer');
  if (options.authority === undefined) {
    throw new CliError('argument_invalid', 'name the dispute authority: --authority <did or key>');
  }
  const authority = partyDid(options.authority, '--authority');
  const acceptBy = atMs + durationMs('--accept-within', options.acceptWithin);
  const workBy = acceptBy + durationMs('--work-within', options.workWithin);
  const settleBy = workBy + durationMs('--settle-within', options.settleWithin);
  const splits =
    options.split === undefined
      ? [{ party: producers[0]!, role: 'owner', bps: 10_000 }]
      : options.split.map(splitOption);
  return {
    federation: options.federation,
    mip: options.mip,
    parties: [
      { did: buyer, role: 'buyer' },
      ...producers.map((did) => ({ did, role: 'producer' })),
      ...verifiers.map((did) => ({ did, role: 'verifier' })),
      ...operators.map((did) => ({ did, role: 'operator' })),
      { did: authority, role: 'authority' },
    ],
    price: { minor: options.price, currency: options.currency, unit: options.unit },
    thresholds: {
      pMin: numberOption('--p-min', options.pMin),
      verifiersK: numberOption('--k', options.k),
    },
    disputeAuthority: authority,
    acceptBy: formatTimestamp(acceptBy),
    workBy: formatTimestamp(workBy),
    challengeWindowMs: durationMs('--window', options.window),
    settleBy: formatTimestamp(settleBy),
    splits,
  };
}

export function registerContractPropose(contract: Command): void {
  withContractStoreOptions(
    contract
      .command('propose')
      .description('sign and store a proposal; prints the contract id')
      .requiredOption(
        '--key <key>',
        'the proposer: a key file, or a key name under $MYCEL_HOME/keys',
      )
      .option(
        '--terms <file>',
        'the terms as JSON (docs/spec/contracts.md); or use the flags below',
      )
      .option('--federation <id>', 'the federation', 'devnet')
      .option('--mip <id>', 'the MIP bought', 'mip-enr/generation-interval@1.0.0')
      .option('--buyer <party>', 'the buyer (payer), did:key or key name (default: the proposer)')
      .option('--producer <party>', 'a producer; repeatable', collect)
      .option('--verifier <party>', 'a verifier; repeatable', collect)
      .option('--operator <party>', 'an operator; repeatable', collect)
      .option('--authority <party>', 'the dispute authority')
      .option('--price <minor>', 'price per unit in minor units (paise, cents)')
      .option('--currency <code>', 'ISO 4217 code or token id', 'INR')
      .option('--unit <unit>', 'the unit priced', 'kWh')
      .option('--p-min <p>', 'lowest verifier p that counts', '0.9')
      .option('--k <count>', 'verifiers that must pass a proof', '1')
      .option('--accept-within <duration>', 'acceptBy = --at + this', '24h')
      .option('--work-within <duration>', 'workBy = acceptBy + this', '7d')
      .option('--window <duration>', 'the challenge window', '1h')
      .option('--settle-within <duration>', 'settleBy = workBy + this', '7d')
      .option(
        '--split <split>',
        '<party>=<role>:<bps>; repeatable (default: producer owner 10000)',
        collect,
      )
      .option('--at <time>', 'when, RFC 3339 UTC (default now)'),
  ).action((options: ProposeOptions) =>
    runCommand(options, async () => {
      const signer = contractSigner(options);
      const atMs = eventTimeMs(options);
      const raw =
        options.terms === undefined
          ? termsFromFlags(options, atMs, signer.key.did)
          : readInputJson(options.terms, 'argument_invalid');
      const terms = unwrap(checkContractTerms(raw as JsonValue)) as ContractTerms;
      const event = signContractEvent(
        { type: 'propose', at: formatTimestamp(atMs), by: signer.key.did, terms },
        signer,
      );
      const appended = await withContracts(options, async (store) =>
        unwrap(await store.appendEvent(event as unknown as JsonValue, Math.max(Date.now(), atMs))),
      );
      printResult(options, appended.contract, {
        contract: appended.contract,
        status: appended.state.status,
        termsId: appended.state.termsId,
      });
    }),
  );
}
