/** Starting a node daemon for a test: a fresh data folder, few workers, short intervals, no log. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NodeOptions } from '../../src/node/node-options.js';
import { type RunningNode, startNode } from '../../src/node/start-node.js';
import { type TestGrid, waitFor } from './node-test-grid.js';

/** How long test nodes keep a session whose client socket dropped without `close`. */
export const TEST_DETACHED_GRACE_MS = 100;

export interface TestNode extends RunningNode {
  readonly dataDir: string;
  /** close(), then the data folder goes too (unless `keepData`). */
  stop(keepData?: boolean): Promise<void>;
}

export async function startTestNode(
  coordinatorUrl: string,
  options: Partial<NodeOptions> = {},
): Promise<TestNode> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'opengrid-node-'));
  const node = await startNode({
    workers: 1,
    logger: false,
    probeIntervalMs: 100,
    // A client that drops its socket is waited for briefly (tests that resume set their own).
    detachedGraceMs: TEST_DETACHED_GRACE_MS,
    ...options,
    dataDir,
    coordinatorUrl,
  });
  return {
    ...node,
    dataDir,
    async stop(keepData = false) {
      await node.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** GET `url` and read its JSON body as `T` (the test asserts the shape). */
export async function fetchJson<T = Record<string, unknown>>(
  url: string,
  init?: RequestInit,
): Promise<T> {
  return (await (await fetch(url, init)).json()) as T;
}

/** A test node that has registered with `grid` (its control link is up) before it is returned. */
export async function startLinkedNode(
  grid: TestGrid,
  options: Partial<NodeOptions> = {},
): Promise<TestNode> {
  const node = await startTestNode(grid.url, options);
  await waitFor(() => grid.nodeSummary(node.did)?.linked, 10_000, 'registration');
  return node;
}
