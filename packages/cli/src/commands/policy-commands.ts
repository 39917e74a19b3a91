/** The `mycel policy` command group: federation policy packs: check signatures and rules, evaluate a decision. */
import type { Command } from 'commander';

export function registerPolicyCommands(program: Command): void {
  program
    .command('policy')
    .description('federation policy packs: check signatures and rules, evaluate a decision');
}
