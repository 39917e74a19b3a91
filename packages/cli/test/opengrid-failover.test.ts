/**
 * Failover with every part a real `opengrid` process (issue 4, faults):
 * - the coordinator is SIGKILLed together with the node serving a tutor session, then restarted
 *   on the same data folder and port. It reads the session back from its journal, with its epoch
 *   and its last durable checkpoint; when the client resumes, the session moves to the surviving
 *   node and carries on from the turn it had reached: one node serves it afterwards, at epoch 2;
 * - the node a session runs on and the node it would move to die together: the session moves
 *   again, to the third node, and still carries on from where it was.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonValue } from '@mycel/kernel';
import { openSession, type Session } from '@mycel/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChildService, startChildService } from '../src/devnet/child-service.js';
import { waitForNodesAlive } from '../src/devnet/node-listing.js';
import {
  coordinatorArgs as gridCoordinatorArgs,
  nodeArgs as gridNodeArgs,
  reply,
} from './grid-processes.js';

const ANSWERS: JsonValue[] = ['start', 'b', 'a', 'c', 'd', 'b'];
const BEFORE = 3;

describe('a coordinator killed with the node of a session, then restarted', () => {
  const folder = mkdtempSync(join(tmpdir(), 'opengrid-failover-'));
  const services: ChildService[] = [];
  const sessions: Session[] = [];

  const coordinatorArgs = (port: string) => gridCoordinatorArgs(folder, port);
  const nodeArgs = (coordinatorUrl: string, name: string) =>
    gridNodeArgs(folder, coordinatorUrl, name);

  afterAll(async () => {
    for (const session of sessions) await session.close();
    for (const service of services.reverse()) await service.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('the restarted coordinator moves the session from its journal; it resumes at epoch 2 where it was', async () => {
    const coordinator = await startChildService('coordinator', coordinatorArgs('0'));
    services.push(coordinator);
    const doomed = await startChildService('node', nodeArgs(coordinator.url, 'node-a'));
    services.push(doomed);
    await waitForNodesAlive(coordinator.url, [doomed.did], 15_000);
    const session = await openSession({
      coordinator: coordinator.url,
      agent: 'tutor',
      probeLandmarks: false,
    });
    sessions.push(session);
    expect(session.node.did).toBe(doomed.did);
    const replies: JsonValue[][] = [];
    for (const answer of ANSWERS.slice(0, BEFORE)) replies.push(await reply(session, answer));
    const survivor = await startChildService('node', nodeArgs(coordinator.url, 'node-b'));
    services.push(survivor);
    await waitForNodesAlive(coordinator.url, [survivor.did], 15_000);

    // The coordinator and the session's node die at once.
    coordinator.child.kill('SIGKILL');
    doomed.child.kill('SIGKILL');
    await Promise.all([coordinator.stop(), doomed.stop()]);
    // The client keeps asking for a new placement while the coordinator is away.
    const next = reply(session, ANSWERS[BEFORE]!);
    const port = new URL(coordinator.url).port;
    const restarted = await startChildService('coordinator', coordinatorArgs(port));
    services.push(restarted);
    replies.push(await next);
    for (const answer of ANSWERS.slice(BEFORE + 1)) replies.push(await reply(session, answer));

    expect(session.failure).toBeUndefined();
    expect(session.node.did).toBe(survivor.did);
    expect(session.epoch).toBe(2);
    expect(session.moves).toHaveLength(1);
    expect(session.moves[0]).toMatchObject({ fromNode: doomed.did, toNode: survivor.did });
    const record = (await (
      await fetch(`${restarted.url}/v1/sessions/${session.sid}`)
    ).json()) as Record<string, unknown>;
    expect(record).toMatchObject({ state: 'active', epoch: 2, node: survivor.did });

    // The same answers on an undisturbed session: every reply is the same, so no turn was lost,
    // repeated, or run from a state other than the one it had reached.
    const reference = await openSession({
      coordinator: restarted.url,
      agent: 'tutor',
      probeLandmarks: false,
    });
    sessions.push(reference);
    for (const [turn, answer] of ANSWERS.entries()) {
      expect(replies[turn]).toEqual(await reply(reference, answer));
    }
  });

  it('when the node a session would move to dies with its node, the session moves on to a third', async () => {
    const coordinator = await startChildService('coordinator', coordinatorArgs('0'));
    services.push(coordinator);
    const first = await startChildService('node', nodeArgs(coordinator.url, 'node-1'));
    services.push(first);
    await waitForNodesAlive(coordinator.url, [first.did], 15_000);
    const open = () =>
      openSession({ coordinator: coordinator.url, agent: 'tutor', probeLandmarks: false });
    const session = await open();
    sessions.push(session);
    expect(session.node.did).toBe(first.did);
    const replies: JsonValue[][] = [];
    for (const answer of ANSWERS.slice(0, BEFORE)) replies.push(await reply(session, answer));
    const second = await startChildService('node', nodeArgs(coordinator.url, 'node-2'));
    const third = await startChildService('node', nodeArgs(coordinator.url, 'node-3'));
    services.push(second, third);
    await waitForNodesAlive(coordinator.url, [second.did, third.did], 15_000);
    // The session's node and one of the two spares die at once; whichever spare the
    // coordinator picks first, the session must end up on the one still alive.
    first.child.kill('SIGKILL');
    second.child.kill('SIGKILL');
    for (const answer of ANSWERS.slice(BEFORE)) replies.push(await reply(session, answer));

    expect(session.failure).toBeUndefined();
    expect(session.node.did).toBe(third.did);
    expect(session.moves.at(-1)?.toNode).toBe(third.did);
    const reference = await open();
    sessions.push(reference);
    for (const [turn, answer] of ANSWERS.entries()) {
      expect(replies[turn]).toEqual(await reply(reference, answer));
    }
  });
});
