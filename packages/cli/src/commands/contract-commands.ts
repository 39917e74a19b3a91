/** The `mycel contract` command group: coordination contracts: propose, accept, show. */
import type { Command } from 'commander';

export function registerContractCommands(program: Command): void {
  program.command('contract').description('coordination contracts: propose, accept, show');
}
