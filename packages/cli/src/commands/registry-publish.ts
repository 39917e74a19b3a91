/**
 * `mycel registry publish ADVERT.json`: checks a signed capability advert with the kernel —
 * schema, times and id (capability_*), its producer's signature (capability_signature_invalid),
 * in force now (capability_expired) — and stores it in the registry, replacing the producer's
 * older advert in the same federation.
 */
import {
  checkCapabilityAdvert,
  checkCapabilityCurrent,
  checkCapabilitySigned,
  parseJsonBytes,
} from '@mycel/kernel';
import type { Command } from 'commander';
import { readInputFile } from '../files.js';
import { type OutputOptions, printResult, runCommand, unwrap } from '../output.js';
import {
  nowOf,
  type RegistryLocationOptions,
  withRegistry,
  withRegistryOptions,
} from './registry-options.js';

interface PublishOptions extends OutputOptions, RegistryLocationOptions {}

export function registerRegistryPublish(registry: Command): void {
  withRegistryOptions(
    registry
      .command('publish')
      .description('check a signed capability advert and store it in the registry')
      .argument('<file>', 'the signed advert (JSON)'),
  ).action((file: string, options: PublishOptions) =>
    runCommand(options, async () => {
      const nowMs = nowOf(options);
      const advert = unwrap(checkCapabilityAdvert(unwrap(parseJsonBytes(readInputFile(file)))));
      unwrap(checkCapabilitySigned(advert, nowMs));
      unwrap(checkCapabilityCurrent(advert, nowMs));
      const outcome = await withRegistry(options, (opened) => opened.publish(advert, nowMs));
      printResult(
        options,
        `${outcome} ${advert.id}\nproducer ${advert.producer} in ${advert.federation}, until ${advert.expiresAt}`,
        { outcome, id: advert.id, producer: advert.producer, federation: advert.federation },
      );
    }),
  );
}
