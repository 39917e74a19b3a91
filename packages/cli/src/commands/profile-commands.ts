/** The `mycel profile` command group: production-node profiles: list them, certify a producer against one. */
import type { Command } from 'commander';

export function registerProfileCommands(program: Command): void {
  program
    .command('profile')
    .description('production-node profiles: list them, certify a producer against one');
}
