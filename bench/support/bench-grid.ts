/**
 * A coordinator and one node as child processes started through the `opengrid` command, the way
 * an operator starts them, in a temporary data folder that is removed afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChildService, startChildService } from '@mycel/cli';

export interface BenchGrid {
  readonly coordinator: ChildService;
  readonly node: ChildService;
  stop(): Promise<void>;
}

export async function startBenchGrid(nodeArgs: readonly string[]): Promise<BenchGrid> {
  const folder = mkdtempSync(join(tmpdir(), 'opengrid-bench-'));
  const quiet = ['--log-level', 'warn'];
  const coordinator = await startChildService('coordinator', [
    'coordinator',
    'start',
    '--data',
    join(folder, 'coordinator'),
    '--port',
    '0',
    ...quiet,
  ]);
  const node = await startChildService('node', [
    'node',
    'start',
    '--coordinator',
    coordinator.url,
    '--data',
    join(folder, 'node'),
    '--label',
    'bench',
    ...quiet,
    ...nodeArgs,
  ]);
  // The node is placeable once the coordinator lists it alive.
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const listed = (await (await fetch(`${coordinator.url}/v1/nodes`)).json()) as {
      nodes: { did: string; state: string }[];
    };
    if (listed.nodes.some((n) => n.did === node.did && n.state === 'alive')) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    coordinator,
    node,
    async stop() {
      await node.stop();
      await coordinator.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

export function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
