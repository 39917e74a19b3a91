/** The `mycel registry` command group: the open registry of producers' capability adverts and their track record. */
import type { Command } from 'commander';

export function registerRegistryCommands(program: Command): void {
  program
    .command('registry')
    .description("the open registry of producers' capability adverts and their track record");
}
