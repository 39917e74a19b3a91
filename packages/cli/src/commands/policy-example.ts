/**
 * `mycel policy example --out DIR --key KEY`: writes the example policy pack of
 * docs/spec/policy-packs.md, signed by the key as the federation's identity, and a decision input
 * it accepts, so the README tour can paste `mycel policy check`. The verifier and producer
 * identities in them are fixed example keys (their public dids only).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildPolicyPack,
  ed25519SignerFromSeed,
  examplePolicyInput,
  examplePolicyPackFields,
  formatTimestamp,
  withSignature,
} from '@mycel/kernel';
import type { Command } from 'commander';
import { readSigner } from '../key-file.js';
import { type OutputOptions, printResult, runCommand } from '../output.js';

/** Seeds of the example verifiers and producer: public example identities, no secret. */
const EXAMPLE_VERIFIER_SEEDS = [101, 102, 103] as const;
const EXAMPLE_PRODUCER_SEED = 104;

interface ExampleOptions extends OutputOptions {
  readonly out: string;
  readonly key: string;
  readonly federation: string;
}

function exampleDid(seed: number): string {
  return ed25519SignerFromSeed(new Uint8Array(32).fill(seed)).key.did;
}

export function registerPolicyExample(policy: Command): void {
  policy
    .command('example')
    .description('write an example policy pack signed by KEY, and a decision input it accepts')
    .requiredOption('--out <dir>', 'folder for pack.json and input.json')
    .requiredOption('--key <path>', "the federation's key file: it signs the pack")
    .option('--federation <id>', 'the federation id the pack is for', 'devnet')
    .option('--json', 'machine-readable output')
    .action((options: ExampleOptions) =>
      runCommand(options, () => {
        const signer = readSigner(options.key);
        const verifiers = EXAMPLE_VERIFIER_SEEDS.map(exampleDid);
        const pack = withSignature(
          buildPolicyPack(
            examplePolicyPackFields({
              federation: options.federation,
              // A minute ago: the signature verifies at once, whatever the clock's resolution.
              issuedAt: formatTimestamp(Math.floor(Date.now() / 1000) * 1000 - 60_000),
              verifiers,
            }),
          ),
          'policy-pack',
          signer,
        );
        const input = examplePolicyInput({
          producer: exampleDid(EXAMPLE_PRODUCER_SEED),
          verifiers: verifiers.slice(0, 2),
        });
        mkdirSync(options.out, { recursive: true });
        const packPath = join(options.out, 'pack.json');
        const inputPath = join(options.out, 'input.json');
        writeFileSync(packPath, `${JSON.stringify(pack, null, 2)}\n`);
        writeFileSync(inputPath, `${JSON.stringify(input, null, 2)}\n`);
        const check = `mycel policy check ${packPath} --federation-key ${signer.key.did} --input ${inputPath}`;
        printResult(
          options,
          `wrote ${packPath} (${pack.rules?.length ?? 0} rules) and ${inputPath}\ncheck it: ${check}`,
          { pack: packPath, input: inputPath, federationKey: signer.key.did, id: pack.id },
        );
      }),
    );
}
