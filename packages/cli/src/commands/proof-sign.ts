import { type JsonValue, type Proof, parseJsonBytes, signProof } from '@mycel/kernel';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { readInputFile, writeOutput } from '../files.js';
import { readSigner } from '../key-file.js';
import { type OutputOptions, runCommand, unwrap } from '../output.js';

interface SignOptions extends OutputOptions {
  readonly key: string;
  readonly identity?: string;
  readonly out?: string;
}

function isProofShaped(value: JsonValue): value is JsonValue & Proof {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Array.isArray(value.signatures)
  );
}

export function registerProofSign(proof: Command): void {
  proof
    .command('sign')
    .description(
      'add a signature to a proof envelope (run once per signer: issuer, device, countersigner)',
    )
    .argument('<file>', 'the proof envelope (JSON)')
    .requiredOption('--key <path>', 'key file of the signer')
    .option('--identity <did>', 'identity the key speaks for, when the key was rotated in')
    .option('--out <path>', 'write the signed envelope here instead of stdout')
    .action((file: string, options: SignOptions) =>
      runCommand(options, () => {
        const value = unwrap(parseJsonBytes(readInputFile(file)));
        if (!isProofShaped(value))
          throw new CliError('argument_invalid', `${file} is not a proof envelope`);
        const signed = unwrap(signProof(value, readSigner(options.key, options.identity)));
        writeOutput(JSON.stringify(signed, null, 2), options.out);
      }),
    );
}
