/**
 * Moving sessions between nodes (session-moves.ts), driven through the CoordinatorCore the shell\n * uses, on a virtual clock: checkpoints are accepted only from the session's node at its epoch;\n * a node failure bumps the epoch, places the session and names the checkpoint the new node\n * restores. Resumes, full grids, drains and restarts are in coordinator-session-moves-resume.
 */
import { gridLimits } from '@mycel/grid';
import { resumeRequest } from '@mycel/wire';
import { describe, expect, it } from 'vitest';
import { CLIENT, testRegistration, testSigner } from './support/coordinator-nodes.js';
import { testCheckpoint } from './support/session-checkpoints.js';
import {
  checkTicket,
  codeOf,
  did,
  failNode,
  freeInteractive,
  NOW,
  newCore,
  openSession,
  otherThan,
  report,
  storeCheckpoint,
  ticketOf,
} from './support/session-moves-core.js';

describe('checkpoints from nodes', () => {
  it('accepts seq 1 from the session node, then says duplicate for the same checkpoint', () => {
    const core = newCore();
    const { sid, node } = openSession(core);
    const first = testCheckpoint(sid, 1, 1);
    expect(core.checkpointOffered(node, first)).toEqual({ ok: true, value: 'new' });
    core.sessions.takeDirty();
    expect(core.checkpointStored(node, first, NOW + 5)).toEqual({ ok: true, value: true });
    const entry = core.sessions.get(sid)!;
    expect(entry.checkpoint).toEqual({ seq: 1, digest: first.digest });
    expect(entry.turns).toBe(1);
    expect(entry.updatedAtMs).toBe(NOW + 5);
    // The journal must write the adopted checkpoint before the node hears its ack.
    expect(core.sessions.takeDirty()).toEqual([entry]);
    expect(core.checkpointOffered(node, first)).toEqual({ ok: true, value: 'duplicate' });
    expect(core.checkpointStored(node, first, NOW + 6)).toEqual({ ok: true, value: true });
    expect(entry.checkpoint).toEqual({ seq: 1, digest: first.digest });
    // The next turn is new and replaces the reference.
    const second = testCheckpoint(sid, 1, 2, {
      turns: 1,
      error: { code: 'turn_failed', message: 'x' },
    });
    expect(codeOf(storeCheckpoint(core, node, second))).toBe('ok');
    expect(entry.checkpoint).toEqual({ seq: 2, digest: second.digest });
    // turns never goes down with a failed turn's count.
    expect(entry.turns).toBe(1);
  });

  it('refuses a checkpoint that does not advance the seq (checkpoint_stale)', () => {
    const core = newCore();
    const { sid, node } = openSession(core);
    expect(codeOf(storeCheckpoint(core, node, testCheckpoint(sid, 1, 2)))).toBe('ok');
    const sameSeq = testCheckpoint(sid, 1, 2, { state: { other: true } });
    const older = testCheckpoint(sid, 1, 1);
    for (const checkpoint of [sameSeq, older]) {
      const offered = core.checkpointOffered(node, checkpoint);
      expect(codeOf(offered)).toBe('checkpoint_stale');
      expect(codeOf(core.checkpointStored(node, checkpoint, NOW))).toBe('checkpoint_stale');
    }
    expect(core.sessions.get(sid)?.checkpoint?.seq).toBe(2);
  });

  it('refuses checkpoints from another node, of an epoch not yet issued, of another agent', () => {
    const core = newCore();
    const { sid, node } = openSession(core);
    const other = [1, 2, 3].map(did).find(otherThan(node))!;
    const checkpoint = testCheckpoint(sid, 1, 1);
    expect(codeOf(core.checkpointOffered(other, checkpoint))).toBe('session_wrong_node');
    expect(codeOf(core.checkpointStored(other, checkpoint, NOW))).toBe('session_wrong_node');
    expect(codeOf(core.checkpointOffered(node, testCheckpoint(sid, 2, 1)))).toBe(
      'session_wrong_node',
    );
    expect(
      codeOf(core.checkpointOffered(node, testCheckpoint(sid, 1, 1, { agent: 'voice' }))),
    ).toBe('frame_malformed');
    expect(codeOf(core.checkpointOffered(node, testCheckpoint('no-such-session', 1, 1)))).toBe(
      'session_not_found',
    );
    expect(core.sessions.get(sid)?.checkpoint).toBeUndefined();
  });

  it('refuses checkpoints of a session not active yet, and of a closed one', () => {
    const core = newCore();
    const starting = openSession(core, NOW, false);
    expect(codeOf(core.checkpointOffered(starting.node, testCheckpoint(starting.sid, 1, 1)))).toBe(
      'session_transition_invalid',
    );
    const { sid, node } = openSession(core);
    expect(core.sessionReport(node, report(sid, 1, 'closed'), NOW).ok).toBe(true);
    expect(codeOf(core.checkpointOffered(node, testCheckpoint(sid, 1, 1)))).toBe('session_closed');
  });

  it('does not adopt a checkpoint whose session moved while it was written', () => {
    const core = newCore();
    const { sid, node } = openSession(core);
    const checkpoint = testCheckpoint(sid, 1, 1);
    expect(core.checkpointOffered(node, checkpoint)).toEqual({ ok: true, value: 'new' });
    failNode(core, node, NOW + 10);
    expect(codeOf(core.checkpointStored(node, checkpoint, NOW + 11))).toBe('session_epoch_stale');
    expect(core.sessions.get(sid)?.checkpoint).toBeUndefined();
  });
});

describe('a node fails', () => {
  it('moves its attached sessions to another node for epoch 2 and names their checkpoint', () => {
    const core = newCore();
    const { sid, node } = openSession(core);
    const checkpoint = testCheckpoint(sid, 1, 1);
    expect(codeOf(storeCheckpoint(core, node, checkpoint))).toBe('ok');
    core.sessions.takeDirty();
    const effects = failNode(core, node, NOW + 100);
    expect(effects[0]).toEqual({
      type: 'node-failed',
      node,
      reason: 'health probe failed: connection refused',
      sessions: [sid],
    });
    expect(effects[1]).toEqual({
      type: 'session-moving',
      sid,
      from: node,
      epoch: 2,
      reason: 'node_failed',
    });
    const placed = effects[2];
    if (placed?.type !== 'session-placed') throw new Error('expected session-placed');
    const target = placed.node;
    expect(target).not.toBe(node);
    expect([did(1), did(2), did(3)]).toContain(target);
    expect(placed).toEqual({ type: 'session-placed', sid, node: target, epoch: 2 });
    expect(effects.slice(3)).toEqual([
      { type: 'restore', node: target, sid, epoch: 2, digest: checkpoint.digest },
      { type: 'membership-changed' },
    ]);
    const entry = core.sessions.get(sid)!;
    expect(entry).toMatchObject({
      state: 'migrating',
      epoch: 2,
      node: target,
      reason: 'node_failed',
      movingSinceMs: NOW + 100,
      checkpoint: { seq: 1, digest: checkpoint.digest },
    });
    expect(core.sessions.openOn(node)).toEqual([]);
    expect(core.sessions.openOn(target)).toEqual([entry]);
    // The new node holds a reservation for it.
    expect(freeInteractive(core, target)).toBe(3);
    // The move is what the journal writes next, once.
    expect(core.sessions.takeDirty()).toEqual([entry]);
    expect(core.sessions.takeDirty()).toEqual([]);
  });

  it('gives the client a ticket for epoch 2 on the new node, naming the checkpoint', () => {
    const core = newCore();
    const { sid, node } = openSession(core);
    const checkpoint = testCheckpoint(sid, 1, 1);
    storeCheckpoint(core, node, checkpoint);
    failNode(core, node, NOW + 100);
    const target = core.sessions.get(sid)!.node;
    const resumed = core.resume(sid, resumeRequest(sid, 1, 1, CLIENT), NOW + 200);
    // The checkpoint goes to the new node again with the answer (it may have restarted).
    expect(resumed.effects).toEqual([
      { type: 'restore', node: target, sid, epoch: 2, digest: checkpoint.digest },
    ]);
    const ticket = ticketOf(resumed.answer);
    if (!resumed.answer.ok) return;
    expect(resumed.answer.value.node.did).toBe(target);
    expect(resumed.answer.value.session.epoch).toBe(2);
    const checked = checkTicket(core, ticket, target, NOW + 200);
    expect(checked.ok && checked.value).toMatchObject({
      sid,
      epoch: 2,
      node: target,
      agent: 'tutor',
      client: CLIENT.key.did,
      checkpoint: { seq: 1, digest: checkpoint.digest },
    });
    // The old node cannot use it.
    expect(codeOf(checkTicket(core, ticket, node, NOW + 200))).toBe('ticket_wrong_node');
    // A client that saw turn 1 as well as one that missed its done both get the same placement.
    const behind = core.resume(sid, resumeRequest(sid, 1, 0, CLIENT), NOW + 201);
    expect(behind.answer.ok && behind.answer.value.node.did).toBe(target);
  });

  it('refuses resumes with a forged proof, a turn never made durable, an unknown session', () => {
    const core = newCore();
    const { sid, node } = openSession(core);
    storeCheckpoint(core, node, testCheckpoint(sid, 1, 1));
    failNode(core, node, NOW + 100);
    const refused = (request: ReturnType<typeof resumeRequest>, forSid = sid) => {
      const { answer, effects } = core.resume(forSid, request, NOW + 200);
      // Only an answered resume re-sends the checkpoint to the new node.
      expect(effects.map((effect) => effect.type)).toEqual(answer.ok ? ['restore'] : []);
      return answer.ok ? 'ok' : answer.error.code;
    };
    expect(refused(resumeRequest(sid, 1, 1, testSigner(4242)))).toBe('resume_proof_invalid');
    // Signed for another session, or altered after signing.
    expect(refused(resumeRequest('other-session', 1, 1, CLIENT))).toBe('resume_proof_invalid');
    expect(refused({ ...resumeRequest(sid, 1, 0, CLIENT), lastSeq: 1 })).toBe(
      'resume_proof_invalid',
    );
    expect(refused(resumeRequest(sid, 1, 2, CLIENT))).toBe('resume_seq_ahead');
    expect(refused(resumeRequest(sid, 3, 1, CLIENT))).toBe('request_malformed');
    expect(refused(resumeRequest('ghost', 1, 0, CLIENT), 'ghost')).toBe('session_not_found');
    expect(refused(resumeRequest(sid, 1, 1, CLIENT))).toBe('ok');
    // Nothing of that moved the session again.
    expect(core.sessions.get(sid)?.epoch).toBe(2);
    // A client that could not attach at epoch 2 says so: the session moves on, away from there.
    const placed = core.sessions.get(sid)!.node;
    const again = core.resume(sid, resumeRequest(sid, 2, 1, CLIENT), NOW + 300);
    expect(again.effects.map((effect) => effect.type)).toEqual([
      'session-moving',
      'session-placed',
      'restore',
    ]);
    expect(core.sessions.get(sid)).toMatchObject({ state: 'migrating', epoch: 3 });
    expect(core.sessions.get(sid)?.node).not.toBe(placed);
  });

  it('takes the new node report at epoch 2; the old node is refused from then on', () => {
    const core = newCore();
    const { sid, node } = openSession(core);
    const first = testCheckpoint(sid, 1, 1);
    storeCheckpoint(core, node, first);
    failNode(core, node, NOW + 100);
    const target = core.sessions.get(sid)!.node;
    // Before it attached, the new node may not checkpoint the session.
    expect(codeOf(core.checkpointOffered(target, testCheckpoint(sid, 2, 2)))).toBe(
      'session_transition_invalid',
    );
    const attached = core.sessionReport(target, report(sid, 2, 'active', 1), NOW + 300);
    expect(attached.ok && attached.value).toMatchObject({
      state: 'active',
      epoch: 2,
      node: target,
      movingSinceMs: undefined,
    });
    // The old node's epoch-1 checkpoint is stale; its report names a node the session left.
    expect(codeOf(core.checkpointOffered(node, testCheckpoint(sid, 1, 2)))).toBe(
      'session_epoch_stale',
    );
    expect(codeOf(core.sessionReport(node, report(sid, 1, 'active'), NOW + 301))).toBe(
      'session_wrong_node',
    );
    // At epoch 2 the new node continues after the stored turn, never at or before it.
    expect(codeOf(core.checkpointOffered(target, testCheckpoint(sid, 2, 1)))).toBe(
      'checkpoint_stale',
    );
    expect(codeOf(storeCheckpoint(core, target, testCheckpoint(sid, 2, 2)))).toBe('ok');
    expect(core.sessions.get(sid)?.checkpoint?.seq).toBe(2);
  });

  it('refuses epoch-1 reports as session_epoch_stale when the session moved back to the same node', () => {
    const core = newCore(1);
    const { sid, node } = openSession(core);
    storeCheckpoint(core, node, testCheckpoint(sid, 1, 1));
    const effects = failNode(core, node, NOW + 100);
    expect(effects.map((effect) => effect.type)).toEqual([
      'node-failed',
      'session-moving',
      'membership-changed',
    ]);
    // The node restarts and registers again: the session goes back to it, at epoch 2.
    expect(core.register(testRegistration(1), NOW + 200).ok).toBe(true);
    expect(core.tick(NOW + 200).map((effect) => effect.type)).toEqual([
      'session-placed',
      'restore',
    ]);
    expect(core.sessions.get(sid)).toMatchObject({ node, epoch: 2, state: 'migrating' });
    expect(codeOf(core.sessionReport(node, report(sid, 1, 'active'), NOW + 201))).toBe(
      'session_epoch_stale',
    );
    expect(codeOf(core.checkpointOffered(node, testCheckpoint(sid, 1, 2)))).toBe(
      'session_epoch_stale',
    );
    expect(codeOf(core.sessionReport(node, report(sid, 2, 'active'), NOW + 202))).toBe('ok');
  });

  it('moves a session again when the node it was moving to fails too (epoch 3, same budget)', () => {
    const core = newCore();
    const { sid, node } = openSession(core);
    const checkpoint = testCheckpoint(sid, 1, 1);
    storeCheckpoint(core, node, checkpoint);
    failNode(core, node, NOW + 100);
    const second = core.sessions.get(sid)!.node;
    const effects = failNode(core, second, NOW + 200);
    const third = core.sessions.get(sid)!.node;
    expect([node, second, '']).not.toContain(third);
    expect(effects).toEqual([
      {
        type: 'node-failed',
        node: second,
        reason: 'health probe failed: connection refused',
        sessions: [sid],
      },
      { type: 'session-moving', sid, from: second, epoch: 3, reason: 'node_failed' },
      { type: 'session-placed', sid, node: third, epoch: 3 },
      { type: 'restore', node: third, sid, epoch: 3, digest: checkpoint.digest },
      { type: 'membership-changed' },
    ]);
    // The reservation on the second node came back; the budget counts from the first move.
    expect(freeInteractive(core, second)).toBe(4);
    expect(core.sessions.get(sid)).toMatchObject({
      state: 'migrating',
      epoch: 3,
      movingSinceMs: NOW + 100,
    });
    expect(codeOf(core.sessionReport(second, report(sid, 2, 'active'), NOW + 201))).toBe(
      'session_wrong_node',
    );
    expect(codeOf(core.sessionReport(third, report(sid, 2, 'active'), NOW + 201))).toBe(
      'session_epoch_stale',
    );
    expect(codeOf(core.sessionReport(third, report(sid, 3, 'active'), NOW + 202))).toBe('ok');
  });

  it('moves a session still starting on the failed node too: its client may have attached', () => {
    const core = newCore(1);
    const active = openSession(core);
    const starting = openSession(core, NOW, false);
    const node = did(1);
    expect([active.node, starting.node]).toEqual([node, node]);
    expect(freeInteractive(core, node)).toBe(2);
    core.register(testRegistration(2), NOW + 1);
    const effects = failNode(core, node, NOW + 50);
    expect(effects).toEqual([
      {
        type: 'node-failed',
        node,
        reason: 'health probe failed: connection refused',
        sessions: [active.sid, starting.sid],
      },
      { type: 'session-moving', sid: active.sid, from: node, epoch: 2, reason: 'node_failed' },
      { type: 'session-placed', sid: active.sid, node: did(2), epoch: 2 },
      { type: 'session-moving', sid: starting.sid, from: node, epoch: 2, reason: 'node_failed' },
      { type: 'session-placed', sid: starting.sid, node: did(2), epoch: 2 },
      { type: 'membership-changed' },
    ]);
    // Its reservation on the failed node came back (the attached one waits for a heartbeat).
    expect(freeInteractive(core, node)).toBe(3);
    // A client that had attached resumes it like any other...
    const resumed = core.resume(starting.sid, resumeRequest(starting.sid, 1, 0, CLIENT), NOW + 60);
    expect(resumed.answer.ok && resumed.answer.value.node.did).toBe(did(2));
    // ...and one that never comes back lets it fail when the migration budget runs out.
    const other = openSession(core, NOW + 70, false);
    failNode(core, did(2), NOW + 80);
    core.tick(NOW + 80 + gridLimits.MIGRATION_BUDGET_MS);
    expect(core.sessions.get(other.sid)).toMatchObject({
      state: 'failed',
      reason: 'migration_timeout',
    });
  });
});
