/** The `mycel contract` command group: coordination contracts (docs/spec/contracts.md). */
import type { Command } from 'commander';
import { registerContractAccept } from './contract-accept.js';
import { registerContractPropose } from './contract-propose.js';
import { registerContractShow } from './contract-show.js';
import { registerContractWork } from './contract-work.js';

export function registerContractCommands(program: Command): void {
  const contract = program
    .command('contract')
    .description('coordination contracts: propose, accept, show, and drive them to settlement');
  registerContractPropose(contract);
  registerContractAccept(contract);
  registerContractShow(contract);
  registerContractWork(contract);
}
