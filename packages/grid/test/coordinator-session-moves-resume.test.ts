/**
 * Session moves driven by clients and circumstances, through the CoordinatorCore on a virtual\n * clock: a client that lost a node the coordinator still hears from, no free node, draining, a\n * coordinator restart, sessions still starting (coordinator-session-moves.test.ts has the rest).
 */
import { gridLimits, type SessionEntry } from '@mycel/grid';
import { resumeRequest } from '@mycel/wire';
import { describe, expect, it } from 'vitest';
import { CLIENT, heartbeatFrame, testRegistration } from './support/coordinator-nodes.js';
import { testCheckpoint } from './support/session-checkpoints.js';
import {
  CONFIRM_MS,
  checkTicket,
  codeOf,
  did,
  endpoint,
  failNode,
  freeInteractive,
  NOW,
  newCore,
  nodeNumber,
  openSession,
  report,
  storeCheckpoint,
  ticketOf,
} from './support/session-moves-core.js';

describe('a client that lost a node the coordinator still hears from', () => {
  it('probes first, sends the client back once, then moves the session away', () => {
    const core = newCore();
    const { sid, node } = openSession(core);
    const checkpoint = testCheckpoint(sid, 1, 1);
    storeCheckpoint(core, node, checkpoint);
    const t0 = NOW + 50;
    for (let n = 1; n <= 3; n++) core.heartbeat(did(n), heartbeatFrame(), NOW + 10);
    // 1. The first report: pending, and the node is suspected and probed.
    const first = core.resume(sid, resumeRequest(sid, 1, 1, CLIENT), t0);
    expect(first.answer).toEqual({
      ok: false,
      error: {
        code: 'resume_pending',
        message: `session ${sid} is being moved`,
        retryAfterMs: gridLimits.RESUME_RETRY_AFTER_MS,
      },
    });
    expect(first.effects).toEqual([
      { type: 'node-suspected', node, reason: 'a client lost its connection to the node' },
      { type: 'probe', node, endpoint: endpoint(nodeNumber(node)) },
    ]);
    expect(core.sessions.get(sid)).toMatchObject({ state: 'active', epoch: 1, clientLostAtMs: t0 });
    // Asking again before anything was heard: still pending, no second probe.
    const again = core.resume(sid, resumeRequest(sid, 1, 1, CLIENT), t0 + 5);
    expect(again.answer.ok || again.answer.error.code).toBe('resume_pending');
    expect(again.effects).toEqual([]);
    // 2. A heartbeat alone proves only the control link: still pending.
    expect(core.heartbeat(node, heartbeatFrame(), t0 + 8)).toEqual([
      { type: 'node-recovered', node },
    ]);
    const heartbeatOnly = core.resume(sid, resumeRequest(sid, 1, 1, CLIENT), t0 + 9);
    expect(heartbeatOnly.answer.ok || heartbeatOnly.answer.error.code).toBe('resume_pending');
    // The probe of the node's own endpoint answers: the client goes back to it, once.
    core.probeAnswered(node, t0 + 10);
    const back = core.resume(sid, resumeRequest(sid, 1, 1, CLIENT), t0 + 20);
    // With the checkpoint, in case the node dropped the session meanwhile.
    expect(back.effects).toEqual([
      { type: 'restore', node, sid, epoch: 1, digest: checkpoint.digest },
    ]);
    const sameTicket = ticketOf(back.answer);
    const sameChecked = checkTicket(core, sameTicket, node, t0 + 20);
    expect(sameChecked.ok && sameChecked.value).toMatchObject({ sid, epoch: 1, node });
    expect(core.sessions.get(sid)).toMatchObject({ epoch: 1, node, reattachOffered: true });
    // 3. It reports again before confirmMs: pending, the node is looked at again.
    const second = core.resume(sid, resumeRequest(sid, 1, 1, CLIENT), t0 + 30);
    expect(second.answer.ok || second.answer.error).toMatchObject({
      code: 'resume_pending',
      retryAfterMs: gridLimits.RESUME_RETRY_AFTER_MS,
    });
    expect(second.effects.map((effect) => effect.type)).toEqual(['node-suspected', 'probe']);
    expect(core.probeAnswered(node, t0 + 40)).toEqual([{ type: 'node-recovered', node }]);
    for (const n of [1, 2, 3]) core.heartbeat(did(n), heartbeatFrame(), t0 + CONFIRM_MS - 50);
    const stillPending = core.resume(sid, resumeRequest(sid, 1, 1, CLIENT), t0 + CONFIRM_MS - 1);
    expect(stillPending.answer.ok || stillPending.answer.error.code).toBe('resume_pending');
    expect(core.heartbeat(node, heartbeatFrame(), t0 + CONFIRM_MS - 1)).toEqual([
      { type: 'node-recovered', node },
    ]);
    // 4. After confirmMs: moved away from the node although it is alive.
    const moved = core.resume(sid, resumeRequest(sid, 1, 1, CLIENT), t0 + CONFIRM_MS);
    const target = core.sessions.get(sid)!.node;
    expect(target).not.toBe(node);
    expect(target).not.toBe('');
    expect(moved.effects).toEqual([
      { type: 'session-moving', sid, from: node, epoch: 2, reason: 'node_unavailable' },
      { type: 'session-placed', sid, node: target, epoch: 2 },
      { type: 'restore', node: target, sid, epoch: 2, digest: checkpoint.digest },
    ]);
    const ticket = ticketOf(moved.answer);
    const checked = checkTicket(core, ticket, target, t0 + CONFIRM_MS);
    expect(checked.ok && checked.value).toMatchObject({
      sid,
      epoch: 2,
      node: target,
      checkpoint: { seq: 1, digest: checkpoint.digest },
    });
    // The node itself is not failed: it keeps its other work.
    expect(core.nodes.get(node)?.state).toBe('alive');
    // 5. The new node attaches at epoch 2; the old node's epoch-1 work is refused.
    expect(codeOf(core.sessionReport(target, report(sid, 2, 'active'), t0 + CONFIRM_MS + 5))).toBe(
      'ok',
    );
    expect(core.sessions.get(sid)).toMatchObject({
      state: 'active',
      epoch: 2,
      clientLostAtMs: undefined,
      reattachOffered: false,
    });
    expect(codeOf(core.checkpointOffered(node, testCheckpoint(sid, 1, 2)))).toBe(
      'session_epoch_stale',
    );
    expect(codeOf(core.sessionReport(node, report(sid, 1, 'active'), t0 + CONFIRM_MS + 6))).toBe(
      'session_wrong_node',
    );
  });

  it('counts an answered health probe as hearing from the node', () => {
    const core = newCore();
    const { sid, node } = openSession(core);
    const first = core.resume(sid, resumeRequest(sid, 1, 0, CLIENT), NOW + 10);
    expect(first.answer.ok || first.answer.error.code).toBe('resume_pending');
    expect(first.effects.map((effect) => effect.type)).toEqual(['node-suspected', 'probe']);
    expect(core.probeAnswered(node, NOW + 15)).toEqual([{ type: 'node-recovered', node }]);
    const back = core.resume(sid, resumeRequest(sid, 1, 0, CLIENT), NOW + 20);
    expect(ticketOf(back.answer)).toMatchObject({ sid, epoch: 1, node });
    expect(back.effects).toEqual([]);
    // Once the client attached again, its earlier report is forgotten.
    expect(codeOf(core.sessionReport(node, report(sid, 1, 'active'), NOW + 30))).toBe('ok');
    expect(core.sessions.get(sid)).toMatchObject({
      clientLostAtMs: undefined,
      reattachOffered: false,
    });
  });

  it('gives a client behind the epoch the current placement without moving again', () => {
    const core = newCore();
    const { sid, node } = openSession(core);
    failNode(core, node, NOW + 10);
    const target = core.sessions.get(sid)!.node;
    core.sessionReport(target, report(sid, 2, 'active'), NOW + 20);
    const resumed = core.resume(sid, resumeRequest(sid, 1, 0, CLIENT), NOW + 30);
    expect(resumed.effects).toEqual([]);
    expect(resumed.answer.ok && resumed.answer.value.ticket).toMatchObject({
      epoch: 2,
      node: target,
    });
    expect(core.sessions.get(sid)).toMatchObject({ epoch: 2, state: 'active', node: target });
  });
});

describe('no free node', () => {
  it('keeps the session migrating unplaced; the tick places it when a node registers', () => {
    const core = newCore(1);
    const { sid, node } = openSession(core);
    const checkpoint = testCheckpoint(sid, 1, 1);
    storeCheckpoint(core, node, checkpoint);
    const failedAt = NOW + 100;
    expect(failNode(core, node, failedAt)).toEqual([
      {
        type: 'node-failed',
        node,
        reason: 'health probe failed: connection refused',
        sessions: [sid],
      },
      { type: 'session-moving', sid, from: node, epoch: 2, reason: 'node_failed' },
      { type: 'membership-changed' },
    ]);
    expect(core.sessions.get(sid)).toMatchObject({ state: 'migrating', node: '', epoch: 2 });
    const pending = core.resume(sid, resumeRequest(sid, 1, 1, CLIENT), failedAt + 1);
    expect(pending).toEqual({
      answer: {
        ok: false,
        error: {
          code: 'resume_pending',
          message: `session ${sid} is being moved`,
          retryAfterMs: gridLimits.RESUME_RETRY_AFTER_MS,
        },
      },
      effects: [],
    });
    expect(core.tick(failedAt + 2)).toEqual([]);
    expect(core.register(testRegistration(2), failedAt + 3).ok).toBe(true);
    expect(core.tick(failedAt + 3)).toEqual([
      { type: 'session-placed', sid, node: did(2), epoch: 2 },
      { type: 'restore', node: did(2), sid, epoch: 2, digest: checkpoint.digest },
    ]);
    expect(core.sessions.get(sid)).toMatchObject({ state: 'migrating', node: did(2), epoch: 2 });
    // Placed once: the next tick does not place it again.
    expect(core.tick(failedAt + 4)).toEqual([]);
    const resumed = core.resume(sid, resumeRequest(sid, 1, 1, CLIENT), failedAt + 5);
    expect(resumed.answer.ok && resumed.answer.value.ticket).toMatchObject({
      epoch: 2,
      node: did(2),
      checkpoint: { seq: 1, digest: checkpoint.digest },
    });
  });

  it('places a session when a resume finds room, before any tick', () => {
    const core = newCore(1);
    const { sid, node } = openSession(core);
    failNode(core, node, NOW + 100);
    core.register(testRegistration(3), NOW + 110);
    const resumed = core.resume(sid, resumeRequest(sid, 1, 0, CLIENT), NOW + 120);
    // No checkpoint yet: nothing to restore, the new node starts from the agent's init.
    expect(resumed.effects).toEqual([{ type: 'session-placed', sid, node: did(3), epoch: 2 }]);
    const ticket = ticketOf(resumed.answer);
    expect(ticket).toMatchObject({ epoch: 2, node: did(3) });
    expect(ticket.checkpoint).toBeUndefined();
  });

  it('fails the session with migration_timeout after the migration budget', () => {
    const core = newCore(1);
    const { sid, node } = openSession(core);
    const failedAt = NOW + 100;
    failNode(core, node, failedAt);
    expect(core.tick(failedAt + gridLimits.MIGRATION_BUDGET_MS - 1)).toEqual([]);
    expect(core.sessions.get(sid)?.state).toBe('migrating');
    expect(core.tick(failedAt + gridLimits.MIGRATION_BUDGET_MS)).toEqual([
      { type: 'session-failed', sid, reason: 'migration_timeout' },
    ]);
    expect(core.sessions.get(sid)).toMatchObject({ state: 'failed', reason: 'migration_timeout' });
    expect(core.sessions.countIn('migrating')).toBe(0);
    const resumed = core.resume(sid, resumeRequest(sid, 2, 0, CLIENT), failedAt + 30_001);
    expect(resumed.answer).toMatchObject({
      ok: false,
      error: { code: 'migration_timeout', message: `session ${sid} is failed (migration_timeout)` },
    });
    // A node registering later does not bring it back.
    core.register(testRegistration(2), failedAt + 30_002);
    expect(core.tick(failedAt + 30_002)).toEqual([]);
  });

  it('gives the reservation back when a placed move never attaches within the budget', () => {
    const core = newCore(1);
    const { sid, node } = openSession(core);
    const failedAt = NOW + 100;
    failNode(core, node, failedAt);
    core.register(testRegistration(2), failedAt + 1);
    core.tick(failedAt + 1);
    expect(core.sessions.get(sid)?.node).toBe(did(2));
    expect(freeInteractive(core, did(2))).toBe(3);
    expect(core.tick(failedAt + gridLimits.MIGRATION_BUDGET_MS)).toEqual([
      { type: 'session-failed', sid, reason: 'migration_timeout' },
    ]);
    expect(freeInteractive(core, did(2))).toBe(4);
    expect(core.sessions.openOn(did(2))).toEqual([]);
    // Its node may no longer report it active.
    expect(codeOf(core.sessionReport(did(2), report(sid, 2, 'active'), failedAt + 30_001))).toBe(
      'session_transition_invalid',
    );
  });
});

describe('draining', () => {
  it('places nothing new on a draining node, and moves its sessions when their clients resume', () => {
    const core = newCore();
    const { sid, node } = openSession(core);
    const checkpoint = testCheckpoint(sid, 1, 1);
    storeCheckpoint(core, node, checkpoint);
    expect(core.drain(node)).toBe(true);
    expect(core.drain('did:key:z6MkNotANodeOfThisGrid')).toBe(false);
    expect(core.nodes.get(node)?.draining).toBe(true);
    // The two other nodes take eight interactive sessions; none lands on the draining node.
    for (let n = 0; n < 8; n++) expect(openSession(core, NOW + 1).node).not.toBe(node);
    const full = core.open(
      { sid: 'move-full', agent: 'tutor', latencyClass: 'interactive', client: CLIENT.key.did },
      NOW + 2,
    );
    expect(full.ok || full.error.code).toBe('route_pushback');
    // Until its client resumes, the session stays where it is and may still checkpoint.
    expect(core.sessions.get(sid)).toMatchObject({ state: 'active', epoch: 1, node });
    expect(core.checkpointOffered(node, testCheckpoint(sid, 1, 2))).toEqual({
      ok: true,
      value: 'new',
    });
  });

  it('moves a session off a draining node on resume, with its checkpoint', () => {
    const core = newCore();
    const { sid, node } = openSession(core);
    const checkpoint = testCheckpoint(sid, 1, 1);
    storeCheckpoint(core, node, checkpoint);
    // The node's next heartbeat counts the attached session as busy.
    const busy = heartbeatFrame({ free: { robot: 1, voice: 2, interactive: 3, batch: 8 } });
    expect(core.heartbeat(node, busy, NOW + 5)).toEqual([]);
    expect(freeInteractive(core, node)).toBe(3);
    core.drain(node);
    const resumed = core.resume(sid, resumeRequest(sid, 1, 1, CLIENT), NOW + 10);
    const target = core.sessions.get(sid)!.node;
    expect(target).not.toBe(node);
    expect(resumed.effects).toEqual([
      { type: 'session-moving', sid, from: node, epoch: 2, reason: 'node_unavailable' },
      { type: 'session-placed', sid, node: target, epoch: 2 },
      { type: 'restore', node: target, sid, epoch: 2, digest: checkpoint.digest },
    ]);
    expect(ticketOf(resumed.answer)).toMatchObject({
      epoch: 2,
      node: target,
      checkpoint: { seq: 1, digest: checkpoint.digest },
    });
    // The draining node's attached slot came back; the new node holds a reservation.
    expect(freeInteractive(core, node)).toBe(4);
    expect(freeInteractive(core, target)).toBe(3);
  });
});

describe('after a coordinator restart', () => {
  it('keeps epochs, waits for nodes to register, and moves sessions whose node stays away', () => {
    const before = newCore();
    const stay = openSession(before);
    const gone = openSession(before);
    const stayCheckpoint = testCheckpoint(stay.sid, 1, 1);
    const goneCheckpoint = testCheckpoint(gone.sid, 1, 1);
    storeCheckpoint(before, stay.node, stayCheckpoint);
    storeCheckpoint(before, gone.node, goneCheckpoint);
    // `stay` moves to epoch 2 (its node drains), on a node other than `gone`'s.
    before.drain(stay.node);
    if (gone.node !== stay.node) before.drain(gone.node);
    const resumed = before.resume(stay.sid, resumeRequest(stay.sid, 1, 1, CLIENT), NOW + 10);
    expect(resumed.answer.ok).toBe(true);
    const stayNode = before.sessions.get(stay.sid)!.node;
    expect(stayNode).not.toBe(gone.node);
    expect(codeOf(before.sessionReport(stayNode, report(stay.sid, 2, 'active'), NOW + 20))).toBe(
      'ok',
    );
    // What the journal wrote, as the store gives it back: copies.
    const entries: SessionEntry[] = before.sessions.takeDirty().map((entry) => ({ ...entry }));
    expect(entries.map((entry) => entry.sid).sort()).toEqual([gone.sid, stay.sid].sort());

    const after = newCore(0);
    const restartedAt = NOW + 1000;
    after.restoreSessions(entries, restartedAt);
    expect(after.sessions.get(stay.sid)).toMatchObject({
      epoch: 2,
      state: 'active',
      node: stayNode,
      checkpoint: { seq: 1, digest: stayCheckpoint.digest },
    });
    expect(after.sessions.get(gone.sid)).toMatchObject({
      epoch: 1,
      state: 'active',
      node: gone.node,
    });
    // Only `stay`'s node comes back.
    expect(after.register(testRegistration(nodeNumber(stayNode)), restartedAt + 1).ok).toBe(true);
    expect(after.tick(restartedAt + 1)).toEqual([]);
    expect(after.tick(restartedAt + gridLimits.RESTART_NODE_GRACE_MS - 1)).toEqual([]);
    after.sessions.takeDirty();
    expect(after.tick(restartedAt + gridLimits.RESTART_NODE_GRACE_MS)).toEqual([
      {
        type: 'session-moving',
        sid: gone.sid,
        from: gone.node,
        epoch: 2,
        reason: 'node_unavailable',
      },
      { type: 'session-placed', sid: gone.sid, node: stayNode, epoch: 2 },
      { type: 'restore', node: stayNode, sid: gone.sid, epoch: 2, digest: goneCheckpoint.digest },
    ]);
    expect(after.sessions.get(gone.sid)).toMatchObject({
      state: 'migrating',
      epoch: 2,
      node: stayNode,
    });
    // The session whose node came back stays where it was.
    expect(after.sessions.get(stay.sid)).toMatchObject({
      epoch: 2,
      state: 'active',
      node: stayNode,
    });
    // The move is journaled; nothing else changed.
    expect(after.sessions.takeDirty().map((entry) => entry.sid)).toEqual([gone.sid]);
    // The restored coordinator goes on fencing: the old node's epoch is stale, the new one resumes.
    expect(codeOf(after.checkpointOffered(stayNode, testCheckpoint(stay.sid, 2, 2)))).toBe('ok');
    const ticket = ticketOf(
      after.resume(gone.sid, resumeRequest(gone.sid, 1, 1, CLIENT), restartedAt + 10_001).answer,
    );
    expect(ticket).toMatchObject({ epoch: 2, node: stayNode, checkpoint: { seq: 1 } });
    expect(after.tick(restartedAt + 2 * gridLimits.RESTART_NODE_GRACE_MS)).toEqual([]);
  });
});

describe('sessions still starting when they move', () => {
  // Found by this suite: without a starting → migrating transition, a move of a `starting`
  // session released its reservation, was then refused, and left the session on the node with
  // its slot counted free (overbooking). A client can resume a session the coordinator still sees
  // `starting` (the node's `active` report was in flight when the client lost the node).
  it('keeps the books straight when a resume moves a starting session off a draining node', () => {
    const core = newCore(2);
    const { sid, node } = openSession(core, NOW, false);
    expect(freeInteractive(core, node)).toBe(3);
    core.drain(node);
    core.resume(sid, resumeRequest(sid, 1, 0, CLIENT), NOW + 10);
    // Wherever the session went, the node's free slots and the sessions it holds must add up.
    const held = core.sessions.openOn(node).length;
    expect(freeInteractive(core, node) + held).toBe(4);
    expect(core.sessions.get(sid)).toMatchObject({ state: 'migrating', epoch: 2 });
    expect(core.sessions.get(sid)?.node).not.toBe(node);
  });

  // Found by this suite too: a restored `starting` session whose node never came back stayed
  // `starting` for ever (its move was refused, and restored sessions are not in the expiry queue).
  it('moves a restored starting session whose node never came back, or fails it in time', () => {
    const before = newCore(1);
    const { sid } = openSession(before, NOW, false);
    const entries = before.sessions.takeDirty().map((entry) => ({ ...entry }));
    const after = newCore(0);
    after.register(testRegistration(2), NOW + 1000);
    after.restoreSessions(entries, NOW + 1000);
    after.tick(NOW + 1000 + gridLimits.RESTART_NODE_GRACE_MS);
    after.tick(NOW + 1000 + gridLimits.MIGRATION_BUDGET_MS + gridLimits.RESTART_NODE_GRACE_MS);
    expect(after.sessions.get(sid)?.state).not.toBe('starting');
  });
});
