import { ProofVerifier, parseTimestamp } from '@mycel/kernel';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { readInputFile } from '../files.js';
import { type OutputOptions, printResult, runCommand, unwrap } from '../output.js';
import { loadTrust, type TrustOptions } from '../trust-files.js';
import { withTrustOptions } from './log-options.js';

interface VerifyOptions extends OutputOptions, TrustOptions {
  readonly now?: string;
}

export function registerProofVerify(proof: Command): void {
  withTrustOptions(
    proof
      .command('verify')
      .description('integrity-verify a proof envelope: ok, or the code of the broken rule')
      .argument('<file>', 'the proof envelope (JSON)')
      .option('--now <time>', 'verify as of this time instead of the clock (RFC 3339)'),
  ).action((file: string, options: VerifyOptions) =>
    runCommand(options, () => {
      const nowMs = options.now === undefined ? Date.now() : parseTimestamp(options.now);
      if (nowMs === undefined)
        throw new CliError('argument_invalid', '--now must be an RFC 3339 UTC time');
      const verifier = new ProofVerifier({ trust: loadTrust(options) });
      const verified = unwrap(verifier.verifyBytes(readInputFile(file), nowMs));
      const standing = verified.settleable ? 'settleable' : 'not settleable (unknown MIP)';
      printResult(
        options,
        `ok ${verified.id}\nsigned by ${verified.signers.join(', ')}\n${verified.proof.mip}: ${standing}`,
        {
          id: verified.id,
          mip: verified.proof.mip,
          signers: verified.signers,
          mipKnown: verified.mipKnown,
          settleable: verified.settleable,
        },
      );
    }),
  );
}
