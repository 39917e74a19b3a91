/**
 * `mycel profile list` and `mycel profile show <id>`: the shipped production-node profiles, and
 * one of them whole — the MIPs it must emit and how often, the evidence each proof carries, its
 * interfaces, the attestation it needs and what its advert must say.
 */
import type { JsonValue } from '@mycel/kernel';
import type { ProductionProfile } from '@mycel/mips';
import type { Command } from 'commander';
import { type OutputOptions, printResult, runCommand, unwrap } from '../output.js';

function describeProfile(profile: ProductionProfile): string {
  return [
    `${profile.id}  ${profile.title}`,
    `  ${profile.description}`,
    ...profile.mips.flatMap((entry) => [
      `  emits ${entry.mip}: at least ${entry.cadence.atLeast} per ${entry.cadence.per}`,
      ...entry.evidence.map((role) => `    evidence ${role.role} (${role.mediaType})`),
    ]),
    `  interfaces: ${profile.interfaces.join(', ')}`,
    `  attestation: ${profile.attestation.level} or stronger`,
    `  advert: names ${profile.id}, lists its MIPs and interfaces, a locality, a price per ${profile.advert.priceUnit}`,
  ].join('\n');
}

export function registerProfileList(profile: Command): void {
  profile
    .command('list')
    .description('the production-node profiles this build ships')
    .option('--json', 'machine-readable output')
    .action((options: OutputOptions) =>
      runCommand(options, async () => {
        const { PRODUCTION_PROFILES } = await import('@mycel/mips');
        const human = PRODUCTION_PROFILES.map(
          (entry) =>
            `${entry.id.padEnd(13)} ${entry.title}: ${entry.mips.map((mip) => mip.mip).join(', ')}`,
        ).join('\n');
        printResult(options, human, {
          profiles: PRODUCTION_PROFILES.map((entry) => ({
            id: entry.id,
            title: entry.title,
            mips: entry.mips.map((mip) => mip.mip),
            interfaces: entry.interfaces,
          })),
        });
      }),
    );
}

export function registerProfileShow(profile: Command): void {
  profile
    .command('show')
    .description('one production-node profile, whole')
    .argument('<id>', 'the profile id, e.g. microgrid')
    .option('--json', 'machine-readable output (the profile document itself)')
    .action((id: string, options: OutputOptions) =>
      runCommand(options, async () => {
        const { loadProfile } = await import('@mycel/mips');
        const found = unwrap(loadProfile(id));
        printResult(options, describeProfile(found), {
          profile: found as unknown as JsonValue,
        });
      }),
    );
}
