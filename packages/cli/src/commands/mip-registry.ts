/** `mycel mip registry`: a signed registry document listing the MIPs this build ships. */
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { writeOutput } from '../files.js';
import { readSigner } from '../key-file.js';
import { type OutputOptions, runCommand } from '../output.js';
import { parseWholeNumber } from '../whole-number.js';

interface RegistryOptions extends OutputOptions {
  readonly key: string;
  readonly sequence: string;
  readonly out?: string;
}

export function registerMipRegistry(mip: Command): void {
  mip
    .command('registry')
    .description('sign a MIP registry document listing the shipped MIPs by content id')
    .requiredOption('--key <path>', "the registry issuer's key file")
    .option('--sequence <n>', 'the registry version (a later one replaces an earlier)', '1')
    .option('--out <path>', 'write the registry here instead of stdout')
    .action((options: RegistryOptions) =>
      runCommand(options, async () => {
        const { buildMipRegistry, REALITY_MIPS } = await import('@mycel/mips');
        const sequence = parseWholeNumber(options.sequence);
        if (sequence === undefined || sequence < 1)
          throw new CliError('argument_invalid', '--sequence is a whole number ≥ 1');
        const signer = readSigner(options.key);
        const issuer = signer.kid.slice(0, signer.kid.indexOf('#'));
        const registry = buildMipRegistry(
          { issuer, sequence, issuedAtMs: Date.now(), modules: REALITY_MIPS },
          signer,
        );
        writeOutput(JSON.stringify(registry, null, 2), options.out);
      }),
    );
}
