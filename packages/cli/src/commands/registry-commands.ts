/**
 * The `mycel registry` command group: the open registry of producers' capability adverts and
 * their track record (docs/spec/registry.md) — advert (build and sign), publish, record
 * (outcomes of verified proofs), search.
 */
import type { Command } from 'commander';
import { registerRegistryAdvert } from './registry-advert.js';
import { registerRegistryPublish } from './registry-publish.js';
import { registerRegistryRecord } from './registry-record.js';
import { registerRegistrySearch } from './registry-search.js';

export function registerRegistryCommands(program: Command): void {
  const registry = program
    .command('registry')
    .description("the open registry of producers' capability adverts and their track record");
  registerRegistryAdvert(registry);
  registerRegistryPublish(registry);
  registerRegistryRecord(registry);
  registerRegistrySearch(registry);
}
