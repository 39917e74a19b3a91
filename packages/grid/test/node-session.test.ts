/**
 * Sessions on a node daemon over real WebSockets on loopback, placed by the real coordinator:
 * attach, streamed turns, and every way a ticket can be wrong.
 */
import { ed25519SignerFromSeed } from '@mycel/kernel';
import { issueTicket, NODE_PATHS } from '@mycel/wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeHealth } from '../src/node/node-http.js';
import type { AdmissionAnswer } from '../src/node/session-slots.js';
import {
  attachFrame,
  clientSigner,
  connectSession,
  type Frame,
  type SessionClient,
} from './support/node-session-client.js';
import { randomSid, startTestGrid, type TestGrid, waitFor } from './support/node-test-grid.js';
import { fetchJson, startLinkedNode, type TestNode } from './support/node-test-node.js';

let coordinator: TestGrid;
let node: TestNode;
const client = clientSigner(1);

beforeAll(async () => {
  coordinator = await startTestGrid();
  node = await startLinkedNode(coordinator);
});

afterAll(async () => {
  await node?.stop();
  await coordinator?.close();
});

/**
 * A socket with a session the coordinator placed (or, given an epoch, one signed with its key),
 * attached; the `attached` answer is consumed.
 */
async function attached(
  agent: string,
  fields: { sid?: string; epoch?: number } = {},
  lastSeq = 0,
): Promise<{ session: SessionClient; sid: string; attachedFrame: Frame }> {
  const ticket =
    fields.epoch === undefined
      ? (await coordinator.open(client, agent)).ticket
      : coordinator.ticket({ node: node.did, client: client.key.did, agent, ...fields });
  expect(ticket.node).toBe(node.did);
  const session = await connectSession(node.url);
  session.send(attachFrame(ticket, client, lastSeq));
  const attachedFrame = await session.next();
  expect(attachedFrame).toMatchObject({ t: 'attached', sid: ticket.sid });
  return { session, sid: ticket.sid, attachedFrame };
}

/** Sends turn `seq` and collects its frames up to `done` or `error`. */
async function turn(session: SessionClient, seq: number, input: unknown): Promise<Frame[]> {
  session.send({ t: 'turn', seq, input });
  const frames: Frame[] = [];
  for (;;) {
    const frame = await session.next();
    frames.push(frame);
    if (frame.t === 'done' || frame.t === 'error') return frames;
  }
}

/** Sends one attach on a fresh socket and answers the error frame it gets. */
async function refusedAttach(frame: unknown): Promise<Frame> {
  const session = await connectSession(node.url);
  try {
    session.send(frame);
    return await session.next('error');
  } finally {
    session.close();
  }
}

describe('a session on the node', () => {
  it('attaches with a valid ticket and streams a voice turn as it is produced', async () => {
    const { session, sid, attachedFrame } = await attached('voice');
    expect(attachedFrame).toEqual({ t: 'attached', sid, epoch: 1, nextSeq: 1 });
    const start = session.frames.length;
    const frames = await turn(session, 1, 'hello from the test');
    const chunks = frames.filter((frame) => frame.t === 'chunk');
    expect(chunks.length).toBeGreaterThan(5);
    expect(frames.at(-1)).toEqual({ t: 'done', seq: 1, chunks: chunks.length });
    // Streamed, not batched: the first word arrived well before the last one and before done.
    const firstAt = session.arrivals[start]!;
    const doneAt = session.arrivals[start + frames.length - 1]!;
    expect(doneAt - firstAt).toBeGreaterThan(100);
    expect(chunks.map((chunk) => (chunk.data as { text: string }).text).join('')).toContain(
      'hello from the test',
    );
    await waitFor(() => coordinator.sessionState(sid) === 'active');
    session.close();
  });

  it("keeps a tutor session's state across turns: mastery moves with the answers", async () => {
    const { session, sid } = await attached('tutor');
    const first = await turn(session, 1, 'start');
    expect(first.at(-1)?.t).toBe('done');
    const masteries: unknown[] = [];
    for (const seq of [2, 3, 4]) {
      const frames = await turn(session, seq, { answer: 'a' });
      expect(frames.at(-1)).toMatchObject({ t: 'done', seq });
      const data = frames.map((frame) => frame.data as { type?: string; mastery?: unknown });
      masteries.push(data.find((chunk) => chunk?.type === 'mastery')?.mastery);
    }
    expect(masteries[0]).toBeDefined();
    expect(masteries[0]).not.toEqual(masteries[1]);
    expect(masteries[1]).not.toEqual(masteries[2]);
    const snapshot = node.sessionSnapshot(sid);
    expect(snapshot).toMatchObject({ sid, epoch: 1, agent: 'tutor', seq: 4, turns: 4 });
    expect(snapshot?.state).toMatchObject({ answered: 3 });
    session.close();
  });

  it('ends cleanly on a close frame and tells the coordinator', async () => {
    const { session, sid } = await attached('tutor');
    session.send({ t: 'close' });
    expect(await session.next()).toEqual({ t: 'closed', sid });
    expect(await session.closed).toBe(1000);
    await waitFor(() => coordinator.sessionState(sid) === 'closed');
    expect(node.sessionSnapshot(sid)).toBeUndefined();
  });
});

describe('tickets the node refuses', () => {
  const valid = () =>
    coordinator.ticket({ node: node.did, client: client.key.did, agent: 'tutor' });

  it('a forged ticket (signed by another key): ticket_signature_invalid', async () => {
    const forger = ed25519SignerFromSeed(new Uint8Array(32).fill(99));
    const ticket = issueTicket(
      {
        sid: randomSid(),
        epoch: 1,
        node: node.did,
        agent: 'tutor',
        class: 'interactive',
        client: client.key.did,
        aud: coordinator.grid,
        nowMs: Date.now(),
      },
      forger,
    );
    const error = await refusedAttach(attachFrame(ticket, client));
    expect(error.code).toBe('ticket_signature_invalid');
  });

  it('an expired ticket: ticket_expired', async () => {
    const ticket = coordinator.ticket({
      node: node.did,
      client: client.key.did,
      nowMs: Date.now() - 120_000,
      ttlMs: 60_000,
    });
    expect((await refusedAttach(attachFrame(ticket, client))).code).toBe('ticket_expired');
  });

  it('a ticket changed after signing: ticket_altered', async () => {
    const ticket = { ...valid(), class: 'batch' as const };
    expect((await refusedAttach(attachFrame(ticket, client))).code).toBe('ticket_altered');
  });

  it('a ticket for another node or another grid: ticket_wrong_node, ticket_wrong_audience', async () => {
    const otherNode = clientSigner(42).key.did;
    const forOther = coordinator.ticket({ node: otherNode, client: client.key.did });
    expect((await refusedAttach(attachFrame(forOther, client))).code).toBe('ticket_wrong_node');
    const otherGrid = coordinator.ticket({
      node: node.did,
      client: client.key.did,
      aud: 'elsewhere',
    });
    expect((await refusedAttach(attachFrame(otherGrid, client))).code).toBe(
      'ticket_wrong_audience',
    );
  });

  it('an attach proof by another key than the ticket names: attach_proof_invalid', async () => {
    const error = await refusedAttach(attachFrame(valid(), clientSigner(2)));
    expect(error.code).toBe('attach_proof_invalid');
  });

  it('a ticket that is not a ticket: frame_malformed', async () => {
    const frame = { ...attachFrame(valid(), client), ticket: { sid: 'x' } };
    expect((await refusedAttach(frame)).code).toBe('frame_malformed');
  });

  it('an older epoch after a newer one: ticket_stale_epoch; the newer epoch takes over', async () => {
    const sid = randomSid();
    const first = await attached('tutor', { sid, epoch: 1 });
    expect((await turn(first.session, 1, 'start')).at(-1)?.t).toBe('done');
    // The client saw turn 1 acknowledged, so it resumes after it.
    const second = await attached('tutor', { sid, epoch: 2 }, 1);
    // The older socket is told and closed; the session goes on from its state.
    expect(await first.session.next('error')).toMatchObject({ code: 'ticket_stale_epoch' });
    expect(await first.session.closed).toBe(1000);
    expect(second.attachedFrame).toEqual({ t: 'attached', sid, epoch: 2, nextSeq: 2 });
    expect((await turn(second.session, 2, { answer: 'b' })).at(-1)?.t).toBe('done');
    const stale = coordinator.ticket({ node: node.did, client: client.key.did, sid, epoch: 1 });
    expect((await refusedAttach(attachFrame(stale, client))).code).toBe('ticket_stale_epoch');
    expect(node.sessionSnapshot(sid)).toMatchObject({ epoch: 2, seq: 2 });
    second.session.close();
  });
});

describe('the node HTTP endpoints', () => {
  it('answers health, admission and ping from memory', async () => {
    const health = await fetchJson<NodeHealth>(`${node.url}${NODE_PATHS.health}`);
    expect(health).toMatchObject({ status: 'ok', did: node.did });
    expect(health.workers).toHaveLength(1);
    expect(health.workers[0]).toMatchObject({ alive: true });
    expect(typeof health.eventLoopLagMs).toBe('number');
    const admission = `${node.url}${NODE_PATHS.admission}`;
    const yes = await fetchJson<AdmissionAnswer>(`${admission}?agent=tutor&class=voice`);
    expect(yes).toMatchObject({ admit: true });
    expect(yes.free).toBeGreaterThan(0);
    const unknown = await fetchJson(`${admission}?agent=nobody&class=voice`);
    expect(unknown).toMatchObject({ admit: false, reason: 'agent_unknown' });
    const badClass = await fetch(`${admission}?agent=tutor&class=fast`);
    expect(badClass.status).toBe(400);
    expect(await badClass.json()).toMatchObject({ error: { code: 'request_malformed' } });
    const ping = await fetchJson<{ coordinate: { vector: number[] } }>(
      `${node.url}${NODE_PATHS.ping}`,
    );
    expect(ping.coordinate.vector).toHaveLength(8);
  });
});
