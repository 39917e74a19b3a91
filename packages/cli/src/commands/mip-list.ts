/** `mycel mip list`: the MIPs this build verifies on the reality plane, with their content ids. */
import type { Command } from 'commander';
import { type OutputOptions, printResult, runCommand } from '../output.js';

export function registerMipList(mip: Command): void {
  mip
    .command('list')
    .description('the MIPs this build verifies: id, content id, evidence roles, cheating models')
    .option('--json', 'machine-readable output')
    .action((options: OutputOptions) =>
      runCommand(options, async () => {
        const { mipContentId, REALITY_MIPS } = await import('@mycel/mips');
        const mips = REALITY_MIPS.map((module) => ({
          mip: module.id,
          contentId: mipContentId(module),
          title: module.title,
          predicates: module.predicates,
          evidence: module.evidence.map((role) => ({
            role: role.role,
            mediaType: role.mediaType,
            required: role.required,
          })),
          cheatingModels: module.cheatingModels,
        }));
        const human = mips
          .map(
            (entry) =>
              `${entry.mip}  ${entry.title}\n  ${entry.contentId}\n  evidence: ${entry.evidence.map((role) => role.role).join(', ')}\n  caught: ${entry.cheatingModels.join(', ')}`,
          )
          .join('\n');
        printResult(options, human, { mips });
      }),
    );
}
