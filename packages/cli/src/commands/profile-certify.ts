/**
 * `mycel profile certify <id> --proofs FILE_OR_DIR... --advert FILE`: checks a producer's proofs
 * and capability advert against a production-node profile and prints what is found and what is
 * missing, each missing thing with its code. Exit status: 0 certified; 1 not certified (the
 * missing list says why); 2 the input is unusable (an unknown profile, an unreadable or non-JSON
 * file, a bad --now), printed as `error <code>: …`.
 */
import { type JsonValue, parseTimestamp } from '@mycel/kernel';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { type OutputOptions, printResult, runCommand, unwrap } from '../output.js';
import { loadTrust, type TrustOptions } from '../trust-files.js';
import { withTrustOptions } from './log-options.js';
import { readAdverts, readProofs } from './profile-files.js';

/** Exit status when the producer does not meet the profile. */
const NOT_CERTIFIED_EXIT_CODE = 1;
/** Exit status when the input could not be used at all. */
const UNUSABLE_INPUT_EXIT_CODE = 2;

interface CertifyOptions extends OutputOptions, TrustOptions {
  readonly proofs: string[];
  readonly advert?: string[];
  readonly producer?: string;
  readonly now?: string;
}

export function registerProfileCertify(profile: Command): void {
  withTrustOptions(
    profile
      .command('certify')
      .description(
        "check a producer's proofs and advert against a profile and print what is missing (exit 0 certified, 1 not, 2 unusable input)",
      )
      .argument('<id>', 'the profile id, e.g. microgrid')
      .requiredOption(
        '--proofs <paths...>',
        'proof files (one proof or an array) or folders of them (their *.json files)',
      )
      .option('--advert <files...>', "the producer's capability advert(s)")
      .option('--producer <did>', 'the identity to certify (default: the proofs’ issuer)')
      .option('--now <time>', 'certify as of this time instead of the clock (RFC 3339)'),
  ).action(async (id: string, options: CertifyOptions) => {
    let judged = false;
    await runCommand(options, async () => {
      // Loaded here, not at start: the other mycel commands do not pay for the MIPs.
      const { certifyProducer, loadProfile } = await import('@mycel/mips');
      const found = unwrap(loadProfile(id));
      const nowMs = options.now === undefined ? Date.now() : parseTimestamp(options.now);
      if (nowMs === undefined)
        throw new CliError('argument_invalid', '--now must be an RFC 3339 UTC time');
      const { proofs, skipped } = readProofs(options.proofs);
      const adverts = readAdverts(options.advert ?? []);
      const result = certifyProducer(found, {
        proofs,
        adverts,
        nowMs,
        trust: loadTrust(options),
        ...(options.producer === undefined ? {} : { producer: options.producer }),
      });
      const lines = [
        `${result.certified ? 'certified' : 'not certified'}: ${result.producer ?? 'no producer'} against ${found.id} (${proofs.length} proof(s), ${adverts.length} advert(s)${skipped > 0 ? `, ${skipped} other file(s) skipped` : ''})`,
        ...result.found.map((entry) => `  found   ${entry.what}: ${entry.detail}`),
        ...result.missing.map((entry) => `  missing ${entry.code}  ${entry.what}: ${entry.detail}`),
      ];
      printResult(options, lines.join('\n'), {
        ...(result as unknown as Record<string, JsonValue>),
        proofs: proofs.length,
        adverts: adverts.length,
        skipped,
      });
      judged = true;
      if (!result.certified) process.exitCode = NOT_CERTIFIED_EXIT_CODE;
    });
    if (!judged) process.exitCode = UNUSABLE_INPUT_EXIT_CODE;
  });
}
