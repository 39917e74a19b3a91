/**
 * `mycel registry search`: finds producers' adverts in force by MIP, place (--near LAT,LON
 * with --radius-km), least mean confidence, highest price in a currency, and ranks them by
 * reputation from their recorded history (docs/spec/registry.md). Text fields go to the
 * registry as they are: it checks them against their patterns and binds them as parameters.
 */
import type { RegistryHit, RegistryQuery } from '@mycel/store';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { type OutputOptions, printResult, runCommand } from '../output.js';
import { parseWholeNumber } from '../whole-number.js';
import { numberOption } from './registry-advert.js';
import {
  nowOf,
  type RegistryLocationOptions,
  withRegistry,
  withRegistryOptions,
} from './registry-options.js';

interface SearchOptions extends OutputOptions, RegistryLocationOptions {
  readonly mip?: string;
  readonly near?: string;
  readonly radiusKm?: string;
  readonly minConfidence?: string;
  readonly maxPrice?: string;
  readonly currency?: string;
  readonly unit?: string;
  readonly label?: string;
  readonly federation?: string;
  readonly limit?: string;
}

function nearOf(options: SearchOptions): RegistryQuery['near'] {
  if (options.near === undefined && options.radiusKm === undefined) return undefined;
  if (options.near === undefined || options.radiusKm === undefined) {
    throw new CliError('argument_invalid', '--near LAT,LON and --radius-km N go together');
  }
  const parts = options.near.split(',');
  if (parts.length !== 2) {
    throw new CliError('argument_invalid', `--near takes LAT,LON, not ${options.near}`);
  }
  return {
    lat: numberOption('--near latitude', parts[0]!),
    lon: numberOption('--near longitude', parts[1]!),
    radiusKm: numberOption('--radius-km', options.radiusKm),
  };
}

function queryOf(options: SearchOptions): RegistryQuery {
  const near = nearOf(options);
  let limit: number | undefined;
  if (options.limit !== undefined) {
    limit = parseWholeNumber(options.limit);
    if (limit === undefined) {
      throw new CliError('argument_invalid', `--limit takes a whole number, not ${options.limit}`);
    }
  }
  const optional = {
    mip: options.mip,
    near,
    minConfidence:
      options.minConfidence === undefined
        ? undefined
        : numberOption('--min-confidence', options.minConfidence),
    maxPriceMinor: options.maxPrice,
    currency: options.currency,
    unit: options.unit,
    label: options.label,
    federation: options.federation,
    limit,
  };
  return Object.fromEntries(
    Object.entries(optional).filter(([, value]) => value !== undefined),
  ) as RegistryQuery;
}

function hitLine(hit: RegistryHit, rank: number): string {
  const { advert, trackRecord } = hit;
  const { locality, price } = advert;
  const confidence = hit.meanConfidence === undefined ? '-' : hit.meanConfidence.toFixed(3);
  const distance = hit.distanceKm === undefined ? '' : `, ${hit.distanceKm.toFixed(1)} km away`;
  return [
    `${rank}. ${advert.producer} (${advert.federation})`,
    `   ${locality.label} ${locality.lat},${locality.lon}${distance}`,
    `   ${price.minor} ${price.currency} minor units per ${price.unit}; ${advert.mips.join(' ')}`,
    `   reputation ${hit.reputation.toFixed(3)}, mean confidence ${confidence}, accepted ${trackRecord.accepted}, refused ${trackRecord.refused}, disputes lost ${trackRecord.disputesLost}, overturned ${trackRecord.overturned}`,
  ].join('\n');
}

export function registerRegistrySearch(registry: Command): void {
  withRegistryOptions(
    registry
      .command('search')
      .description('find capability adverts, best reputation first')
      .option('--mip <id>', 'adverts that list this MIP')
      .option('--near <lat,lon>', 'adverts near this point (with --radius-km)')
      .option('--radius-km <n>', 'how far from --near')
      .option('--min-confidence <p>', "least mean confidence of the producer's accepted proofs")
      .option('--max-price <minor>', 'most minor units per unit (with --currency)')
      .option('--currency <code>', 'adverts priced in this currency')
      .option('--unit <unit>', 'adverts priced per this unit')
      .option('--label <text>', 'adverts whose place is exactly this')
      .option('--federation <id>', 'adverts for this federation')
      .option('--limit <n>', 'most results (default 20, at most 100)'),
  ).action((options: SearchOptions) =>
    runCommand(options, async () => {
      const nowMs = nowOf(options);
      const query = queryOf(options);
      const hits = await withRegistry(options, (opened) => opened.search(query, nowMs));
      const human =
        hits.length === 0
          ? 'no adverts found'
          : hits.map((hit, i) => hitLine(hit, i + 1)).join('\n');
      printResult(options, human, { hits });
    }),
  );
}
