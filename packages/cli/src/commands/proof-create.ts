import { basename, extname } from 'node:path';
import {
  buildProof,
  digestOf,
  type Evidence,
  formatTimestamp,
  parseStrictJson,
  parseTimestamp,
} from '@mycel/kernel';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { readInputFile, writeOutput } from '../files.js';
import { readSigner } from '../key-file.js';
import { type OutputOptions, runCommand } from '../output.js';
import { collect } from '../trust-files.js';

interface CreateOptions extends OutputOptions {
  readonly mip: string;
  readonly federation: string;
  readonly subject: string;
  readonly predicate: string;
  readonly value: string;
  readonly unit?: string;
  readonly windowStart?: string;
  readonly windowEnd?: string;
  readonly issuer?: string;
  readonly key?: string;
  readonly device?: string;
  readonly capturedAt?: string;
  readonly issuedAt?: string;
  readonly expiresAt?: string;
  readonly evidence?: string[];
  readonly vault: string;
  readonly session?: string;
  readonly out?: string;
}

const MEDIA_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.csv': 'text/csv',
  '.txt': 'text/plain',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
};

/** A claim value: JSON when it parses as JSON (42, true, {"a":1}), otherwise the text itself. */
function claimValue(text: string) {
  const parsed = parseStrictJson(text);
  return parsed.ok ? parsed.value : text;
}

function timestampOption(name: string, text: string | undefined, fallbackMs: number): string {
  if (text === undefined) return formatTimestamp(fallbackMs);
  if (parseTimestamp(text) === undefined) {
    throw new CliError(
      'argument_invalid',
      `--${name} must be an RFC 3339 UTC time like 2026-11-28T07:00:00Z`,
    );
  }
  return text;
}

function evidenceFrom(path: string, vault: string): Evidence {
  return {
    digest: digestOf(readInputFile(path)),
    mediaType: MEDIA_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
    vault: `${vault.replace(/\/$/, '')}/${basename(path)}`,
    disclosure: 'private',
  };
}

export function registerProofCreate(proof: Command): void {
  proof
    .command('create')
    .description('build an unsigned proof envelope (evidence files are hashed, never embedded)')
    .requiredOption('--mip <id>', 'MIP type, e.g. mip-energy/generation-interval@1.0.0')
    .option('--federation <id>', 'federation the proof is for', 'devnet')
    .requiredOption('--subject <subject>', 'what the claim is about')
    .requiredOption('--predicate <predicate>', 'what is claimed of it')
    .requiredOption('--value <value>', 'the claimed value (JSON or text)')
    .option('--unit <unit>', 'unit of the value')
    .option('--window-start <time>', 'start of the claim window (RFC 3339)')
    .option('--window-end <time>', 'end of the claim window, exclusive (RFC 3339)')
    .option('--issuer <did>', 'issuer identity (defaults to the DID of --key)')
    .option('--key <path>', 'key file of the issuer, to take its DID')
    .option('--device <did>', 'device identity that captured the data')
    .option('--captured-at <time>', 'when the data was captured (default: now)')
    .option('--issued-at <time>', 'when the proof is issued (default: now)')
    .option('--expires-at <time>', 'when the proof stops being valid')
    .option('--evidence <file>', 'evidence file to hash (repeatable)', collect)
    .option('--vault <uri>', 'where the evidence files are kept', 'vault://local')
    .option('--session <id>', 'session the proof refers to')
    .option('--out <path>', 'write the envelope here instead of stdout')
    .action((options: CreateOptions) =>
      runCommand(options, () => {
        const issuer =
          options.issuer ?? (options.key ? readSigner(options.key).key.did : undefined);
        if (issuer === undefined)
          throw new CliError('argument_invalid', 'name the issuer with --issuer or --key');
        if ((options.windowStart === undefined) !== (options.windowEnd === undefined)) {
          throw new CliError('argument_invalid', '--window-start and --window-end go together');
        }
        const nowMs = Date.now();
        const envelope = buildProof({
          mip: options.mip,
          federation: options.federation,
          claim: {
            subject: options.subject,
            predicate: options.predicate,
            value: claimValue(options.value),
            ...(options.unit === undefined ? {} : { unit: options.unit }),
            ...(options.windowStart && options.windowEnd
              ? {
                  window: {
                    start: timestampOption('window-start', options.windowStart, nowMs),
                    end: timestampOption('window-end', options.windowEnd, nowMs),
                  },
                }
              : {}),
          },
          attestation: {
            issuer,
            ...(options.device === undefined ? {} : { device: options.device }),
            capturedAt: timestampOption('captured-at', options.capturedAt, nowMs),
          },
          evidence: (options.evidence ?? []).map((path) => evidenceFrom(path, options.vault)),
          refs: options.session === undefined ? {} : { session: options.session },
          issuedAt: timestampOption('issued-at', options.issuedAt, nowMs),
          ...(options.expiresAt === undefined
            ? {}
            : { expiresAt: timestampOption('expires-at', options.expiresAt, nowMs) }),
        });
        writeOutput(JSON.stringify(envelope, null, 2), options.out);
      }),
    );
}
