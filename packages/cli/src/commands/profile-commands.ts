/**
 * The `mycel profile` command group: production-node profiles (open designs of a microgrid,
 * microfactory, microfarm, microschool and microclinic). List and show them, write a certifiable
 * example of one, and certify a producer's proofs and advert against one. Each command loads
 * @mycel/mips on first use, so the rest of `mycel` does not pay for the MIPs.
 */
import type { Command } from 'commander';
import { registerProfileCertify } from './profile-certify.js';
import { registerProfileExample } from './profile-example.js';
import { registerProfileList, registerProfileShow } from './profile-show.js';

export function registerProfileCommands(program: Command): void {
  const profile = program
    .command('profile')
    .description('production-node profiles: list them, certify a producer against one');
  registerProfileList(profile);
  registerProfileShow(profile);
  registerProfileExample(profile);
  registerProfileCertify(profile);
}
