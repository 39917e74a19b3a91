/**
 * `opengrid node drain` against real processes (issue 4, planned moves): tutor sessions keep
 * answering turns on a node while its operator drains it; every session is handed back at a turn
 * boundary and carries on on the other node, with no error, no turn repeated or lost, and a gap of
 * about one round of resume (never more than one turn's wait). Then the bad side: a drain without
 * a running node, and a control request without the node's token.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE_CONTROL_FILE, readNodeControl } from '@mycel/grid';
import type { JsonValue } from '@mycel/kernel';
import { openSession, type Session } from '@mycel/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChildService, startChildService } from '../src/devnet/child-service.js';
import { waitForNodesAlive } from '../src/devnet/node-listing.js';
import { coordinatorArgs, nodeArgs as gridNodeArgs, reply } from './grid-processes.js';
import { runOpengrid } from './run-opengrid.js';

const ANSWERS: JsonValue[] = ['start', 'b', 'a', 'c', 'd', 'b', 'a', 'c'];
const SESSIONS = 3;
const RUN_WITHIN_MS = 60_000;

describe('opengrid node drain', () => {
  const folder = mkdtempSync(join(tmpdir(), 'opengrid-drain-'));
  const services: ChildService[] = [];
  const sessions: Session[] = [];
  const nodeArgs = (coordinatorUrl: string, name: string) =>
    gridNodeArgs(folder, coordinatorUrl, name);

  afterAll(async () => {
    for (const session of sessions) await session.close();
    for (const service of services.reverse()) await service.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('hands every session back at a turn boundary; they carry on on the other node', async () => {
    const coordinator = await startChildService('coordinator', coordinatorArgs(folder, '0'));
    services.push(coordinator);
    const drained = await startChildService('node', nodeArgs(coordinator.url, 'node-a'));
    services.push(drained);
    await waitForNodesAlive(coordinator.url, [drained.did], 15_000);
    const open = () =>
      openSession({ coordinator: coordinator.url, agent: 'tutor', probeLandmarks: false });
    for (let n = 0; n < SESSIONS; n++) sessions.push(await open());
    const other = await startChildService('node', nodeArgs(coordinator.url, 'node-b'));
    services.push(other);
    await waitForNodesAlive(coordinator.url, [other.did], 15_000);
    expect(sessions.every((session) => session.node.did === drained.did)).toBe(true);

    // Every client talks without pause while the operator drains the node.
    const replies: JsonValue[][][] = sessions.map(() => []);
    const talking = sessions.map(async (session, n) => {
      for (const answer of ANSWERS) replies[n]!.push(await reply(session, answer));
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const drain = await runOpengrid(['node', 'drain', '--data', join(folder, 'node-a'), '--json'], {
      timeoutMs: RUN_WITHIN_MS,
    });
    expect(drain.code).toBe(0);
    const result = JSON.parse(drain.stdout.trim()) as Record<string, number>;
    expect(result).toMatchObject({ ok: true, remaining: 0 });
    expect(result.sessions).toBeGreaterThanOrEqual(1);
    await Promise.all(talking);

    for (const session of sessions) {
      expect(session.failure).toBeUndefined();
      expect(session.node.did).toBe(other.did);
      expect(session.moves).toHaveLength(1);
      const move = session.moves[0]!;
      expect(move).toMatchObject({
        fromNode: drained.did,
        toNode: other.did,
        code: 'session_moved',
      });
      // Handed back between turns: the client only waits for a resume, well under a second.
      expect(move.resumedAtMs - move.lostAtMs).toBeLessThan(1000);
    }
    const reference = await open();
    sessions.push(reference);
    const expected: JsonValue[][] = [];
    for (const answer of ANSWERS) expected.push(await reply(reference, answer));
    for (const reply of replies) expect(reply).toEqual(expected);

    // The drained node takes nothing new: a new session goes to the other node.
    const fresh = await open();
    sessions.push(fresh);
    expect(fresh.node.did).toBe(other.did);

    // A control request without the node's token is refused with its code.
    const control = readNodeControl(join(folder, 'node-a'));
    expect(control).toBeDefined();
    const forged = await fetch(`${control!.url}/v1/drain`, {
      method: 'POST',
      headers: { authorization: 'Bearer not-the-token' },
    });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ error: { code: 'control_token_invalid' } });
  });

  it('without a running node: node_not_running, exit 1', async () => {
    const empty = join(folder, 'no-node');
    const missing = await runOpengrid(['node', 'drain', '--data', empty], {
      timeoutMs: RUN_WITHIN_MS,
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error node_not_running: /m);
    // A control file left by a node that is gone: nothing answers at its URL.
    const stale = join(folder, 'stale-node');
    mkdirSync(stale, { recursive: true });
    writeFileSync(
      join(stale, NODE_CONTROL_FILE),
      JSON.stringify({ url: 'http://127.0.0.1:9', token: 'x' }),
    );
    const gone = await runOpengrid(['node', 'drain', '--data', stale, '--json'], {
      timeoutMs: RUN_WITHIN_MS,
    });
    expect(gone.code).toBe(1);
    expect(JSON.parse(gone.stdout.trim())).toMatchObject({
      ok: false,
      error: { code: 'node_not_running' },
    });
    const badTimeout = await runOpengrid(
      ['node', 'drain', '--data', stale, '--timeout-ms', 'soon'],
      { timeoutMs: RUN_WITHIN_MS },
    );
    expect(badTimeout.code).toBe(1);
    expect(badTimeout.stderr).toMatch(/^error argument_invalid: /m);
  });
});
