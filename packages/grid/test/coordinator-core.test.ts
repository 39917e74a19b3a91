/**
 * The coordinator core on a virtual clock: node table bookkeeping, capacity accounting between
 * reservations, attach reports and heartbeats, unattached sessions expiring, failure handling,
 * landmarks and peers. Everything here is deterministic: time is an argument.
 */
import {
  AgentCatalog,
  CoordinatorCore,
  chooseLandmarks,
  choosePeers,
  NodeTable,
} from '@mycel/grid';
import { parseDidKey } from '@mycel/kernel';
import { verifyTicket, wireLimits } from '@mycel/wire';
import { describe, expect, it } from 'vitest';
import {
  NODE_CLASS_SLOTS_MAX,
  REPUTATION_FAILURE_PENALTY_MS,
  REPUTATION_PENALTY_MS_MAX,
} from '../src/limits.js';
import {
  CLIENT,
  heartbeatFrame,
  testRegistration,
  testSigner,
} from './support/coordinator-nodes.js';

const NOW = 1_000_000;
const TTL = 1000;
const did = (n: number) => testSigner(n).key.did;

function newCore() {
  return new CoordinatorCore({
    grid: 'testgrid',
    signer: testSigner(5000),
    heartbeatMs: 100,
    failureConfirmMs: 1000,
    ticketTtlMs: TTL,
  });
}

let sids = 0;
function open(core: CoordinatorCore, nowMs = NOW, latencyClass: 'robot' | 'interactive' = 'robot') {
  const opened = core.open(
    { sid: `sid-${++sids}`, agent: 'tutor', latencyClass, client: CLIENT.key.did },
    nowMs,
  );
  if (!opened.ok) return opened;
  return opened;
}

const report = (sid: string, state: 'active' | 'closed' | 'failed', turns = 0) => ({
  t: 'session-state' as const,
  sid,
  epoch: 1,
  state,
  turns,
});

const freeRobot = (core: CoordinatorCore, n: number) =>
  core.nodes.summary(core.nodes.get(did(n))!).free.robot;

describe('node table', () => {
  it('registers nodes, keeps slots across re-registration, and clamps declared capacity', () => {
    const table = new NodeTable();
    const first = table.register(testRegistration(1), NOW);
    const huge = { robot: 10 ** 9, voice: 1, interactive: 1, batch: 1 };
    const second = table.register(testRegistration(2, { capacity: huge }), NOW);
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(second.value.capacity.robot).toBe(NODE_CLASS_SLOTS_MAX);
    const again = table.register(testRegistration(1, { label: 'renamed' }), NOW + 5);
    expect(again.ok && again.value.slot).toBe(first.value.slot);
    expect(table.size).toBe(2);
    expect(table.get(did(1))?.label).toBe('renamed');
  });

  it('ignores unusable coordinates (attacker-controlled): no prediction from them', () => {
    const table = new NodeTable();
    table.register(
      testRegistration(1, { coordinate: { vector: [1e12, 0], height: 1, error: 0.1 } }),
      NOW,
    );
    expect(table.get(did(1))?.coordinate).toBeUndefined();
    table.heartbeat(
      did(1),
      heartbeatFrame({ coordinate: { vector: [3, 4], height: 1, error: 0.1 } }),
      NOW,
    );
    expect(table.get(did(1))?.coordinate?.vector).toEqual([3, 4]);
  });

  it('caps the reputation penalty and lets clean closes earn it back', () => {
    const table = new NodeTable();
    const record = table.register(testRegistration(1), NOW);
    if (!record.ok) return;
    table.penalize(record.value.slot);
    expect(table.summary(record.value).reputationPenaltyMs).toBe(REPUTATION_FAILURE_PENALTY_MS);
    for (let n = 0; n < 100; n++) table.penalize(record.value.slot);
    expect(table.summary(record.value).reputationPenaltyMs).toBe(REPUTATION_PENALTY_MS_MAX);
    table.credit(record.value.slot);
    expect(table.summary(record.value).reputationPenaltyMs).toBeLessThan(REPUTATION_PENALTY_MS_MAX);
  });

  it('forgets a node and reuses its slot', () => {
    const table = new NodeTable();
    const first = table.register(testRegistration(1, { agents: ['tutor'] }), NOW);
    table.forget(did(1));
    expect(table.get(did(1))).toBeUndefined();
    expect(table.agents.column('tutor')).toBeUndefined();
    const second = table.register(testRegistration(2), NOW);
    expect(first.ok && second.ok && second.value.slot === first.value.slot).toBe(true);
  });

  it('grids nodes by the dimensions most of them use, and rebuilds when that changes', () => {
    const table = new NodeTable();
    const plane = (x: number) => ({ vector: [x, 0], height: 1, error: 0.1 });
    const space = (x: number) => ({ vector: [x, 0, 0], height: 1, error: 0.1 });
    table.register(testRegistration(1, { coordinate: plane(1) }), NOW);
    expect(table.grid.dimensions).toBe(2);
    table.register(testRegistration(2, { coordinate: space(2) }), NOW);
    table.register(testRegistration(3, { coordinate: space(3) }), NOW);
    expect(table.grid.dimensions).toBe(3);
    expect(table.grid.loose.count).toBe(1);
  });
});

describe('capacity accounting', () => {
  it('reserves on open, keeps the reservation through stale heartbeats, and gives it back on expiry', () => {
    const core = newCore();
    core.register(testRegistration(1), NOW);
    const first = open(core);
    expect(first.ok).toBe(true);
    expect(freeRobot(core, 1)).toBe(0);
    // The node has not seen the session yet: it still reports its slot free.
    core.heartbeat(did(1), heartbeatFrame(), NOW + 10);
    expect(freeRobot(core, 1)).toBe(0);
    const refused = open(core, NOW + 20);
    expect(!refused.ok && refused.error.code).toBe('route_pushback');
    const effects = core.tick(NOW + TTL + wireLimits.TICKET_CLOCK_SKEW_MS);
    expect(effects).toContainEqual({
      type: 'session-expired',
      sid: first.ok ? first.value.session.sid : '',
      node: did(1),
    });
    expect(freeRobot(core, 1)).toBe(1);
  });

  it('counts an attached session through the node heartbeats, and frees it on close', () => {
    const core = newCore();
    core.register(testRegistration(1), NOW);
    const opened = open(core);
    if (!opened.ok) throw new Error(opened.error.message);
    const sid = opened.value.session.sid;
    expect(core.sessionReport(did(1), report(sid, 'active'), NOW + 1).ok).toBe(true);
    core.heartbeat(
      did(1),
      heartbeatFrame({ free: { robot: 0, voice: 2, interactive: 4, batch: 8 } }),
      NOW + 2,
    );
    expect(freeRobot(core, 1)).toBe(0);
    expect(core.sessionReport(did(1), report(sid, 'active', 5), NOW + 3).ok).toBe(true);
    expect(core.sessions.get(sid)?.turns).toBe(5);
    expect(core.sessionReport(did(1), report(sid, 'closed', 6), NOW + 4).ok).toBe(true);
    expect(freeRobot(core, 1)).toBe(1);
    // A session closed before any heartbeat counted it leaves the last report as it was.
    const next = open(core, NOW + 5);
    if (!next.ok) throw new Error(next.error.message);
    core.sessionReport(did(1), report(next.value.session.sid, 'active'), NOW + 6);
    core.sessionReport(did(1), report(next.value.session.sid, 'closed'), NOW + 7);
    expect(freeRobot(core, 1)).toBe(0);
    core.heartbeat(did(1), heartbeatFrame(), NOW + 8);
    expect(freeRobot(core, 1)).toBe(1);
  });

  it('refuses reports from other nodes, of other epochs, and impossible transitions', () => {
    const core = newCore();
    core.register(testRegistration(1), NOW);
    core.register(testRegistration(2, { agents: ['voice'] }), NOW);
    const opened = open(core);
    if (!opened.ok) throw new Error(opened.error.message);
    const sid = opened.value.session.sid;
    const codeOf = (result: { ok: boolean; error?: { code: string } }) => result.error?.code;
    expect(codeOf(core.sessionReport(did(2), report(sid, 'active'), NOW))).toBe(
      'session_wrong_node',
    );
    expect(codeOf(core.sessionReport(did(1), { ...report(sid, 'active'), epoch: 2 }, NOW))).toBe(
      'session_transition_invalid',
    );
    expect(codeOf(core.sessionReport(did(1), report('nope', 'active'), NOW))).toBe(
      'session_not_found',
    );
    core.sessionReport(did(1), report(sid, 'closed'), NOW);
    expect(codeOf(core.sessionReport(did(1), report(sid, 'active'), NOW))).toBe(
      'session_transition_invalid',
    );
  });

  it('issues tickets for epoch 1, bound to the client, the chosen node and the grid', () => {
    const core = newCore();
    core.register(testRegistration(1), NOW);
    const opened = open(core, NOW, 'interactive');
    if (!opened.ok) throw new Error(opened.error.message);
    const key = parseDidKey(core.did);
    if (!key.ok) throw new Error('did');
    const checked = verifyTicket(opened.value.ticket, {
      coordinator: key.value,
      audience: 'testgrid',
      node: did(1),
      nowMs: NOW,
    });
    expect(checked.ok && checked.value).toMatchObject({
      epoch: 1,
      client: CLIENT.key.did,
      exp: NOW + TTL,
    });
  });
});

describe('failures', () => {
  it('moves every open session of a node confirmed failed, and penalizes it', () => {
    const core = newCore();
    core.register(testRegistration(1), NOW);
    const active = open(core, NOW, 'interactive');
    const starting = open(core, NOW, 'interactive');
    if (!active.ok || !starting.ok) throw new Error('open');
    const activeSid = active.value.session.sid;
    core.sessionReport(did(1), report(activeSid, 'active'), NOW);
    expect(core.tick(NOW + 299)).toEqual([]);
    const suspected = core.tick(NOW + 300);
    expect(suspected.map((effect) => effect.type)).toEqual(['node-suspected', 'probe']);
    expect(open(core, NOW + 301, 'interactive').ok).toBe(false);
    const failed = core.probeFailed(did(1), 'connection refused', NOW + 310);
    expect(failed).toEqual([
      {
        type: 'node-failed',
        node: did(1),
        reason: 'health probe failed: connection refused',
        sessions: [activeSid, starting.value.session.sid],
      },
      { type: 'session-moving', sid: activeSid, from: did(1), epoch: 2, reason: 'node_failed' },
      {
        type: 'session-moving',
        sid: starting.value.session.sid,
        from: did(1),
        epoch: 2,
        reason: 'node_failed',
      },
      { type: 'membership-changed' },
    ]);
    // No other node: both wait unplaced at their new epoch.
    for (const sid of [activeSid, starting.value.session.sid]) {
      const moved = core.sessions.get(sid);
      expect(moved).toMatchObject({
        state: 'migrating',
        epoch: 2,
        node: '',
        reason: 'node_failed',
      });
    }
    const summary = core.nodes.summary(core.nodes.get(did(1))!);
    expect(summary.reputationPenaltyMs).toBe(2 * REPUTATION_FAILURE_PENALTY_MS);
  });

  it('forgets nodes long after they failed', () => {
    const core = newCore();
    core.register(testRegistration(1), NOW);
    core.tick(NOW + 300);
    core.probeFailed(did(1), 'gone', NOW + 300);
    core.tick(NOW + 300 + 10 * 60 * 1000);
    expect(core.nodes.get(did(1))).toBeUndefined();
    expect(core.livenessOf(did(1))).toBeUndefined();
  });
});

describe('landmarks and peers', () => {
  it('spreads landmarks: the far nodes are among them, not only the cluster', () => {
    const table = new NodeTable();
    for (let n = 1; n <= 20; n++) {
      const x = n <= 18 ? n * 0.1 : n === 19 ? 300 : -300;
      table.register(
        testRegistration(n, { coordinate: { vector: [x, 0], height: 1, error: 0.1 } }),
        NOW,
      );
    }
    const landmarks = chooseLandmarks(table, 4);
    expect(landmarks).toHaveLength(4);
    expect(landmarks.map((landmark) => landmark.did)).toEqual(
      expect.arrayContaining([did(19), did(20)]),
    );
    expect(chooseLandmarks(table, 16)).toHaveLength(16);
  });

  it('gives a node up to the limit of other placeable nodes as peers', () => {
    const table = new NodeTable();
    for (let n = 1; n <= 40; n++) table.register(testRegistration(n), NOW);
    table.setState(table.get(did(2))!, 'failed', NOW);
    const peers = choosePeers(table, did(1), [], 32);
    expect(peers).toHaveLength(32);
    expect(new Set(peers.map((peer) => peer.did)).size).toBe(32);
    expect(peers.map((peer) => peer.did)).not.toContain(did(1));
    expect(peers.map((peer) => peer.did)).not.toContain(did(2));
  });
});

describe('agent catalog', () => {
  it('resolves name, name@version and asset id; the latest under a name wins', () => {
    const catalog = new AgentCatalog();
    const one = {
      name: 'echo',
      version: '1.0.0',
      publisher: 'p',
      assetId: `sha256:${'1'.repeat(64)}`,
      publishedAtMs: 1,
    };
    const two = { ...one, version: '1.1.0', assetId: `sha256:${'2'.repeat(64)}`, publishedAtMs: 2 };
    catalog.add(one);
    catalog.add(two);
    expect(catalog.resolve('echo')).toBe(two);
    expect(catalog.resolve('echo@1.0.0')).toBe(one);
    expect(catalog.resolve(one.assetId)).toBe(one);
    expect(catalog.resolve('other')).toBeUndefined();
    expect(catalog.list()).toEqual([one, two]);
  });
});
