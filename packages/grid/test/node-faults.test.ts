/**
 * Faults a node survives: agents that throw or hang (signed bundles fetched from the coordinator
 * and run in real worker processes), more sessions than slots, clients that vanish mid-stream or
 * stop reading, and a drain. The node and its other sessions carry on through each.
 */
import { fileURLToPath } from 'node:url';
import { ed25519SignerFromSeed } from '@mycel/kernel';
import { NODE_PATHS } from '@mycel/wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packAgentDirectory } from '../src/assets/pack-agent-directory.js';
import type { NodeHealth } from '../src/node/node-http.js';
import {
  attachFrame,
  clientSigner,
  connectSession,
  type Frame,
  type SessionClient,
} from './support/node-session-client.js';
import { startTestGrid, type TestGrid, waitFor } from './support/node-test-grid.js';
import { fetchJson, startLinkedNode, type TestNode } from './support/node-test-node.js';

const TURN_TIMEOUT_MS = 1500;
const BATCH_SLOTS = 2;
let coordinator: TestGrid;
let node: TestNode;
const client = clientSigner(5);
const bundles = new Map<string, string>();

async function packFixture(name: string): Promise<{ assetId: string; bytes: Uint8Array }> {
  const directory = fileURLToPath(new URL(`./fixtures/agents/${name}`, import.meta.url));
  const publisher = ed25519SignerFromSeed(new Uint8Array(32).fill(11));
  const packed = await packAgentDirectory(directory, publisher, '2025-01-01T00:00:00Z');
  if (!packed.ok) throw new Error(`${name}: ${packed.error.message}`);
  bundles.set(name, packed.value.assetId);
  return packed.value;
}

beforeAll(async () => {
  coordinator = await startTestGrid();
  for (const name of ['throws', 'hangs', 'floods']) {
    const { assetId, bytes } = await packFixture(name);
    await coordinator.putAsset(assetId, bytes);
  }
  node = await startLinkedNode(coordinator, {
    workers: 2,
    turnTimeoutMs: TURN_TIMEOUT_MS,
    capacity: { batch: BATCH_SLOTS },
  });
});

afterAll(async () => {
  await node?.stop();
  await coordinator?.close();
});

/**
 * Attaches a session the coordinator places; with `overbook`, one it would not place (the node's
 * heartbeat says the class is full), signed with its key: the node must refuse it itself.
 */
async function attach(
  agent: string,
  latencyClass: 'voice' | 'interactive' | 'batch' = 'interactive',
  overbook = false,
): Promise<{ session: SessionClient; sid: string; answer: Frame }> {
  const ticket = overbook
    ? coordinator.ticket({ node: node.did, client: client.key.did, agent, class: latencyClass })
    : (await coordinator.open(client, agent, latencyClass)).ticket;
  const session = await connectSession(node.url);
  session.send(attachFrame(ticket, client));
  return { session, sid: ticket.sid, answer: await session.next(undefined, 15_000) };
}

async function attached(agent: string, latencyClass?: 'voice' | 'interactive' | 'batch') {
  const result = await attach(agent, latencyClass);
  expect(result.answer).toMatchObject({ t: 'attached' });
  return result;
}

/** The frame that ends turn `seq`: done or error. */
async function outcome(session: SessionClient, seq: number, timeoutMs = 10_000): Promise<Frame> {
  for (;;) {
    const frame = await session.next(undefined, timeoutMs);
    if ((frame.t === 'done' || frame.t === 'error') && frame.seq === seq) return frame;
  }
}

describe('agents that fail', () => {
  it('an agent that throws: turn_failed; the session goes on from its last good state', async () => {
    const throwing = await attached(bundles.get('throws')!);
    const voice = await attached('voice', 'voice');
    voice.session.send({ t: 'turn', seq: 1, input: 'keep talking while the other agent fails' });
    throwing.session.send({ t: 'turn', seq: 1, input: { ok: true } });
    expect(await outcome(throwing.session, 1)).toMatchObject({ t: 'done' });
    throwing.session.send({ t: 'turn', seq: 2, input: { fail: true } });
    const failed = await outcome(throwing.session, 2);
    expect(failed).toMatchObject({ t: 'error', code: 'turn_failed' });
    expect(String(failed.message)).toContain('asked to fail');
    expect(node.sessionSnapshot(throwing.sid)).toMatchObject({
      seq: 2,
      turns: 1,
      state: { turns: 1 },
    });
    throwing.session.send({ t: 'turn', seq: 3, input: {} });
    expect(await outcome(throwing.session, 3)).toMatchObject({ t: 'done' });
    expect(node.sessionSnapshot(throwing.sid)).toMatchObject({ seq: 3, state: { turns: 2 } });
    expect(await outcome(voice.session, 1)).toMatchObject({ t: 'done' });
    throwing.session.close();
    voice.session.close();
  });

  it('an agent that never returns: turn_timeout, its worker is replaced, the node serves on', async () => {
    const hanging = await attached(bundles.get('hangs')!);
    const tutor = await attached('tutor');
    const restartsBefore = sumRestarts();
    hanging.session.send({ t: 'turn', seq: 1, input: { hang: true } });
    const startedAt = Date.now();
    tutor.session.send({ t: 'turn', seq: 1, input: 'start' });
    expect(await outcome(tutor.session, 1)).toMatchObject({ t: 'done' });
    const timedOut = await outcome(hanging.session, 1);
    expect(timedOut).toMatchObject({ t: 'error', code: 'turn_timeout' });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(TURN_TIMEOUT_MS - 50);
    await waitFor(() => sumRestarts() > restartsBefore, 10_000, 'the worker to be replaced');
    hanging.session.send({ t: 'turn', seq: 2, input: {} });
    expect(await outcome(hanging.session, 2, 20_000)).toMatchObject({ t: 'done' });
    tutor.session.send({ t: 'turn', seq: 2, input: { answer: 'a' } });
    expect(await outcome(tutor.session, 2)).toMatchObject({ t: 'done' });
    await waitFor(async () => {
      const health = await fetchJson<NodeHealth>(`${node.url}${NODE_PATHS.health}`);
      return health.workers.every((worker) => worker.alive);
    });
    hanging.session.close();
    tutor.session.close();
  });
});

function sumRestarts(): number {
  return node.status().workers.reduce((sum, worker) => sum + worker.restarts, 0);
}

describe('more sessions than slots', () => {
  it(`with ${BATCH_SLOTS} batch slots the next attach gets node_at_capacity`, async () => {
    const held = [await attached('tutor', 'batch'), await attached('tutor', 'batch')];
    const admission = `${node.url}${NODE_PATHS.admission}?agent=tutor&class=batch`;
    expect(await fetchJson(admission)).toEqual({
      admit: false,
      free: 0,
      reason: 'node_at_capacity',
    });
    const refused = await attach('tutor', 'batch', true);
    expect(refused.answer).toMatchObject({ t: 'error', code: 'node_at_capacity' });
    expect(refused.answer.retryAfterMs).toBeGreaterThan(0);
    // Other classes are not affected, and a freed slot is taken again.
    const voice = await attached('tutor', 'voice');
    held[0]!.session.send({ t: 'close' });
    await held[0]!.session.closed;
    await waitFor(() => (coordinator.nodeSummary(node.did)?.free.batch ?? 0) > 0, 5000, 'a slot');
    const retry = await attach('tutor', 'batch');
    expect(retry.answer).toMatchObject({ t: 'attached' });
    for (const { session } of [held[1]!, retry, voice, refused]) session.close();
  });
});

describe('clients that go away or stop reading', () => {
  it('a client that disconnects mid-stream frees its slot; the node keeps serving others', async () => {
    await waitFor(() => node.status().sessions === 0, 5000, 'earlier sessions to end');
    const leaving = await attached('voice', 'voice');
    const staying = await attached('tutor');
    expect(node.status().free.voice).toBe(node.status().capacity.voice - 1);
    leaving.session.send({ t: 'turn', seq: 1, input: 'this reply will never be heard in full' });
    await leaving.session.next('chunk');
    leaving.session.socket.terminate();
    await waitFor(
      () => node.status().free.voice === node.status().capacity.voice,
      5000,
      'the slot',
    );
    await waitFor(() => coordinator.sessionState(leaving.sid) === 'closed');
    expect(node.sessionSnapshot(leaving.sid)).toBeUndefined();
    staying.session.send({ t: 'turn', seq: 1, input: 'start' });
    expect(await outcome(staying.session, 1)).toMatchObject({ t: 'done' });
    staying.session.close();
  });

  it('a client that stops reading: the turn is aborted with client_not_reading', async () => {
    const flooded = await attached(bundles.get('floods')!);
    flooded.session.socket.pause();
    flooded.session.send({ t: 'turn', seq: 1, input: { count: 400, size: 60_000 } });
    await new Promise((done) => setTimeout(done, 1500));
    flooded.session.socket.resume();
    const ended = await outcome(flooded.session, 1, 20_000);
    expect(ended).toMatchObject({ t: 'error', code: 'client_not_reading' });
    const chunks = flooded.session.frames.filter((frame) => frame.t === 'chunk').length;
    expect(chunks).toBeLessThan(400);
    expect(node.sessionSnapshot(flooded.sid)).toMatchObject({ seq: 1, turns: 0 });
    flooded.session.send({ t: 'turn', seq: 2, input: { count: 2, size: 10 } });
    expect(await outcome(flooded.session, 2)).toMatchObject({ t: 'done', chunks: 2 });
    flooded.session.close();
  });
});
