/**
 * The coordinator's HTTP API on loopback: opening sessions (tickets that verify, placement by
 * predicted or measured RTT, pushback with Retry-After, atomic reservation under concurrency),
 * lookups, health, Prometheus metrics, and the refusals of malformed and oversize requests.
 */
import { parseDidKey } from '@mycel/kernel';
import {
  checkCoordinatorInfo,
  checkErrorBody,
  checkLandmarksResponse,
  checkOpenSessionResponse,
  checkSessionRecord,
  type OpenSessionResponse,
  verifyTicket,
  wireLimits,
} from '@mycel/wire';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Cleanup,
  getJson,
  launchCoordinator,
  openRequest,
  postJson,
  waitUntil,
} from './support/coordinator-harness.js';
import { CLIENT } from './support/coordinator-nodes.js';
import { registeredNode } from './support/coordinator-test-node.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const at = (x: number, y: number) => ({ vector: [x, y], height: 2, error: 0.2 });
const FULL = { robot: 0, voice: 0, interactive: 0, batch: 0 };

describe('POST /v1/sessions', () => {
  it('places a session and answers with a ticket signed by the coordinator, bound to client and node', async () => {
    const coordinator = await launchCoordinator(cleanup);
    const { did } = await registeredNode(cleanup, coordinator.url, 1, { coordinate: at(10, 0) });
    const before = Date.now();
    const answer = await postJson<OpenSessionResponse>(
      `${coordinator.url}/v1/sessions`,
      openRequest({ coordinate: at(0, 0), label: 'porto' }),
    );
    expect(answer.status).toBe(201);
    expect(checkOpenSessionResponse.Check(answer.body)).toBe(true);
    const { sid, epoch, ticket, node, predictedRttMs } = answer.body;
    expect(sid).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(epoch).toBe(1);
    expect(node).toMatchObject({ did, label: 'node-1' });
    expect(predictedRttMs).toBeCloseTo(14);
    expect(ticket).toMatchObject({
      sid,
      epoch: 1,
      node: did,
      agent: 'tutor',
      client: CLIENT.key.did,
      aud: 'testgrid',
    });
    expect(ticket.iat).toBeGreaterThanOrEqual(before);
    expect(ticket.exp - ticket.iat).toBe(wireLimits.TICKET_TTL_MS);
    const coordinatorKey = parseDidKey(coordinator.did);
    if (!coordinatorKey.ok) throw new Error('coordinator did');
    const expectation = {
      coordinator: coordinatorKey.value,
      audience: 'testgrid',
      node: did,
      nowMs: Date.now(),
    };
    expect(verifyTicket(ticket, expectation).ok).toBe(true);
    const otherNode = verifyTicket(ticket, { ...expectation, node: CLIENT.key.did });
    expect(!otherNode.ok && otherNode.error.code).toBe('ticket_wrong_node');
    const session = await getJson(`${coordinator.url}/v1/sessions/${sid}`);
    expect(checkSessionRecord.Check(session.body)).toBe(true);
    expect(session.body).toMatchObject({
      sid,
      epoch: 1,
      state: 'starting',
      node: did,
      client: CLIENT.key.did,
      turns: 0,
    });
  });

  it('picks the node with the lowest predicted RTT, within the class budget', async () => {
    const coordinator = await launchCoordinator(cleanup);
    await registeredNode(cleanup, coordinator.url, 1, { coordinate: at(150, 0) });
    const near = await registeredNode(cleanup, coordinator.url, 2, { coordinate: at(30, 0) });
    await registeredNode(cleanup, coordinator.url, 3, { coordinate: at(-90, 0) });
    const voice = await postJson<OpenSessionResponse>(
      `${coordinator.url}/v1/sessions`,
      openRequest({ class: 'voice', coordinate: at(0, 0) }),
    );
    expect(voice.body.node.did).toBe(near.did);
    expect(voice.body.predictedRttMs).toBeCloseTo(34);
    const robot = await postJson(
      `${coordinator.url}/v1/sessions`,
      openRequest({ class: 'robot', coordinate: at(0, 0) }),
    );
    expect(robot.status).toBe(201);
    // The only node within 50 ms has no robot slot left: the others are over budget.
    const again = await postJson(
      `${coordinator.url}/v1/sessions`,
      openRequest({ class: 'robot', coordinate: at(0, 0) }),
    );
    expect(again.status).toBe(503);
    near.link.heartbeatFields = { free: FULL };
    await waitUntil(
      async () =>
        (
          await postJson(
            `${coordinator.url}/v1/sessions`,
            openRequest({ class: 'robot', coordinate: at(0, 0) }),
          )
        ).status === 503,
      'a full near node',
    );
    const farAway = await postJson(
      `${coordinator.url}/v1/sessions`,
      openRequest({ class: 'robot', coordinate: at(1000, 1000) }),
    );
    expect(farAway.status).toBe(422);
    expect(farAway.body.error?.code).toBe('route_no_candidates');
  });

  it('weighs probed nodes by the RTT the client measured, and refuses malformed probes', async () => {
    const coordinator = await launchCoordinator(cleanup);
    await registeredNode(cleanup, coordinator.url, 1, { coordinate: at(10, 0) });
    const far = await registeredNode(cleanup, coordinator.url, 2, { coordinate: at(150, 0) });
    const url = `${coordinator.url}/v1/sessions`;
    const probed = await postJson<OpenSessionResponse>(
      url,
      openRequest({ coordinate: at(0, 0), probes: [{ node: far.did, rttMs: 3.5 }] }),
    );
    expect(probed.status).toBe(201);
    expect(probed.body.node.did).toBe(far.did);
    expect(probed.body.predictedRttMs).toBe(3.5);
    const probe = { node: far.did, rttMs: 3 };
    const malformed: [string, unknown][] = [
      ['too many', Array.from({ length: wireLimits.LANDMARKS_MAX + 1 }, () => probe)],
      ['a negative RTT', [{ ...probe, rttMs: -1 }]],
      ['an RTT no live node has', [{ ...probe, rttMs: wireLimits.PROBE_RTT_MS_MAX + 1 }]],
      ['an RTT that is not a number', [{ ...probe, rttMs: '3' }]],
      ['a node that is not a did', [{ ...probe, node: 'node-2' }]],
      ['another member', [{ ...probe, city: 'porto' }]],
      ['not a list', probe],
    ];
    for (const [what, probes] of malformed) {
      const answer = await postJson(url, { ...openRequest(), probes });
      expect([what, answer.status, answer.body.error?.code]).toEqual([
        what,
        400,
        'request_malformed',
      ]);
      expect(answer.body.error?.message).toMatch(/^\/probes/);
    }
    expect(coordinator.snapshot().sessions).toHaveLength(1);
  });

  it('pushes back with 503, Retry-After and retryAfterMs when every node is full; a release frees the slot', async () => {
    const coordinator = await launchCoordinator(cleanup);
    const { link } = await registeredNode(cleanup, coordinator.url, 1);
    const first = await postJson<OpenSessionResponse>(
      `${coordinator.url}/v1/sessions`,
      openRequest({ class: 'robot' }),
    );
    expect(first.status).toBe(201);
    const full = await postJson(`${coordinator.url}/v1/sessions`, openRequest({ class: 'robot' }));
    expect(full.status).toBe(503);
    expect(full.headers.get('retry-after')).toBe('1');
    expect(full.body).toEqual({
      error: { code: 'route_pushback', message: expect.any(String), retryAfterMs: 1000 },
    });
    expect(checkErrorBody.Check(full.body)).toBe(true);
    // The node attaches the session and its heartbeats count it; then it closes the session.
    link.report(first.body.sid, 'active');
    link.heartbeatFields = { free: { robot: 0, voice: 2, interactive: 4, batch: 8 }, sessions: 1 };
    await waitUntil(
      () => coordinator.snapshot().nodes[0]?.sessions === 1,
      'a heartbeat counting it',
    );
    expect(coordinator.snapshot().sessions[0]?.state).toBe('active');
    const stillFull = await postJson(
      `${coordinator.url}/v1/sessions`,
      openRequest({ class: 'robot' }),
    );
    expect(stillFull.status).toBe(503);
    link.report(first.body.sid, 'closed', 4);
    link.heartbeatFields = {};
    await waitUntil(() => coordinator.snapshot().sessions[0]?.state === 'closed', 'close');
    const reopened = await postJson(
      `${coordinator.url}/v1/sessions`,
      openRequest({ class: 'robot' }),
    );
    expect(reopened.status).toBe(201);
  });

  it('gives exactly as many tickets as free slots to concurrent requests', async () => {
    const coordinator = await launchCoordinator(cleanup);
    for (const n of [1, 2, 3, 4, 5]) {
      const { link } = await registeredNode(cleanup, coordinator.url, n);
      link.heartbeatFields = { free: { robot: 0, voice: 2, interactive: 0, batch: 0 } };
    }
    await waitUntil(
      () => coordinator.snapshot().nodes.every((node) => node.free.interactive === 0),
      'heartbeats',
    );
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        postJson<OpenSessionResponse>(
          `${coordinator.url}/v1/sessions`,
          openRequest({ class: 'voice' }),
        ),
      ),
    );
    const placed = answers.filter((answer) => answer.status === 201);
    expect(placed).toHaveLength(10);
    expect(new Set(placed.map((answer) => answer.body.sid)).size).toBe(10);
    const perNode = new Map<string, number>();
    for (const answer of placed)
      perNode.set(answer.body.node.did, (perNode.get(answer.body.node.did) ?? 0) + 1);
    expect([...perNode.values()]).toEqual([2, 2, 2, 2, 2]);
    expect(answers.filter((answer) => answer.status === 503)).toHaveLength(40);
    const metrics = await (await fetch(`${coordinator.url}/metrics`)).text();
    expect(metrics).toMatch(/opengrid_placements_total\{result="placed"\} 10/);
    expect(metrics).toMatch(/opengrid_placements_total\{result="route_pushback"\} 40/);
  });

  it('refuses unknown agents, malformed, oversize and mistyped bodies with codes', async () => {
    const coordinator = await launchCoordinator(cleanup);
    await registeredNode(cleanup, coordinator.url, 1);
    const url = `${coordinator.url}/v1/sessions`;
    const unknown = await postJson(url, openRequest({ agent: 'nobody' }));
    expect([unknown.status, unknown.body.error?.code]).toEqual([404, 'agent_unknown']);
    const notJson = await postJson(url, '{"agent":');
    expect([notJson.status, notJson.body.error?.code]).toEqual([400, 'request_malformed']);
    const wrongShape = await postJson(url, { ...openRequest(), class: 'warp' });
    expect([wrongShape.status, wrongShape.body.error?.code]).toEqual([400, 'request_malformed']);
    const extra = await postJson(url, { ...openRequest(), admin: true });
    expect(extra.status).toBe(400);
    const badClient = await postJson(url, openRequest({ client: 'did:key:z1111' }));
    expect([badClient.status, badClient.body.error?.code]).toEqual([400, 'request_malformed']);
    const oversize = await postJson(url, {
      ...openRequest(),
      config: 'x'.repeat(wireLimits.OPEN_SESSION_BODY_BYTES_MAX),
    });
    expect([oversize.status, oversize.body.error?.code]).toEqual([413, 'request_too_large']);
    const text = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(text.status).toBe(415);
    expect(((await text.json()) as { error: { code: string } }).error.code).toBe(
      'request_malformed',
    );
    expect(coordinator.snapshot().sessions).toEqual([]);
  });
});

describe('lookups, health and metrics', () => {
  it('answers info, nodes, landmarks, sessions and unknown routes', async () => {
    const coordinator = await launchCoordinator(cleanup, { label: 'coordinator-eu' });
    const { did } = await registeredNode(cleanup, coordinator.url, 1, { coordinate: at(5, 5) });
    await registeredNode(cleanup, coordinator.url, 2);
    const info = await getJson(`${coordinator.url}/v1/coordinator`);
    expect(checkCoordinatorInfo.Check(info.body)).toBe(true);
    expect(info.body).toEqual({
      grid: 'testgrid',
      coordinator: coordinator.did,
      label: 'coordinator-eu',
    });
    const nodes = await getJson<{ nodes: { did: string; state: string }[] }>(
      `${coordinator.url}/v1/nodes`,
    );
    expect(nodes.body.nodes.map((node) => node.state)).toEqual(['alive', 'alive']);
    const landmarks = await getJson<{ landmarks: { did: string }[] }>(
      `${coordinator.url}/v1/landmarks`,
    );
    expect(checkLandmarksResponse.Check(landmarks.body)).toBe(true);
    expect(landmarks.body.landmarks.map((landmark) => landmark.did)).toEqual([did]);
    const missing = await getJson(`${coordinator.url}/v1/sessions/AAAAAAAAAAAAAAAAAAAAAA`);
    expect([missing.status, missing.body.error?.code]).toEqual([404, 'session_not_found']);
    const nowhere = await getJson(`${coordinator.url}/v2/nothing`);
    expect([nowhere.status, nowhere.body.error?.code]).toEqual([404, 'route_not_found']);
    const agents = await getJson<{ builtIns: string[] }>(`${coordinator.url}/v1/agents`);
    expect(agents.body.builtIns).toEqual(['burn', 'chat', 'tutor', 'voice']);
  });

  it('serves /healthz and Prometheus text at /metrics', async () => {
    const coordinator = await launchCoordinator(cleanup);
    await registeredNode(cleanup, coordinator.url, 1);
    await coordinator.openSession(openRequest());
    const health = await getJson(`${coordinator.url}/healthz`);
    expect(health.body).toEqual({ status: 'ok', nodes: 1, sessions: 1 });
    const response = await fetch(`${coordinator.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    // Prometheus text exposition format 0.0.4: comments, or `name{labels} value`.
    for (const line of text.split('\n').filter((line) => line !== '')) {
      expect(line).toMatch(
        /^(# (HELP|TYPE) [a-z_:][a-z0-9_:]* .*|[a-z_:][a-z0-9_:]*(\{([a-z_][a-z0-9_]*="[^"]*",?)*\})? -?[0-9.e+-]+|[a-z_:][a-z0-9_:]*(\{.*\})? \+Inf)$/i,
      );
    }
    expect(text).toMatch(/opengrid_nodes\{state="alive"\} 1/);
    expect(text).toMatch(/opengrid_sessions\{state="starting"\} 1/);
    expect(text).toMatch(/opengrid_placements_total\{result="placed"\} 1/);
    expect(text).toMatch(/opengrid_placement_seconds_count 1/);
    expect(text).toMatch(/opengrid_link_frames_total\{type="register"\} 1/);
    expect(text).toMatch(/opengrid_link_frames_total\{type="heartbeat"\} \d+/);
  });
});
