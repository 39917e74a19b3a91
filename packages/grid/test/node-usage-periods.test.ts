/**
 * Usage proofs of long sessions and of sessions that leave: every usageIntervalMs a session's
 * node offers a proof of the period, and successive periods' windows join without overlap; a
 * countersigned proof the coordinator has not acknowledged goes out again once the control link
 * is back; a session handed back by a draining node settles its usage before the client is told
 * to resume elsewhere.
 */
import { type Proof, parseTimestamp } from '@mycel/kernel';
import { checkUsageProof } from '@mycel/mips';
import { describe, expect, it } from 'vitest';
import type { NodeOptions } from '../src/node/node-options.js';
import { clientSigner } from './support/node-session-client.js';
import { waitFor } from './support/node-test-grid.js';
import { startTestNode, type TestNode } from './support/node-test-node.js';
import {
  attachUsageSession,
  countersignAll,
  countersigned,
  runTurn,
} from './support/node-usage-client.js';
import { UsageCoordinator } from './support/node-usage-coordinator.js';

const client = clientSigner(51);

async function withNode(
  options: Partial<NodeOptions>,
  body: (coordinator: UsageCoordinator, node: TestNode) => Promise<void>,
): Promise<void> {
  const coordinator = await UsageCoordinator.start({ seed: 52 });
  const node = await startTestNode(coordinator.url, options);
  try {
    await waitFor(() => node.status().link.state === 'registered', 10_000, 'registration');
    await body(coordinator, node);
  } finally {
    await node.stop();
    await coordinator.close();
  }
}

const claimOf = (proof: Proof) =>
  proof.claim as {
    value: { seconds: number; turns: number };
    window: { start: string; end: string };
  };

describe('a long session', () => {
  it('is proved every period, in windows that join without overlapping', async () => {
    await withNode({ usageIntervalMs: 1000 }, async (coordinator, node) => {
      const { session, sid, attachSentMs } = await attachUsageSession(coordinator, node, client);
      const offered = countersignAll(session, client);
      await runTurn(session, 1);
      await coordinator.usageArrived(2, 10_000);
      await runTurn(session, 2);
      await runTurn(session, 3);
      await coordinator.usageArrived(3, 10_000);
      session.send({ t: 'close' });
      await session.next('closed');
      const closedMs = Date.now();
      const proofs = await coordinator.usageArrived(offered.length);
      expect(proofs.map((proof) => proof.id)).toEqual(offered.map((proof) => proof.id));
      expect(proofs.length).toBeGreaterThanOrEqual(3);
      for (const proof of proofs) {
        expect(checkUsageProof(proof).ok).toBe(true);
        expect(proof.claim.subject).toBe(sid);
      }
      const windows = proofs.map((proof) => claimOf(proof).window);
      for (let index = 1; index < windows.length; index++) {
        expect(windows[index]!.start).toBe(windows[index - 1]!.end);
      }
      const periodic = proofs.slice(0, -1).map(claimOf);
      for (const { value, window } of periodic) {
        // A period ends on its last whole second: no fraction of a second is lost between them.
        expect(parseTimestamp(window.end)! - parseTimestamp(window.start)!).toBe(
          value.seconds * 1000,
        );
        expect(value.seconds).toBeGreaterThanOrEqual(1);
      }
      const firstStartMs = parseTimestamp(windows[0]!.start)!;
      const lastEndMs = parseTimestamp(windows.at(-1)!.end)!;
      expect(firstStartMs).toBeGreaterThanOrEqual(attachSentMs);
      expect(lastEndMs).toBeLessThanOrEqual(closedMs);
      const total = proofs.map(claimOf).reduce(
        (sum, { value }) => ({
          seconds: sum.seconds + value.seconds,
          turns: sum.turns + value.turns,
        }),
        { seconds: 0, turns: 0 },
      );
      expect(total.turns).toBe(3);
      // Whole seconds; the last one billed once started.
      expect(total.seconds).toBeLessThanOrEqual(Math.ceil((lastEndMs - firstStartMs) / 1000));
      expect(total.seconds).toBeGreaterThanOrEqual(
        Math.floor((lastEndMs - firstStartMs) / 1000) - 1,
      );
    });
  });
});

describe('usage the coordinator has not acknowledged', () => {
  it('is sent again after the control link reconnects, until acknowledged', async () => {
    await withNode({}, async (coordinator, node) => {
      coordinator.ackUsage = false;
      const { session } = await attachUsageSession(coordinator, node, client);
      await runTurn(session, 1);
      session.send({ t: 'close' });
      const offer = await session.next('usage');
      session.send({ t: 'usage-signed', proof: countersigned(offer, client) });
      await session.next('closed');
      const [first] = await coordinator.usageArrived(1);
      expect(node.status().unackedUsage).toBe(1);
      coordinator.ackUsage = true;
      coordinator.cutLinks();
      await waitFor(() => coordinator.registrations >= 2, 10_000, 're-registration');
      const again = await coordinator.usageArrived(2);
      expect(again[1]).toEqual(first);
      await waitFor(() => node.status().unackedUsage === 0, 5000, 'the acknowledgement');
      // Acknowledged: the next reconnect sends nothing again.
      coordinator.cutLinks();
      await waitFor(() => coordinator.registrations >= 3, 10_000, 're-registration');
      await new Promise((done) => setTimeout(done, 200));
      expect(coordinator.usage).toHaveLength(2);
    });
  });
});

describe('a session that leaves the node', () => {
  it('settles its usage before the client hears session_moved', async () => {
    await withNode({}, async (coordinator, node) => {
      const { session } = await attachUsageSession(coordinator, node, client);
      await runTurn(session, 1);
      const draining = node.drain(5000);
      const offer = await session.next();
      expect(offer).toMatchObject({ t: 'usage', proof: { claim: { value: { turns: 1 } } } });
      // Nothing else reaches the client until it answers.
      await new Promise((done) => setTimeout(done, 100));
      expect(session.frames.at(-1)).toBe(offer);
      session.send({ t: 'usage-signed', proof: countersigned(offer, client) });
      expect(await session.next()).toMatchObject({ t: 'error', code: 'session_moved' });
      const [arrived] = await coordinator.usageArrived(1);
      expect(arrived?.id).toBe((offer.proof as Proof).id);
      expect(await draining).toMatchObject({ sessions: 1, remaining: 0 });
    });
  });
});
