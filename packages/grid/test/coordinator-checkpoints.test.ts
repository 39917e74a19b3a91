/**
 * Checkpoints over a real control link and resumes over real HTTP, against the real coordinator
 * with its SQLite session store: a good checkpoint is stored and acknowledged (and again when
 * repeated), a wrong digest, a stale turn or another node's claim is refused with its code and
 * changes nothing; after the node fails, the session moves with its checkpoint, the new node gets
 * a `restore`, and the old node's late checkpoint is refused. Resumes with a forged proof, a turn
 * ahead of the durable one, or a malformed body are refused with their codes.
 */
import type { OpenSessionResponse } from '@mycel/wire';
import { resumeRequest } from '@mycel/wire';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Cleanup,
  getJson,
  launchCoordinator,
  openRequest,
  postJson,
  waitUntil,
} from './support/coordinator-harness.js';
import { CLIENT, testSigner } from './support/coordinator-nodes.js';
import { registeredNode } from './support/coordinator-test-node.js';
import { testCheckpoint } from './support/session-checkpoints.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe('checkpoints on the control link', () => {
  it('stores and acknowledges, refuses what it must, and moves the session with its checkpoint', async () => {
    const coordinator = await launchCoordinator(cleanup);
    const first = await registeredNode(cleanup, coordinator.url, 1);
    const opened = await postJson<OpenSessionResponse>(
      `${coordinator.url}/v1/sessions`,
      openRequest({ client: CLIENT.key.did }),
    );
    expect(opened.status).toBe(201);
    const { sid } = opened.body;
    first.link.report(sid, 'active');
    await waitUntil(
      async () => (await getJson(`${coordinator.url}/v1/sessions/${sid}`)).body.state === 'active',
      'the session to be active',
    );

    const turn1 = testCheckpoint(sid, 1, 1);
    first.link.send({ t: 'checkpoint', checkpoint: turn1 });
    expect(await first.link.next('checkpoint-ack')).toEqual({
      t: 'checkpoint-ack',
      sid,
      epoch: 1,
      seq: 1,
      digest: turn1.digest,
    });
    // A retry of the same checkpoint (its ack was lost) is acknowledged again.
    first.link.send({ t: 'checkpoint', checkpoint: turn1 });
    expect((await first.link.next('checkpoint-ack')).digest).toBe(turn1.digest);

    // A body that does not hash to its digest.
    const forged = { ...testCheckpoint(sid, 1, 2), state: { turn: 'forged' } };
    first.link.send({ t: 'checkpoint', checkpoint: forged });
    expect(await first.link.next('session-refused')).toMatchObject({
      sid,
      code: 'checkpoint_digest_mismatch',
    });
    // A turn that is not after the stored one.
    first.link.send({ t: 'checkpoint', checkpoint: testCheckpoint(sid, 1, 1, { output: ['x'] }) });
    expect(await first.link.next('session-refused')).toMatchObject({
      sid,
      code: 'checkpoint_stale',
    });
    // Nothing of that changed the durable turn.
    const resumable = resumeRequest(sid, 1, 2, CLIENT);
    const ahead = await postJson(`${coordinator.url}/v1/sessions/${sid}/resume`, resumable);
    expect(ahead.status).toBe(409);
    expect(ahead.body.error?.code).toBe('resume_seq_ahead');

    // Another node claiming the session.
    const second = await registeredNode(cleanup, coordinator.url, 2);
    second.link.send({ t: 'checkpoint', checkpoint: testCheckpoint(sid, 1, 2) });
    expect(await second.link.next('session-refused')).toMatchObject({
      sid,
      code: 'session_wrong_node',
    });

    // The first node dies: the session moves to the second with turn 1's checkpoint.
    first.link.stopHeartbeats();
    first.health.mode = 'fail';
    first.link.terminate();
    const restore = await second.link.next('restore');
    expect(restore).toMatchObject({ epoch: 2, checkpoint: { sid, seq: 1, digest: turn1.digest } });
    // The old node comes back with a late checkpoint of epoch 1: refused, it must drop it.
    const back = await registeredNode(cleanup, coordinator.url, 1);
    back.link.send({ t: 'checkpoint', checkpoint: testCheckpoint(sid, 1, 2) });
    expect((await back.link.next('session-refused')).code).toMatch(
      /^session_(epoch_stale|wrong_node)$/,
    );
    back.link.report(sid, 'active', 1, 1);
    expect((await back.link.next('session-refused')).sid).toBe(sid);

    const resumed = await postJson<OpenSessionResponse>(
      `${coordinator.url}/v1/sessions/${sid}/resume`,
      resumeRequest(sid, 1, 1, CLIENT),
    );
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ sid, epoch: 2, node: { did: testSigner(2).key.did } });
    expect(resumed.body.ticket.checkpoint).toEqual({ seq: 1, digest: turn1.digest });
    const metrics = await (await fetch(`${coordinator.url}/metrics`)).text();
    expect(metrics).toMatch(/opengrid_checkpoints_total\{result="stored"\} 2/);
    expect(metrics).toMatch(/opengrid_checkpoints_total\{result="checkpoint_digest_mismatch"\} 1/);
    expect(metrics).toMatch(/opengrid_session_moves_total\{reason="node_failed"\} 1/);
  });
});

describe('resume requests over HTTP', () => {
  it('refuses a forged proof, a malformed body and an unknown session with their codes', async () => {
    const coordinator = await launchCoordinator(cleanup);
    const node = await registeredNode(cleanup, coordinator.url, 1);
    const opened = await postJson<OpenSessionResponse>(
      `${coordinator.url}/v1/sessions`,
      openRequest({ client: CLIENT.key.did }),
    );
    const { sid } = opened.body;
    node.link.report(sid, 'active');
    const url = `${coordinator.url}/v1/sessions/${sid}/resume`;
    const forged = await postJson(url, resumeRequest(sid, 1, 0, testSigner(77)));
    expect(forged.status).toBe(403);
    expect(forged.body.error?.code).toBe('resume_proof_invalid');
    const malformed = await postJson(url, { epoch: 1, lastSeq: -1 });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error?.code).toBe('request_malformed');
    const ghost = await postJson(
      `${coordinator.url}/v1/sessions/ghost/resume`,
      resumeRequest('ghost', 1, 0, CLIENT),
    );
    expect(ghost.status).toBe(404);
    expect(ghost.body.error?.code).toBe('session_not_found');
    // The node is alive and heard from: the first answer is "wait, looking", with a retry time.
    const pending = await postJson(url, resumeRequest(sid, 1, 0, CLIENT));
    expect(pending.status).toBe(503);
    expect(pending.body.error).toMatchObject({ code: 'resume_pending' });
    expect(pending.body.error?.retryAfterMs).toBeGreaterThan(0);
  });
});
