/**
 * A coordinator and one node as child processes, started through the `opengrid` command the way
 * an operator starts them, returned once the node is listed alive. Benchmarks and tests use it.
 */
import { join } from 'node:path';
import { DEVNET_REGISTRATION_MS } from '../limits.js';
import { type ChildService, startChildService } from './child-service.js';
import { waitForNodesAlive } from './node-listing.js';

export interface LocalGrid {
  readonly coordinator: ChildService;
  readonly node: ChildService;
  /** Stops the node, then the coordinator. */
  stop(): Promise<void>;
}

export interface LocalGridOptions {
  /** The data folders go under it (`coordinator/`, `node/`). */
  readonly folder: string;
  readonly nodeLabel?: string;
  /** More `opengrid node start` options, e.g. `--workers 1`. */
  readonly nodeArgs?: readonly string[];
  readonly logLevel?: string;
}

export async function startLocalGrid(options: LocalGridOptions): Promise<LocalGrid> {
  const logLevel = ['--log-level', options.logLevel ?? 'warn'];
  const coordinator = await startChildService('coordinator', [
    'coordinator',
    'start',
    '--port',
    '0',
    '--data',
    join(options.folder, 'coordinator'),
    ...logLevel,
  ]);
  let node: ChildService;
  try {
    node = await startChildService('node', [
      'node',
      'start',
      '--coordinator',
      coordinator.url,
      '--data',
      join(options.folder, 'node'),
      '--label',
      options.nodeLabel ?? 'local',
      ...logLevel,
      ...(options.nodeArgs ?? []),
    ]);
    await waitForNodesAlive(coordinator.url, [node.did], DEVNET_REGISTRATION_MS);
  } catch (error) {
    await coordinator.stop();
    throw error;
  }
  return {
    coordinator,
    node,
    async stop() {
      await node.stop();
      await coordinator.stop();
    },
  };
}
