/**
 * `mycel profile example microgrid --key KEY --out DIR`: writes a certifiable example of a
 * profile's output, made by the MIPs' own scenario builders and signed by the key's identity as
 * the producer: DIR/proofs/*.json (a day of generation intervals), DIR/evidence/ (each proof's
 * raw evidence, as its vault would hold it) and DIR/advert.json. It prints the certify command
 * that checks them. Only the microgrid has an example builder so far.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatTimestamp } from '@mycel/kernel';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { readSigner } from '../key-file.js';
import { type OutputOptions, printResult, runCommand, unwrap } from '../output.js';
import { parseWholeNumber } from '../whole-number.js';

interface ExampleOptions extends OutputOptions {
  readonly key: string;
  readonly out: string;
  readonly seed?: string;
  readonly day?: string;
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function registerProfileExample(profile: Command): void {
  profile
    .command('example')
    .description("write a certifiable example of a profile's proofs, evidence and advert")
    .argument('<id>', 'the profile id (microgrid)')
    .requiredOption('--key <path>', "the producer's key file: it issues and signs everything")
    .requiredOption('--out <dir>', 'folder for proofs/, evidence/ and advert.json')
    .option('--seed <n>', 'seed of the simulated device and weather (default 1)')
    .option('--day <yyyy-mm-dd>', 'the day to simulate (default 2026-06-21)')
    .option('--json', 'machine-readable output')
    .action((id: string, options: ExampleOptions) =>
      runCommand(options, async () => {
        const { loadProfile, microgridExample } = await import('@mycel/mips');
        const found = unwrap(loadProfile(id));
        if (found.id !== 'microgrid') {
          throw new CliError('argument_invalid', `only microgrid has an example so far, not ${id}`);
        }
        if (options.day !== undefined && !DAY_PATTERN.test(options.day)) {
          throw new CliError('argument_invalid', '--day must be YYYY-MM-DD');
        }
        const dayMs =
          options.day === undefined ? undefined : Date.parse(`${options.day}T00:00:00Z`);
        if (dayMs !== undefined && Number.isNaN(dayMs)) {
          throw new CliError('argument_invalid', `--day ${options.day} is not a date`);
        }
        const seed = options.seed === undefined ? undefined : parseWholeNumber(options.seed);
        if (options.seed !== undefined && seed === undefined) {
          throw new CliError('argument_invalid', '--seed must be a whole number');
        }
        const example = microgridExample(found, readSigner(options.key), {
          ...(seed === undefined ? {} : { seed }),
          ...(dayMs === undefined ? {} : { dayMs }),
        });
        const proofsFolder = join(options.out, 'proofs');
        const evidenceFolder = join(options.out, 'evidence');
        mkdirSync(proofsFolder, { recursive: true });
        mkdirSync(evidenceFolder, { recursive: true });
        example.proofs.forEach((proof, index) => {
          const number = String(index + 1).padStart(2, '0');
          writeFileSync(join(proofsFolder, `interval-${number}.json`), json(proof));
          example.evidence[index]!.forEach((piece, pieceIndex) => {
            writeFileSync(
              join(evidenceFolder, `interval-${number}-${pieceIndex + 1}.json`),
              piece.bytes,
            );
          });
        });
        const advertPath = join(options.out, 'advert.json');
        writeFileSync(advertPath, json(example.advert));
        const now = formatTimestamp(example.nowMs);
        const certify = `mycel profile certify ${found.id} --proofs ${proofsFolder} --advert ${advertPath} --now ${now}`;
        printResult(
          options,
          `wrote ${example.proofs.length} proofs to ${proofsFolder}, their evidence to ${evidenceFolder}, and ${advertPath}\ncheck them: ${certify}`,
          { proofs: proofsFolder, evidence: evidenceFolder, advert: advertPath, now },
        );
      }),
    );
}
