/**
 * Usage end to end over real sockets: the SDK against a real node daemon whose control link is
 * held by a coordinator that speaks the link protocol (grid's support/node-usage-coordinator.ts)
 * and quotes its price when the session opens. The SDK countersigns the node's usage proofs by
 * itself: at close() (which resolves after the final exchange) and every period of a long
 * session; each one reaches the coordinator signed by both keys.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Proof, parseTimestamp } from '@mycel/kernel';
import { afterEach, describe, expect, it } from 'vitest';
import { startNode } from '../../grid/src/index.js';
import {
  USAGE_TEST_PRICE,
  UsageCoordinator,
} from '../../grid/test/support/node-usage-coordinator.js';
// The SDK may not depend on @mycel/mips; its tests check proofs with it, by path.
import { checkUsageProof } from '../../mips/src/index.js';
import { openSession } from '../src/open-session.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A coordinator and a node linked to it; sessions opened through it land on the node. */
async function usageGrid(usageIntervalMs?: number): Promise<UsageCoordinator> {
  const coordinator = await UsageCoordinator.start({ seed: 71 });
  cleanup.push(() => coordinator.close());
  const dataDir = mkdtempSync(join(tmpdir(), 'opengrid-sdk-usage-'));
  const node = await startNode({
    dataDir,
    coordinatorUrl: coordinator.url,
    workers: 1,
    heartbeatMs: 100,
    logger: false,
    ...(usageIntervalMs === undefined ? {} : { usageIntervalMs }),
  });
  cleanup.push(async () => {
    await node.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const deadline = Date.now() + 10_000;
  while (node.status().link.state !== 'registered') {
    if (Date.now() > deadline) throw new Error('the node did not register');
    await new Promise((done) => setTimeout(done, 20));
  }
  coordinator.placeOn = { did: node.did, url: node.url };
  return coordinator;
}

const usageOf = (proof: Proof) =>
  proof.claim.value as { seconds: number; turns: number; unitPrice: unknown; node: string };

describe('the SDK and a node settle usage by themselves', () => {
  it('close() resolves after the final usage is countersigned; the coordinator has it', async () => {
    const coordinator = await usageGrid();
    const session = await openSession({
      coordinator: coordinator.url,
      agent: 'tutor',
      probeLandmarks: false,
    });
    const openedMs = Date.now();
    await session.send({ answer: 'a' }).done;
    await session.send({ answer: 'b' }).done;
    await new Promise((done) => setTimeout(done, openedMs + 1100 - Date.now()));
    await session.close();
    const closedMs = Date.now();
    expect(session.usage).toHaveLength(1);
    const [signed] = session.usage;
    expect(checkUsageProof(signed!).ok).toBe(true);
    expect(signed!.claim.subject).toBe(session.sid);
    const value = usageOf(signed!);
    expect(value).toMatchObject({ turns: 2, unitPrice: USAGE_TEST_PRICE, node: session.node.did });
    expect(value.seconds).toBeGreaterThanOrEqual(1);
    expect(value.seconds * 1000).toBeLessThanOrEqual(closedMs - openedMs + 1000);
    const [arrived] = await coordinator.usageArrived(1);
    expect(arrived).toEqual(signed);
  });

  it('a long session: each period is countersigned, within the time it was attached', async () => {
    const coordinator = await usageGrid(1000);
    const startedMs = Date.now();
    const session = await openSession({
      coordinator: coordinator.url,
      agent: 'tutor',
      probeLandmarks: false,
    });
    await session.send({ answer: 'a' }).done;
    await coordinator.usageArrived(2, 10_000);
    await session.send({ answer: 'b' }).done;
    await session.close();
    const closedMs = Date.now();
    const signed = session.usage;
    expect(signed.length).toBeGreaterThanOrEqual(3);
    expect(await coordinator.usageArrived(signed.length)).toEqual(signed);
    const windows = signed.map((proof) => proof.claim.window!);
    for (let index = 1; index < windows.length; index++) {
      expect(windows[index]!.start).toBe(windows[index - 1]!.end);
    }
    expect(parseTimestamp(windows[0]!.start)).toBeGreaterThanOrEqual(startedMs);
    const seconds = signed.reduce((sum, proof) => sum + usageOf(proof).seconds, 0);
    const turns = signed.reduce((sum, proof) => sum + usageOf(proof).turns, 0);
    expect(turns).toBe(2);
    // Whole seconds; the session's last one billed once started.
    expect(seconds).toBeLessThanOrEqual(Math.ceil((closedMs - startedMs) / 1000));
  });
});
