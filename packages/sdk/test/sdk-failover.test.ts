/**
 * Issue 4, item 5, with real processes: nodes are child processes, SIGKILLed the way a machine
 * dies. Tutor sessions on the killed node carry on on another node with their student model
 * intact and their turn sequence unbroken; the application sees only a delay. The tutor is
 * deterministic (same state and input, same output), so every session is checked against a
 * reference session that ran the same answers on a node nobody killed: any lost, repeated or
 * re-run-from-a-stale-state turn shows up as a different reply.
 */
import type { JsonValue } from '@mycel/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../src/open-session.js';
import type { Session } from '../src/session.js';
import type { TurnStream } from '../src/turn-stream.js';
import {
  type ChildNode,
  type Grid,
  spawnNode,
  startGrid,
  waitUntilPlaceable,
} from './support/grid-harness.js';

const CAPACITY = { robot: 0, voice: 4, interactive: 8, batch: 0 };
/** The answers every session gives, in order; the kill falls between answers 3 and 4. */
const ANSWERS: JsonValue[] = ['start', 'b', 'a', 'c', 'b', 'd', 'a', 'b'];
const KILL_AFTER = 3;
const SESSIONS = 4;

async function collect(turn: TurnStream): Promise<JsonValue[]> {
  const chunks: JsonValue[] = [];
  for await (const chunk of turn) chunks.push(chunk);
  return chunks;
}

describe('a node SIGKILLed under active tutor sessions', () => {
  let grid: Grid;
  const nodes: ChildNode[] = [];
  const sessions: Session[] = [];

  beforeAll(async () => {
    grid = await startGrid({ inProcessNode: false });
    nodes.push(await spawnNode(grid.coordinatorUrl, CAPACITY));
    await waitUntilPlaceable(grid.coordinatorUrl);
  });

  afterAll(async () => {
    for (const session of sessions) await session.close();
    for (const node of nodes) node.kill();
    for (const node of nodes) {
      await node.exited;
      node.removeData();
    }
    await grid?.stop();
  });

  it('every session continues on another node: same replies as a session nobody disturbed', async () => {
    const doomed = nodes[0]!;
    const open = () =>
      openSession({
        coordinator: grid.coordinatorUrl,
        agent: 'tutor',
        probeLandmarks: false,
        pingIntervalMs: 200,
      });
    for (let n = 0; n < SESSIONS; n++) sessions.push(await open());
    expect(sessions.every((session) => session.node.did === doomed.did)).toBe(true);
    const replies: JsonValue[][][] = sessions.map(() => []);
    for (let turn = 0; turn < KILL_AFTER; turn++) {
      for (const [n, session] of sessions.entries()) {
        replies[n]!.push(await collect(session.send(ANSWERS[turn]!)));
      }
    }
    // A second node joins; the first dies with every session mid-conversation, one of them
    // with a turn in flight.
    const survivor = await spawnNode(grid.coordinatorUrl, CAPACITY);
    nodes.push(survivor);
    await waitUntilPlaceable(grid.coordinatorUrl);
    const inFlight = sessions[0]!.send(ANSWERS[KILL_AFTER]!);
    doomed.kill();
    await doomed.exited;
    replies[0]!.push(await collect(inFlight));
    for (let turn = KILL_AFTER; turn < ANSWERS.length; turn++) {
      for (const [n, session] of sessions.entries()) {
        if (n === 0 && turn === KILL_AFTER) continue;
        replies[n]!.push(await collect(session.send(ANSWERS[turn]!)));
      }
    }

    for (const session of sessions) {
      expect(session.failure).toBeUndefined();
      expect(session.node.did).toBe(survivor.did);
      expect(session.epoch).toBe(2);
      expect(session.moves).toHaveLength(1);
      expect(session.moves[0]).toMatchObject({
        fromNode: doomed.did,
        toNode: survivor.did,
        epoch: 2,
      });
    }
    // The reference: the same answers, on the surviving node, undisturbed.
    const reference = await open();
    sessions.push(reference);
    const expected: JsonValue[][] = [];
    for (const answer of ANSWERS) expected.push(await collect(reference.send(answer)));
    for (const reply of replies) expect(reply).toEqual(expected);
  });
});

describe('a node SIGKILLed in the middle of a streaming turn', () => {
  let grid: Grid;
  const nodes: ChildNode[] = [];

  beforeAll(async () => {
    grid = await startGrid({ inProcessNode: false });
    nodes.push(await spawnNode(grid.coordinatorUrl, CAPACITY));
    await waitUntilPlaceable(grid.coordinatorUrl, 'voice');
  });

  afterAll(async () => {
    for (const node of nodes) node.kill();
    for (const node of nodes) {
      await node.exited;
      node.removeData();
    }
    await grid?.stop();
  });

  it('the caller reads every chunk exactly once: the turn is re-sent to the new node and its first chunks skipped', async () => {
    const open = () =>
      openSession({
        coordinator: grid.coordinatorUrl,
        agent: 'voice',
        latencyClass: 'voice',
        probeLandmarks: false,
        pingIntervalMs: 200,
      });
    const voice = await open();
    const doomed = nodes[0]!;
    expect(voice.node.did).toBe(doomed.did);
    const first = await collect(voice.send('hello there'));
    nodes.push(await spawnNode(grid.coordinatorUrl, CAPACITY));
    await waitUntilPlaceable(grid.coordinatorUrl, 'voice');
    const utterance = 'a long enough utterance that the node dies while it is still speaking';
    const chunks: JsonValue[] = [];
    let killedAfter = 0;
    for await (const chunk of voice.send(utterance)) {
      chunks.push(chunk);
      if (chunks.length === 3) {
        killedAfter = chunks.length;
        doomed.kill();
      }
    }
    expect(killedAfter).toBe(3);
    expect(voice.moves).toHaveLength(1);
    const after = await collect(voice.send('and after'));
    const reference = await open();
    expect(await collect(reference.send('hello there'))).toEqual(first);
    expect(chunks).toEqual(await collect(reference.send(utterance)));
    expect(after).toEqual(await collect(reference.send('and after')));
    await voice.close();
    await reference.close();
  });
});
