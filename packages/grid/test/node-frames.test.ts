/**
 * Bad input on a node's session socket: every frame is attacker-controlled. A bad frame gets an
 * error frame with its wire code and the socket stays usable, up to SESSION_BAD_FRAMES_MAX.
 */
import { wireLimits } from '@mycel/wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_BAD_FRAMES_MAX, SESSION_FRAME_SLACK_BYTES } from '../src/limits.js';
import {
  attachFrame,
  clientSigner,
  connectSession,
  type SessionClient,
} from './support/node-session-client.js';
import { startTestGrid, type TestGrid, waitFor } from './support/node-test-grid.js';
import { startLinkedNode, type TestNode } from './support/node-test-node.js';

let coordinator: TestGrid;
let node: TestNode;
const client = clientSigner(3);

beforeAll(async () => {
  coordinator = await startTestGrid();
  node = await startLinkedNode(coordinator);
});

afterAll(async () => {
  await node?.stop();
  await coordinator?.close();
});

async function attachedSession(agent = 'tutor'): Promise<SessionClient> {
  const { ticket } = await coordinator.open(client, agent);
  const session = await connectSession(node.url);
  session.send(attachFrame(ticket, client));
  expect((await session.next()).t).toBe('attached');
  return session;
}

/** A frame of exactly `bytes` bytes that is otherwise a valid turn. */
function turnOfSize(seq: number, bytes: number): string {
  const empty = JSON.stringify({ t: 'turn', seq, input: '' });
  return JSON.stringify({ t: 'turn', seq, input: 'x'.repeat(bytes - empty.length) });
}

describe('frames before attach', () => {
  it('a turn before attach: session_not_attached, and the socket can still attach', async () => {
    const session = await connectSession(node.url);
    session.send({ t: 'turn', seq: 1, input: 'hi' });
    expect(await session.next()).toMatchObject({
      t: 'error',
      code: 'session_not_attached',
      seq: 1,
    });
    const { ticket } = await coordinator.open(client, 'tutor');
    session.send(attachFrame(ticket, client));
    expect(await session.next()).toMatchObject({ t: 'attached', nextSeq: 1 });
    session.close();
  });
});

describe('bad frames on an attached session', () => {
  it('answers malformed JSON, unknown types and bad shapes with their codes, then goes on', async () => {
    const session = await attachedSession();
    session.send('{"t":"turn",');
    expect(await session.next()).toMatchObject({ t: 'error', code: 'frame_malformed' });
    session.send(Buffer.from([0xff, 0xfe, 0x7b]));
    expect(await session.next()).toMatchObject({ t: 'error', code: 'frame_malformed' });
    session.send({ t: 'teleport' });
    expect(await session.next()).toMatchObject({ t: 'error', code: 'frame_unknown_type' });
    session.send({ t: 'turn', seq: 0, input: null });
    expect(await session.next()).toMatchObject({ t: 'error', code: 'frame_malformed' });
    session.send('[1,2]');
    expect(await session.next()).toMatchObject({ t: 'error', code: 'frame_malformed' });
    session.send({ t: 'turn', seq: 1, input: 'start' });
    expect(await session.next('done')).toMatchObject({ seq: 1 });
    session.close();
  });

  it('a frame just over the limit: frame_too_large, and the socket stays usable', async () => {
    const session = await attachedSession();
    session.send(turnOfSize(1, wireLimits.SESSION_FRAME_BYTES_MAX + 1));
    expect(await session.next()).toMatchObject({ t: 'error', code: 'frame_too_large' });
    // Within the frame limit but over the turn input limit: the turn takes its number and fails
    // (settled like any turn), so asking for turn 1 again gets the same answer, not a second run.
    session.send(turnOfSize(1, wireLimits.TURN_INPUT_BYTES_MAX + 100));
    const oversize = await session.next();
    expect(oversize).toMatchObject({ t: 'error', code: 'frame_too_large', seq: 1 });
    session.send({ t: 'turn', seq: 1, input: 'start' });
    expect(await session.next()).toEqual(oversize);
    session.send({ t: 'turn', seq: 2, input: 'start' });
    expect(await session.next('done')).toMatchObject({ seq: 2 });
    session.close();
  });

  it('a frame far over the limit: the socket is closed with 1009 without buffering it', async () => {
    const session = await attachedSession();
    session.send(turnOfSize(1, wireLimits.SESSION_FRAME_BYTES_MAX + SESSION_FRAME_SLACK_BYTES + 1));
    expect(await session.closed).toBe(1009);
  });

  it('a turn out of sequence: turn_sequence_invalid; a second turn while one runs: turn_in_progress', async () => {
    const session = await attachedSession('voice');
    session.send({ t: 'turn', seq: 2, input: 'skip one' });
    expect(await session.next()).toMatchObject({ code: 'turn_sequence_invalid', seq: 2 });
    session.send({ t: 'turn', seq: 1, input: 'a long enough utterance to take a while' });
    expect(await session.next('chunk')).toMatchObject({ seq: 1 });
    session.send({ t: 'turn', seq: 2, input: 'too soon' });
    expect(await session.next('error')).toMatchObject({ code: 'turn_in_progress', seq: 2 });
    const done = await session.next('done');
    expect(done).toMatchObject({ seq: 1 });
    const firstRun = session.frames.filter((frame) => frame.t === 'chunk' && frame.seq === 1);
    // Turn 1 again (its answer lost, say): replayed from what the node kept, not run twice.
    const before = session.frames.length;
    session.send({ t: 'turn', seq: 1, input: 'again' });
    expect(await session.next('done')).toEqual(done);
    expect(session.frames.slice(before, -1)).toEqual(firstRun);
    session.send({ t: 'turn', seq: 3, input: 'skip one' });
    expect(await session.next('error')).toMatchObject({ code: 'turn_sequence_invalid', seq: 3 });
    session.send({ t: 'turn', seq: 2, input: 'now' });
    expect(await session.next('done')).toMatchObject({ seq: 2 });
    session.close();
  });

  it('a second attach on the same socket: session_already_attached', async () => {
    const session = await attachedSession();
    const { ticket } = await coordinator.open(client, 'tutor');
    session.send(attachFrame(ticket, client));
    expect(await session.next()).toMatchObject({ t: 'error', code: 'session_already_attached' });
    session.close();
  });

  it(`closes the socket with 1008 after ${SESSION_BAD_FRAMES_MAX} bad frames`, async () => {
    const session = await attachedSession();
    for (let count = 0; count < SESSION_BAD_FRAMES_MAX; count++) session.send('nonsense');
    expect(await session.closed).toBe(1008);
    const errors = session.frames.filter((frame) => frame.t === 'error');
    expect(errors).toHaveLength(SESSION_BAD_FRAMES_MAX);
    await waitFor(() => node.status().sessions === 0, 5000, 'the slot to be freed');
    const sid = String(session.frames[0]?.sid);
    await waitFor(() => coordinator.sessionState(sid) === 'failed', 5000, 'the failure report');
  });
});
