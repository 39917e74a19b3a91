/**
 * A coordinator and one node as child processes (@mycel/cli's startLocalGrid: started through
 * the `opengrid` command the way an operator starts them), in a temporary data folder that is
 * removed afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalGrid, startLocalGrid } from '@mycel/cli';

export async function startBenchGrid(nodeArgs: readonly string[]): Promise<LocalGrid> {
  const folder = mkdtempSync(join(tmpdir(), 'opengrid-bench-'));
  const grid = await startLocalGrid({ folder, nodeLabel: 'bench', nodeArgs });
  return {
    ...grid,
    async stop() {
      await grid.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
