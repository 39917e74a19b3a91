import { ProofVerifier, parseTimestamp } from '@mycel/kernel';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { readInputFile } from '../files.js';
import { type OutputOptions, printResult, runCommand, unwrap } from '../output.js';
import { collect, loadTrust, type TrustOptions } from '../trust-files.js';

interface VerifyOptions extends OutputOptions, TrustOptions {
  readonly now?: string;
}

export function registerProofVerify(proof: Command): void {
  proof
    .command('verify')
    .description('integrity-verify a proof envelope: ok, or the code of the broken rule')
    .argument('<file>', 'the proof envelope (JSON)')
    .option(
      '--trust <file>',
      'identity, key-rotation or revocation-list documents (repeatable)',
      collect,
    )
    .option(
      '--hardware-root <did>',
      'trust this DID as a hardware attestation root (repeatable)',
      collect,
    )
    .option(
      '--revocation-authority <did>',
      'trust revocation lists signed by this DID (repeatable)',
      collect,
    )
    .option('--now <time>', 'verify as of this time instead of the clock (RFC 3339)')
    .option('--json', 'machine-readable output')
    .action((file: string, options: VerifyOptions) =>
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
