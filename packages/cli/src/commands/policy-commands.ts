/** The `mycel policy` command group: federation policy packs: check signatures and rules, evaluate a decision. */
import type { Command } from 'commander';
import { registerPolicyCheck } from './policy-check.js';
import { registerPolicyExample } from './policy-example.js';

export function registerPolicyCommands(program: Command): void {
  const policy = program
    .command('policy')
    .description('federation policy packs: check signatures and rules, evaluate a decision');
  registerPolicyCheck(policy);
  registerPolicyExample(policy);
}
