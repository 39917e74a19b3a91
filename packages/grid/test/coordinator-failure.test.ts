/**
 * Heartbeats and failure detection against real links and real health endpoints: a silent node
 * is suspected (and gets no sessions), then confirmed failed only by a probe that fails; a busy
 * but healthy node that answers its probe keeps its sessions.
 */
import type { OpenSessionResponse } from '@mycel/wire';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Cleanup,
  getJson,
  launchCoordinator,
  nodeState,
  openRequest,
  postJson,
  TEST_HEARTBEAT_MS,
  waitUntil,
} from './support/coordinator-harness.js';
import { registeredNode } from './support/coordinator-test-node.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe('heartbeats', () => {
  it('update free slots, load and warm agents', async () => {
    const coordinator = await launchCoordinator(cleanup);
    const { link, did } = await registeredNode(cleanup, coordinator.url, 1);
    link.heartbeatFields = {
      free: { robot: 0, voice: 1, interactive: 3, batch: 5 },
      load: 0.5,
      warm: ['tutor'],
      sessions: 2,
    };
    const summary = await waitUntil(() => {
      const node = nodeState(coordinator, did);
      return node?.sessions === 2 && node;
    }, 'a heartbeat');
    expect(summary).toMatchObject({
      free: { robot: 0, voice: 1, interactive: 3, batch: 5 },
      load: 0.5,
      warm: ['tutor'],
    });
    const robot = await postJson(`${coordinator.url}/v1/sessions`, openRequest({ class: 'robot' }));
    expect(robot.status).toBe(503);
    expect(robot.body.error?.code).toBe('route_pushback');
  });
});

describe('failure detection', () => {
  it('suspects a silent node (no placements), then fails it when its probe fails', async () => {
    const coordinator = await launchCoordinator(cleanup, { probeTimeoutMs: 10_000 });
    const { link, health, did } = await registeredNode(cleanup, coordinator.url, 1);
    const opened = await postJson<OpenSessionResponse>(
      `${coordinator.url}/v1/sessions`,
      openRequest(),
    );
    expect(opened.status).toBe(201);
    link.report(opened.body.sid, 'active');
    await waitUntil(
      async () =>
        (await getJson(`${coordinator.url}/v1/sessions/${opened.body.sid}`)).body.state ===
        'active',
      'the session to be active',
    );
    health.mode = 'hang';
    link.stopHeartbeats();
    await waitUntil(() => nodeState(coordinator, did)?.state === 'suspected', 'suspicion');
    // Suspected: still linked, not failed, but takes no new sessions.
    expect(nodeState(coordinator, did)?.linked).toBe(true);
    const refused = await postJson(`${coordinator.url}/v1/sessions`, openRequest());
    expect(refused.body.error?.code).toBe('route_no_candidates');
    const session = await getJson(`${coordinator.url}/v1/sessions/${opened.body.sid}`);
    expect(session.body.state).toBe('active');
    await waitUntil(() => health.probes > 0, 'the probe');
    health.release('fail');
    await waitUntil(() => nodeState(coordinator, did)?.state === 'failed', 'confirmed failure');
    // The attached session moves: a new epoch, waiting for a node (this grid has no other).
    const moved = await getJson(`${coordinator.url}/v1/sessions/${opened.body.sid}`);
    expect(moved.body).toMatchObject({
      state: 'migrating',
      epoch: 2,
      node: '',
      reason: 'node_failed',
    });
    // Its link is closed: it must register again.
    expect((await link.closed).code).toBe(1001);
    const metrics = await (await fetch(`${coordinator.url}/metrics`)).text();
    expect(metrics).toMatch(/opengrid_nodes\{state="failed"\} 1/);
    expect(metrics).toMatch(/opengrid_sessions\{state="migrating"\} 1/);
    expect(metrics).toMatch(/opengrid_session_moves_total\{reason="node_failed"\} 1/);
  });

  it('keeps a suspected node whose health probe answers: alive again, sessions kept', async () => {
    const coordinator = await launchCoordinator(cleanup);
    const { link, health, did } = await registeredNode(cleanup, coordinator.url, 1);
    const opened = await coordinator.openSession(openRequest());
    if (!opened.ok) throw new Error(opened.error.message);
    link.report(opened.value.sid, 'active');
    link.stopHeartbeats();
    await waitUntil(() => health.probes > 0, 'the probe');
    await waitUntil(() => nodeState(coordinator, did)?.state === 'alive', 'recovery');
    link.startHeartbeats(TEST_HEARTBEAT_MS / 4);
    // Well past the confirmation window, it is not failed and its session is still active.
    await new Promise((done) => setTimeout(done, TEST_HEARTBEAT_MS * 8));
    expect(nodeState(coordinator, did)?.state).not.toBe('failed');
    const session = coordinator.snapshot().sessions.find((entry) => entry.sid === opened.value.sid);
    expect(session?.state).toBe('active');
    await waitUntil(async () => (await coordinator.openSession(openRequest())).ok, 'a placement');
  });

  it('confirms a failure after FAILURE_CONFIRM_MS of silence when the probe never answers', async () => {
    const coordinator = await launchCoordinator(cleanup, {
      failureConfirmMs: TEST_HEARTBEAT_MS * 4,
      probeTimeoutMs: 60_000,
    });
    const { link, health, did } = await registeredNode(cleanup, coordinator.url, 1);
    health.mode = 'hang';
    link.stopHeartbeats();
    await waitUntil(() => nodeState(coordinator, did)?.state === 'failed', 'confirmed failure');
    expect(health.probes).toBe(1);
  });

  it('suspects a node whose link closes and fails it when nothing answers at its endpoint', async () => {
    const coordinator = await launchCoordinator(cleanup);
    const { link, health, did } = await registeredNode(cleanup, coordinator.url, 1);
    await health.close();
    link.terminate();
    await waitUntil(() => nodeState(coordinator, did)?.state === 'failed', 'confirmed failure');
    expect(nodeState(coordinator, did)?.linked).toBe(false);
  });

  it('takes a failed node back when it registers again', async () => {
    const coordinator = await launchCoordinator(cleanup);
    const first = await registeredNode(cleanup, coordinator.url, 1);
    first.health.mode = 'fail';
    first.link.stopHeartbeats();
    await waitUntil(() => nodeState(coordinator, first.did)?.state === 'failed', 'failure');
    const again = await registeredNode(cleanup, coordinator.url, 1);
    expect(nodeState(coordinator, again.did)).toMatchObject({ state: 'alive', linked: true });
    expect((await coordinator.openSession(openRequest())).ok).toBe(true);
  });
});
