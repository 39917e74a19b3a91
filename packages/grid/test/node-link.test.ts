/**
 * The control link between a node daemon and the real coordinator over a real WebSocket: signed
 * registration, heartbeats, pings, pinning the coordinator key, surviving a coordinator that is
 * SIGKILLed and restarted, and the drain on close().
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COORDINATOR_PATHS, NODE_PATHS } from '@mycel/wire';
import { describe, expect, it } from 'vitest';
import { BUILTIN_AGENTS } from '../src/agents/builtin-agents.js';
import type { NodeSummary } from '../src/coordinator/node-table.js';
import { LINK_RETRY_MAX_MS } from '../src/limits.js';
import { attachFrame, clientSigner, connectSession } from './support/node-session-client.js';
import { spawnCoordinator, startTestGrid, waitFor } from './support/node-test-grid.js';
import { fetchJson, startTestNode } from './support/node-test-node.js';

const client = clientSigner(9);

describe('registration and heartbeats', () => {
  it('registers with a signed registration, heartbeats and answers pings', async () => {
    const coordinator = await startTestGrid({ heartbeatMs: 100 });
    const node = await startTestNode(coordinator.url, {
      label: 'test-node',
      capacity: { voice: 3 },
    });
    try {
      const summary = await waitFor(() => coordinator.nodeSummary(node.did), 10_000);
      expect(summary).toMatchObject({
        endpoint: node.url,
        label: 'test-node',
        attestation: 'software',
        linked: true,
      });
      expect(summary.capacity.voice).toBe(3);
      // The agents of the registration: the coordinator lists them as built-ins.
      const agents = await fetchJson<{ builtIns: string[] }>(
        `${coordinator.url}${COORDINATOR_PATHS.agents}`,
      );
      expect(agents.builtIns).toEqual([...BUILTIN_AGENTS.keys()].sort());
      const firstBeatMs = summary.lastHeartbeatMs;
      const later = await waitFor(() => {
        const current = coordinator.nodeSummary(node.did);
        return current !== undefined && current.lastHeartbeatMs > firstBeatMs && current;
      });
      expect(later).toMatchObject({ sessions: 0, load: 0, price: { currency: 'EUR' } });
      expect(later.free.voice).toBe(3);
      expect(later.warm).toEqual(expect.arrayContaining([...BUILTIN_AGENTS.keys()]));
      expect(later.coordinate?.vector).toHaveLength(8);
      // The coordinator drops a link after 3 unanswered pings (one per heartbeat): it stays up.
      await new Promise((done) => setTimeout(done, 800));
      expect(coordinator.nodeSummary(node.did)?.linked).toBe(true);
      expect(node.status()).toMatchObject({
        coordinator: coordinator.did,
        grid: coordinator.grid,
        link: { state: 'registered', registrations: 1 },
      });
    } finally {
      await node.stop();
      await coordinator.close();
    }
  });

  it('is the same node after a restart with the same data folder', async () => {
    const coordinator = await startTestGrid();
    const first = await startTestNode(coordinator.url);
    try {
      await waitFor(() => coordinator.nodeSummary(first.did)?.linked, 10_000);
      await first.stop(true);
      await waitFor(() => coordinator.nodeSummary(first.did)?.linked === false);
      const again = await startTestNode(coordinator.url, { dataDir: first.dataDir });
      expect(again.did).toBe(first.did);
      await waitFor(() => coordinator.nodeSummary(first.did)?.linked, 10_000);
      expect(coordinator.coordinator.snapshot().nodes).toHaveLength(1);
      await again.stop();
    } finally {
      await coordinator.close();
    }
  });
});

describe('trusting a coordinator', () => {
  it('refuses a coordinator whose key is not the pinned one', async () => {
    const coordinator = await startTestGrid();
    const pinned = clientSigner(77).key.did;
    const node = await startTestNode(coordinator.url, { coordinatorKey: pinned });
    try {
      const status = await waitFor(() => {
        const current = node.status();
        return current.link.lastError?.code === 'coordinator_key_mismatch' && current;
      });
      expect(status.link.lastError?.message).toContain(coordinator.did);
      expect(status.coordinator).toBe(pinned);
      expect(coordinator.nodeSummary(node.did)).toBeUndefined();
    } finally {
      await node.stop();
      await coordinator.close();
    }
  });

  it('pins the first coordinator it meets and refuses another key at the same address', async () => {
    const first = await startTestGrid();
    const node = await startTestNode(first.url);
    try {
      await waitFor(() => first.nodeSummary(node.did)?.linked, 10_000);
      await first.stop();
      const impostor = await startTestGrid({ port: first.port });
      try {
        await waitFor(
          () => node.status().link.lastError?.code === 'coordinator_key_mismatch',
          10_000,
          'the impostor to be refused',
        );
        expect(impostor.nodeSummary(node.did)).toBeUndefined();
        expect(node.status().coordinator).toBe(first.did);
      } finally {
        await impostor.close();
      }
    } finally {
      await node.stop();
      await first.close();
    }
  });
});

describe('a coordinator killed and restarted', () => {
  it('sessions carry on while it is away, but a turn is acknowledged only once its checkpoint is stored after the restart', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const dataDir = mkdtempSync(join(tmpdir(), 'opengrid-coordinator-'));
    let coordinator = await spawnCoordinator(dataDir);
    const node = await startTestNode(coordinator.url);
    const nodes = async () =>
      (await fetchJson<{ nodes: NodeSummary[] }>(`${coordinator.url}${COORDINATOR_PATHS.nodes}`))
        .nodes;
    try {
      await waitFor(() => node.status().link.state === 'registered', 10_000);
      const opened = await fetchJson<{ ticket: { sid: string } }>(
        `${coordinator.url}${COORDINATOR_PATHS.sessions}`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ agent: 'tutor', class: 'interactive', client: client.key.did }),
        },
      );
      const session = await connectSession(node.url);
      session.send(attachFrame(opened.ticket as never, client));
      expect((await session.next()).t).toBe('attached');

      await coordinator.kill();
      await waitFor(() => node.status().link.state !== 'registered', 5000, 'the link to drop');
      session.send({ t: 'turn', seq: 1, input: 'start' });
      // The turn runs and streams, but nobody can store its checkpoint: no `done` yet.
      expect(await session.next('chunk')).toMatchObject({ seq: 1 });
      await waitFor(() => node.status().link.attempts > 1, 5000, 'failed reconnects');
      expect(session.frames.some((frame) => frame.t === 'done')).toBe(false);

      coordinator = await spawnCoordinator(dataDir, coordinator.port);
      const restartedAt = Date.now();
      await waitFor(() => node.status().link.registrations === 2, 15_000, 're-registration');
      // The restarted coordinator knows the session from its journal and stores the checkpoint
      // the node sends again: now the turn is acknowledged.
      expect(await session.next('done')).toMatchObject({ seq: 1 });
      // At most one backoff ceiling (LINK_RETRY_MAX_MS) and a handshake after it is back.
      expect(Date.now() - restartedAt).toBeLessThan(LINK_RETRY_MAX_MS + 2000);
      const summary = await waitFor(async () => (await nodes()).find((row) => row.sessions === 1));
      expect(summary.did).toBe(node.did);
      expect(node.status().link).toMatchObject({ state: 'registered', attempts: 0 });
      session.send({ t: 'turn', seq: 2, input: { answer: 'c' } });
      expect(await session.next('done')).toMatchObject({ seq: 2 });
      session.close();
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await node.stop();
      await coordinator.kill();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('close()', () => {
  it('stops by draining: refuses new sessions, hands sessions back to the coordinator, then stops', async () => {
    const coordinator = await startTestGrid();
    const node = await startTestNode(coordinator.url);
    try {
      await waitFor(() => coordinator.nodeSummary(node.did)?.linked, 10_000);
      const { ticket } = await coordinator.open(client, 'tutor');
      const session = await connectSession(node.url);
      session.send(attachFrame(ticket, client));
      expect((await session.next()).t).toBe('attached');
      await waitFor(() => coordinator.sessionState(ticket.sid) === 'active');
      const lingering = await connectSession(node.url);
      // A client that does not read keeps the drain waiting for it (up to NODE_DRAIN_MS).
      lingering.socket.pause();

      const closing = node.close();
      expect(node.status().draining).toBe(true);
      // The client is told to resume elsewhere; the coordinator hears the node drains (nothing
      // new goes there) and keeps the session, to move it when its client asks.
      expect(await session.next('error')).toMatchObject({ code: 'session_moved' });
      expect(await session.closed).toBe(1000);
      const admission = `${node.url}${NODE_PATHS.admission}?agent=tutor&class=interactive`;
      expect(await fetchJson(admission)).toMatchObject({ admit: false, reason: 'node_draining' });
      await expect(connectSession(node.url)).rejects.toThrow(/503/);
      await waitFor(() => coordinator.nodeSummary(node.did)?.draining === true);
      expect(coordinator.sessionState(ticket.sid)).toBe('active');
      await closing;
      await expect(fetch(`${node.url}${NODE_PATHS.health}`)).rejects.toThrow();
      expect(node.status().workers.every((worker) => !worker.alive)).toBe(true);
    } finally {
      await node.stop();
      await coordinator.close();
    }
  });
});
