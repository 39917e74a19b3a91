/**
 * The node control link over a real WebSocket: challenge–response registration with the node key,
 * and the refusals a hostile or broken node gets (a key it cannot prove, an old nonce, another
 * grid, malformed, oversize and unknown frames, reports on sessions that are not its own).
 */
import { sealObject, withSignature } from '@mycel/kernel';
import { wireLimits } from '@mycel/wire';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PRICE } from '../src/coordinator/settlement/default-price.js';
import { LINK_BAD_FRAMES_MAX, LINK_MESSAGE_BYTES_MAX } from '../src/limits.js';
import {
  Cleanup,
  getJson,
  launchCoordinator,
  nodeState,
  openRequest,
  TEST_HEARTBEAT_MS,
  waitUntil,
} from './support/coordinator-harness.js';
import { testSigner } from './support/coordinator-nodes.js';
import { registeredNode, TestLink } from './support/coordinator-test-node.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function linkFor(url: string, n: number): Promise<TestLink> {
  const link = await TestLink.open(url, testSigner(n));
  cleanup.add(() => link.terminate());
  return link;
}

async function metricsText(url: string): Promise<string> {
  return (await fetch(`${url}/metrics`)).text();
}

describe('registration', () => {
  it('challenges, accepts a registration signed by the node key, and answers registered', async () => {
    const coordinator = await launchCoordinator(cleanup);
    const link = await linkFor(coordinator.url, 1);
    expect(link.challenge).toMatchObject({ grid: 'testgrid', coordinator: coordinator.did });
    expect(link.challenge.nonce).toHaveLength(wireLimits.REGISTRATION_NONCE_LENGTH);
    const answer = await link.register({ label: 'lisbon' });
    expect(answer).toEqual({
      t: 'registered',
      node: testSigner(1).key.did,
      heartbeatMs: TEST_HEARTBEAT_MS,
      peers: [],
      // The price the node meters usage at (the coordinator's default).
      price: DEFAULT_PRICE,
    });
    expect(nodeState(coordinator, testSigner(1).key.did)).toMatchObject({
      state: 'alive',
      linked: true,
      label: 'lisbon',
    });
    // The link is pinged every heartbeat interval, and the test node answers.
    await link.next('ping');
  });

  it('hands a new node the others as peers to probe, and tells the others about it', async () => {
    const coordinator = await launchCoordinator(cleanup);
    const first = await registeredNode(cleanup, coordinator.url, 1);
    const second = await linkFor(coordinator.url, 2);
    const answer = await second.register();
    expect(answer.t === 'registered' && answer.peers.map((peer) => peer.did)).toEqual([first.did]);
    const peers = await first.link.next('peers');
    expect(peers.peers.map((peer) => peer.did)).toEqual([testSigner(2).key.did]);
  });

  it('refuses a registration signed by a key other than the node it names', async () => {
    const coordinator = await launchCoordinator(cleanup);
    const link = await linkFor(coordinator.url, 1);
    // Claims to be node 2, signed by node 1's key: a key it cannot prove.
    const body = { ...link.registration(), node: testSigner(2).key.did };
    const { id: _id, signatures: _signatures, ...unsigned } = body;
    const forged = withSignature(sealObject(unsigned), 'node-registration', testSigner(1));
    link.send({ t: 'register', registration: forged });
    const refusal = await link.next('error');
    expect(refusal.code).toBe('registration_proof_invalid');
    expect((await link.closed).code).toBe(1008);
    expect(coordinator.snapshot().nodes).toEqual([]);
    expect(await metricsText(coordinator.url)).toMatch(
      /opengrid_link_errors_total\{code="registration_proof_invalid"\} 1/,
    );
  });

  it('refuses an answer to an old challenge (replay)', async () => {
    const coordinator = await launchCoordinator(cleanup);
    const earlier = await linkFor(coordinator.url, 1);
    const replayed = earlier.registration();
    await earlier.close();
    const link = await linkFor(coordinator.url, 1);
    link.send({ t: 'register', registration: replayed });
    expect((await link.next('error')).code).toBe('registration_proof_invalid');
    expect((await link.closed).code).toBe(1008);
  });

  it('refuses a registration for another grid', async () => {
    const coordinator = await launchCoordinator(cleanup);
    const link = await linkFor(coordinator.url, 1);
    const answer = await link.register({ grid: 'othergrid' });
    expect(answer).toMatchObject({ t: 'error', code: 'registration_wrong_grid' });
    expect((await link.closed).code).toBe(1008);
  });

  it('refuses anything but a registration as the first frame', async () => {
    const coordinator = await launchCoordinator(cleanup);
    const heartbeatFirst = await linkFor(coordinator.url, 1);
    heartbeatFirst.heartbeat();
    expect((await heartbeatFirst.next('error')).code).toBe('registration_required');
    expect((await heartbeatFirst.closed).code).toBe(1008);
    const garbageFirst = await linkFor(coordinator.url, 1);
    garbageFirst.send('{"t":');
    expect((await garbageFirst.next('error')).code).toBe('frame_malformed');
    expect((await garbageFirst.closed).code).toBe(1008);
  });

  it('accepts a known node again on a new link, which replaces the old one', async () => {
    const coordinator = await launchCoordinator(cleanup);
    const { link: first, health, did } = await registeredNode(cleanup, coordinator.url, 1);
    const opened = await coordinator.openSession(openRequest());
    if (!opened.ok) throw new Error(opened.error.message);
    first.report(opened.value.sid, 'active');
    await waitUntil(() => coordinator.snapshot().sessions[0]?.state === 'active', 'attach');
    const second = await linkFor(coordinator.url, 1);
    expect((await second.register({ endpoint: health.url })).t).toBe('registered');
    second.startHeartbeats(TEST_HEARTBEAT_MS / 4);
    expect((await first.next('error')).code).toBe('link_replaced');
    expect((await first.closed).code).toBe(4000);
    // The replaced link closing does not count as the node's link closing: it stays linked.
    await new Promise((done) => setTimeout(done, TEST_HEARTBEAT_MS * 3));
    expect(nodeState(coordinator, did)?.linked).toBe(true);
    expect(nodeState(coordinator, did)?.state).not.toBe('failed');
    expect(coordinator.snapshot().nodes).toHaveLength(1);
    // Its sessions stay with it, and the new link may report on them.
    expect(coordinator.snapshot().sessions[0]?.state).toBe('active');
    second.report(opened.value.sid, 'closed', 2);
    await waitUntil(() => coordinator.snapshot().sessions[0]?.state === 'closed', 'close');
  });
});

describe('frames after registration', () => {
  it('answers malformed, unknown and oversize frames with their codes, then closes the link', async () => {
    const coordinator = await launchCoordinator(cleanup);
    const { link } = await registeredNode(cleanup, coordinator.url, 1);
    link.send('not json');
    expect((await link.next('error')).code).toBe('frame_malformed');
    link.send({ t: 'heartbeat', seq: 1 });
    expect((await link.next('error')).code).toBe('frame_malformed');
    link.send({ t: 'teleport' });
    expect((await link.next('error')).code).toBe('frame_unknown_type');
    link.send(`{"t":"pong","n":1,"pad":"${'x'.repeat(wireLimits.LINK_FRAME_BYTES_MAX)}"}`);
    expect((await link.next('error')).code).toBe('frame_too_large');
    link.send({ t: 'register', registration: link.registration() });
    const last = await link.next('error');
    expect(last.code).toBe('frame_unknown_type');
    expect(LINK_BAD_FRAMES_MAX).toBe(5);
    expect((await link.closed).code).toBe(1008);
    const metrics = await metricsText(coordinator.url);
    expect(metrics).toMatch(/opengrid_link_errors_total\{code="frame_malformed"\} 2/);
    expect(metrics).toMatch(/opengrid_link_errors_total\{code="frame_too_large"\} 1/);
  });

  it('cuts a message beyond the socket limit (close 1009) without reading it', async () => {
    const coordinator = await launchCoordinator(cleanup);
    const { link, health, did } = await registeredNode(cleanup, coordinator.url, 1);
    link.send(Buffer.alloc(LINK_MESSAGE_BYTES_MAX + 1, 0x20));
    expect((await link.closed).code).toBe(1009);
    expect(await metricsText(coordinator.url)).toMatch(
      /opengrid_link_errors_total\{code="frame_too_large"\} 1/,
    );
    // A closed link makes the node suspect; its health probe answers, so it is not failed.
    await waitUntil(() => health.probes > 0, 'a health probe');
    expect(nodeState(coordinator, did)?.state).not.toBe('failed');
  });

  it('ignores (and counts) a report on a session placed on another node', async () => {
    const coordinator = await launchCoordinator(cleanup);
    const one = await registeredNode(cleanup, coordinator.url, 1, { agents: ['tutor'] });
    const two = await registeredNode(cleanup, coordinator.url, 2, { agents: ['voice'] });
    const opened = await coordinator.openSession(openRequest({ agent: 'tutor' }));
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.node.did).toBe(one.did);
    two.link.report(opened.value.sid, 'closed');
    two.link.report('no-such-session', 'active');
    one.link.report(opened.value.sid, 'active', 0, 2);
    await waitUntil(
      async () => /session_wrong_node"\} 1/.test(await metricsText(coordinator.url)),
      'count',
    );
    const metrics = await metricsText(coordinator.url);
    expect(metrics).toMatch(/opengrid_link_errors_total\{code="session_not_found"\} 1/);
    expect(metrics).toMatch(/opengrid_link_errors_total\{code="session_transition_invalid"\} 1/);
    const session = await getJson(`${coordinator.url}/v1/sessions/${opened.value.sid}`);
    expect(session.body).toMatchObject({ state: 'starting', node: one.did });
    // Its own node moves it.
    one.link.report(opened.value.sid, 'active', 3);
    await waitUntil(
      async () =>
        (await getJson(`${coordinator.url}/v1/sessions/${opened.value.sid}`)).body.state ===
        'active',
      'the session to be active',
    );
    expect((await getJson(`${coordinator.url}/v1/sessions/${opened.value.sid}`)).body.turns).toBe(
      3,
    );
  });

  it('closes a link whose pings go unanswered, even while heartbeats come', async () => {
    const coordinator = await launchCoordinator(cleanup);
    const link = await TestLink.open(coordinator.url, testSigner(1), { answerPings: false });
    cleanup.add(() => link.terminate());
    await link.register();
    const heartbeats = setInterval(() => link.heartbeat(), TEST_HEARTBEAT_MS / 2);
    cleanup.add(() => clearInterval(heartbeats));
    expect((await link.next('error')).code).toBe('link_timeout');
    expect([1006, 1008]).toContain((await link.closed).code);
  });
});
