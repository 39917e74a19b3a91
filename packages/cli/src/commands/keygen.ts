import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { generateKeyFile, type KeyAlgorithm, writeKeyFile } from '../key-file.js';
import { defaultKeyPath } from '../mycel-home.js';
import { type OutputOptions, printResult, runCommand } from '../output.js';

interface KeygenOptions extends OutputOptions {
  readonly name: string;
  readonly out?: string;
  readonly alg: string;
  readonly force?: boolean;
}

export function registerKeygen(program: Command): void {
  program
    .command('keygen')
    .description('create a private key file (mode 0600, never inside a git working tree)')
    .option('--name <name>', 'key name; the file is $MYCEL_HOME/keys/<name>.json', 'default')
    .option('--out <path>', 'write the key file here instead')
    .option('--alg <alg>', 'ed25519 or p256', 'ed25519')
    .option('--force', 'replace an existing key file')
    .option('--json', 'machine-readable output')
    .action((options: KeygenOptions) =>
      runCommand(options, () => {
        if (options.alg !== 'ed25519' && options.alg !== 'p256') {
          throw new CliError('argument_invalid', '--alg is ed25519 or p256');
        }
        if (!/^[A-Za-z0-9._-]{1,64}$/.test(options.name))
          throw new CliError('argument_invalid', '--name is 1-64 of A-Z a-z 0-9 . _ -');
        const path = options.out ?? defaultKeyPath(options.name);
        const keyFile = generateKeyFile(options.alg as KeyAlgorithm);
        writeKeyFile(path, keyFile, options.force === true);
        printResult(options, `${keyFile.did}\nkey written to ${path}`, {
          did: keyFile.did,
          alg: keyFile.alg,
          path,
        });
      }),
    );
}
