/**
 * `mycel registry advert`: builds a producer's capability advert (docs/spec/registry.md) from
 * options, signs it with the producer's key file, checks it with the kernel, and writes it
 * (`--out`, or stdout). Publishing is a separate step: `mycel registry publish`.
 */
import {
  buildCapabilityAdvert,
  CAPABILITY_KIND,
  type CapabilityAdvertFields,
  checkCapabilityAdvert,
  formatTimestamp,
  type JsonValue,
  withSignature,
} from '@mycel/kernel';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { writeOutput } from '../files.js';
import { readSigner } from '../key-file.js';
import { type OutputOptions, runCommand, unwrap } from '../output.js';
import { collect } from '../trust-files.js';
import { parseWholeNumber } from '../whole-number.js';
import { timeOption } from './settlement-options.js';

const DAY_MS = 24 * 60 * 60 * 1000;

interface AdvertOptions extends OutputOptions {
  readonly key: string;
  readonly federation: string;
  readonly mip: string[];
  readonly interface?: string[];
  readonly profile?: string;
  readonly lat: string;
  readonly lon: string;
  readonly label: string;
  readonly price: string;
  readonly currency: string;
  readonly unit: string;
  readonly issuedAt?: string;
  readonly validDays: string;
  readonly out?: string;
}

export function numberOption(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new CliError('argument_invalid', `${name} takes a number, not ${text}`);
  }
  return value;
}

export function registerRegistryAdvert(registry: Command): void {
  registry
    .command('advert')
    .description(
      "build and sign a producer's capability advert (publish it with `registry publish`)",
    )
    .requiredOption('--key <path>', "key file of the producer (the advert's signer)")
    .requiredOption('--federation <id>', 'the federation the advert is for')
    .requiredOption('--mip <id>', 'a MIP the producer emits (repeat for more)', collect)
    .option('--interface <name>', 'an interface its readings arrive over (repeatable)', collect)
    .option('--profile <id>', "its production-node profile, e.g. 'microgrid'")
    .requiredOption('--lat <degrees>', 'latitude (WGS 84)')
    .requiredOption('--lon <degrees>', 'longitude (WGS 84)')
    .requiredOption('--label <text>', 'the city or site name')
    .requiredOption('--price <minor>', 'price per unit, in minor units of the currency')
    .requiredOption('--currency <code>', 'ISO 4217 currency, e.g. EUR')
    .requiredOption('--unit <unit>', "the unit priced, e.g. 'kWh'")
    .option('--issued-at <time>', 'issue time (RFC 3339; default: now)')
    .option('--valid-days <n>', 'days until the advert expires', '30')
    .option('--out <path>', 'write the signed advert here instead of stdout')
    .action((options: AdvertOptions) =>
      runCommand(options, () => {
        const issuedMs =
          options.issuedAt === undefined
            ? Math.floor(Date.now() / 1000) * 1000
            : timeOption('--issued-at', options.issuedAt);
        const days = parseWholeNumber(options.validDays);
        if (days === undefined || days < 1) {
          throw new CliError('argument_invalid', `--valid-days takes a whole number of days ≥ 1`);
        }
        const signer = readSigner(options.key);
        const fields: CapabilityAdvertFields = {
          federation: options.federation,
          producer: signer.key.did,
          ...(options.profile === undefined ? {} : { profile: options.profile }),
          mips: options.mip,
          interfaces: options.interface ?? [],
          locality: {
            lat: numberOption('--lat', options.lat),
            lon: numberOption('--lon', options.lon),
            label: options.label,
          },
          price: { minor: options.price, currency: options.currency, unit: options.unit },
          issuedAt: formatTimestamp(issuedMs),
          expiresAt: formatTimestamp(issuedMs + days * DAY_MS),
        };
        const signed = withSignature(buildCapabilityAdvert(fields), CAPABILITY_KIND, signer);
        unwrap(checkCapabilityAdvert(signed as unknown as JsonValue));
        writeOutput(JSON.stringify(signed, null, 2), options.out);
      }),
    );
}
