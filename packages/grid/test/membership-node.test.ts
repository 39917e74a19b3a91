/**
 * Real node daemons with `membership`: two nodes attached to one coordinator form a colony over
 * UDP on 127.0.0.1, each known by its node did; a node that closes leaves the colony (marked
 * left, not dead).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberNode } from '../src/membership/node-membership.js';
import type { MemberStateChange } from '../src/membership/swim-udp-member.js';
import { startNode } from '../src/node/start-node.js';
import { startTestGrid, type TestGrid, waitFor } from './support/node-test-grid.js';

const timings = { probeIntervalMs: 200, probeTimeoutMs: 100, syncIntervalMs: 1_000 };

describe('node daemons with colony membership', () => {
  let grid: TestGrid;
  const folders: string[] = [];
  const nodes: MemberNode[] = [];
  const changesOfFirst: MemberStateChange[] = [];

  async function startMemberNode(
    seeds: { id: string; address: string }[],
    onStateChange?: (change: MemberStateChange) => void,
  ) {
    const dataDir = mkdtempSync(join(tmpdir(), 'opengrid-member-node-'));
    folders.push(dataDir);
    const node = (await startNode({
      dataDir,
      coordinatorUrl: grid.url,
      workers: 1,
      logger: false,
      membership: { seeds, timings, ...(onStateChange === undefined ? {} : { onStateChange }) },
    })) as MemberNode;
    nodes.push(node);
    return node;
  }

  beforeAll(async () => {
    grid = await startTestGrid();
  });
  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.close()));
    await grid.stop();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('nodes see each other alive under their node dids, and a closed node is marked left', async () => {
    const first = await startMemberNode([], (change) => changesOfFirst.push(change));
    const second = await startMemberNode([{ id: first.did, address: first.membership.address }]);
    expect(first.membership.id).toBe(first.did);
    expect(second.membership.id).toBe(second.did);
    await waitFor(
      () => first.membership.member.member(second.did)?.state === 'alive',
      10_000,
      'first sees second',
    );
    await waitFor(
      () => second.membership.member.member(first.did)?.state === 'alive',
      10_000,
      'second sees first',
    );
    await second.close();
    await waitFor(
      () => first.membership.member.member(second.did)?.state === 'left',
      10_000,
      'left',
    );
    expect(
      changesOfFirst.filter((change) => change.id === second.did).map((change) => change.state),
    ).toEqual(['alive', 'left']);
  });
});
