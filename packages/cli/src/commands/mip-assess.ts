/**
 * `mycel mip assess`: the integrity plane (kernel ProofVerifier, with the shipped MIPs' claim
 * schemas), then the MIP's reality verifier on the supplied evidence, under a policy pack.
 * Prints the verdict, p, its interval and every check; --out writes the proof with the signed
 * reality result appended. Exit status: 0 accepted, 1 an error (with its code), 2 verified but
 * not accepted (the reason is printed).
 */
import { attachVerification, type JsonValue, ProofVerifier, parseTimestamp } from '@mycel/kernel';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { readInputFile, writeOutput } from '../files.js';
import { readSigner } from '../key-file.js';
import { readEvidenceFiles, readPolicyPack } from '../mip-files.js';
import { type OutputOptions, printResult, runCommand, unwrap } from '../output.js';
import { loadTrust, type TrustOptions } from '../trust-files.js';
import { withTrustOptions } from './log-options.js';

/** Exit status of a proof that verified but was not accepted (1 is kept for errors). */
const NOT_ACCEPTED_EXIT_CODE = 2;

/** A probability to 4 decimals, or in exponent form when smaller than that shows. */
function shown(p: number): string {
  return p >= 0.001 ? p.toFixed(4) : p.toExponential(2);
}

interface AssessOptions extends OutputOptions, TrustOptions {
  readonly evidence?: string[];
  readonly pack?: string;
  readonly key: string;
  readonly now?: string;
  readonly out?: string;
}

export function registerMipAssess(mip: Command): void {
  withTrustOptions(
    mip
      .command('assess')
      .description(
        'verify a proof on both planes and sign the reality result (exit 2: verified, not accepted)',
      )
      .argument('<proof>', 'the signed proof envelope (JSON)')
      .option('--evidence <files...>', 'the raw evidence files the proof names')
      .option('--pack <file>', 'the federation policy pack (default: the devnet pack)')
      .requiredOption('--key <path>', "the verifier's key file, which signs the result")
      .option('--now <time>', 'verify as of this time instead of the clock (RFC 3339)')
      .option('--out <path>', 'write the proof with the reality result appended'),
  ).action((file: string, options: AssessOptions) =>
    runCommand(options, async () => {
      // Loaded here, not at start: the other mycel commands do not pay for the MIPs.
      const { assessProof, mipCatalog, modulesById, REALITY_MIPS } = await import('@mycel/mips');
      const nowMs = options.now === undefined ? Date.now() : parseTimestamp(options.now);
      if (nowMs === undefined)
        throw new CliError('argument_invalid', '--now must be an RFC 3339 UTC time');
      const modules = modulesById(REALITY_MIPS);
      const verifier = new ProofVerifier({ trust: loadTrust(options), mips: mipCatalog(modules) });
      const verified = unwrap(verifier.verifyBytes(readInputFile(file), nowMs));
      const assessment = unwrap(
        assessProof({
          proof: verified.proof,
          pack: await readPolicyPack(options.pack, nowMs),
          modules,
          supplied: readEvidenceFiles(options.evidence ?? [], verified.proof),
          verifier: readSigner(options.key),
          nowMs,
        }),
      );
      if (options.out !== undefined && assessment.verification !== undefined) {
        const attached = attachVerification(verified.proof, assessment.verification);
        writeOutput(JSON.stringify(attached, null, 2), options.out);
      }
      const result = assessment.result;
      const lines = [
        `${verified.proof.mip} ${verified.id}`,
        result === undefined
          ? `integrity-checked only: ${assessment.reason}`
          : `verdict ${result.verdict}  p ${shown(result.p)}  interval [${shown(result.interval[0])}, ${shown(result.interval[1])}]`,
        ...(result?.checks ?? []).map(
          (check) =>
            `  ${check.name.padEnd(28)} ${check.logLikelihoodRatio >= 0 ? '+' : ''}${check.logLikelihoodRatio.toFixed(3)}  ${check.note}`,
        ),
        ...(result?.settle === undefined
          ? []
          : [
              `settle ${result.settle.value.toFixed(1)} ${result.settle.unit} (${result.settle.quantile} quantile)`,
            ]),
        assessment.accepted
          ? `accepted${assessment.settleable ? ', settleable' : ', not settleable'}`
          : `not accepted: ${assessment.reason}`,
      ];
      printResult(options, lines.join('\n'), {
        id: verified.id,
        mip: verified.proof.mip,
        standing: assessment.standing,
        accepted: assessment.accepted,
        settleable: assessment.settleable,
        ...(assessment.reason === undefined ? {} : { reason: assessment.reason }),
        ...(result === undefined ? {} : { result: result as unknown as JsonValue }),
      });
      if (!assessment.accepted) process.exitCode = NOT_ACCEPTED_EXIT_CODE;
    }),
  );
}
