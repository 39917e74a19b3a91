/**
 * Two coordinators' views racing on one session (issue 4, bad input and faults): both restored
 * the same session from one shared session store, both saw its node fail, and each moved it to a
 * node of its own at epoch 2. The journal write is a compare-and-set on (sid, epoch, node), so the
 * second coordinator's placement is void: it answers session_epoch_conflict and issues no ticket,
 * and the store keeps exactly one node for epoch 2. The real store (SQLite, two connections to
 * one file), the real journal and the real resume shell; only the clock is fixed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoordinatorCore, type CoreEffect } from '@mycel/grid';
import { openSqliteSessionStore, type SessionStore } from '@mycel/store';
import { resumeRequest } from '@mycel/wire';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { CoordinatorMetrics } from '../src/coordinator/coordinator-metrics.js';
import { sessionResumer } from '../src/coordinator/resume-session.js';
import { SessionJournal } from '../src/coordinator/session-journal.js';
import { CLIENT, TEST_GRID, testRegistration, testSigner } from './support/coordinator-nodes.js';
import { testCheckpoint } from './support/session-checkpoints.js';

const NOW = Date.now();
const did = (n: number) => testSigner(n).key.did;
const folders: string[] = [];
const stores: SessionStore[] = [];

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A coordinator core with the given nodes, on its own connection to the shared store. */
function coordinator(path: string, nodes: readonly number[]) {
  const core = new CoordinatorCore({
    grid: TEST_GRID,
    signer: testSigner(5000),
    heartbeatMs: 60_000,
    failureConfirmMs: 1000,
  });
  for (const n of nodes) core.register(testRegistration(n), NOW);
  const store = openSqliteSessionStore({ path });
  stores.push(store);
  const journal = new SessionJournal(store, core);
  const applied: CoreEffect[] = [];
  const resume = sessionResumer({
    core,
    journal,
    applyEffects: (effects) => applied.push(...effects),
    metrics: new CoordinatorMetrics(core),
    logger: pino({ enabled: false }),
  });
  return { core, store, journal, resume, applied };
}

describe('two coordinators racing to move one session', () => {
  it('only the first journal write of epoch 2 counts: the other coordinator issues no ticket', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'opengrid-race-'));
    folders.push(folder);
    const path = join(folder, 'sessions.sqlite');
    // The session as a first coordinator left it: active on node 1, turn 1 durable.
    const first = coordinator(path, [1]);
    const opened = first.core.open(
      { sid: 'raced', agent: 'tutor', latencyClass: 'interactive', client: CLIENT.key.did },
      NOW,
    );
    if (!opened.ok) throw new Error(opened.error.message);
    first.core.sessionReport(
      did(1),
      { t: 'session-state', sid: 'raced', epoch: 1, state: 'active', turns: 0 },
      NOW,
    );
    const checkpoint = testCheckpoint('raced', 1, 1);
    await first.store.saveCheckpoint(checkpoint);
    expect(first.core.checkpointStored(did(1), checkpoint, NOW).ok).toBe(true);
    await first.journal.flush();

    // Two coordinators restore it from the same store; each knows a different spare node.
    const left = coordinator(path, [1, 2]);
    const right = coordinator(path, [1, 3]);
    for (const side of [left, right]) {
      side.core.restoreSessions(await side.journal.load(), NOW);
      side.core.linkClosed(did(1), NOW + 10);
      side.core.probeFailed(did(1), 'connection refused', NOW + 20);
      expect(side.core.sessions.get('raced')).toMatchObject({ state: 'migrating', epoch: 2 });
    }
    expect(left.core.sessions.get('raced')?.node).toBe(did(2));
    expect(right.core.sessions.get('raced')?.node).toBe(did(3));

    const request = resumeRequest('raced', 1, 1, CLIENT);
    const won = await left.resume('raced', request);
    expect(won.ok && won.value).toMatchObject({ epoch: 2, node: { did: did(2) } });
    expect(won.ok && won.value.ticket.checkpoint).toEqual({ seq: 1, digest: checkpoint.digest });
    const lost = await right.resume('raced', request);
    expect(lost.ok).toBe(false);
    expect(!lost.ok && lost.error.code).toBe('session_epoch_conflict');

    // Exactly one node holds epoch 2 on record, and it is the winner's.
    expect(await first.store.session('raced')).toMatchObject({ epoch: 2, node: did(2) });
  });

  it('a coordinator that lags an epoch behind cannot write its older placement back', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'opengrid-race-'));
    folders.push(folder);
    const path = join(folder, 'sessions.sqlite');
    const ahead = coordinator(path, [1, 2]);
    const opened = ahead.core.open(
      { sid: 'lagged', agent: 'tutor', latencyClass: 'interactive', client: CLIENT.key.did },
      NOW,
    );
    if (!opened.ok) throw new Error(opened.error.message);
    await ahead.journal.flush();
    const behind = coordinator(path, [1, 2]);
    behind.core.restoreSessions(await behind.journal.load(), NOW);
    // The first coordinator moves the session on (its node 1 failed there) and records it.
    const node = opened.value.node.did;
    ahead.core.sessionReport(
      node,
      { t: 'session-state', sid: 'lagged', epoch: 1, state: 'active', turns: 0 },
      NOW,
    );
    ahead.core.linkClosed(node, NOW + 10);
    ahead.core.probeFailed(node, 'gone', NOW + 20);
    await ahead.journal.flush();
    // The lagging one still thinks epoch 1 is current: its write of epoch 1 is refused.
    behind.core.sessionReport(
      node,
      { t: 'session-state', sid: 'lagged', epoch: 1, state: 'closed', turns: 0 },
      NOW + 30,
    );
    await expect(behind.journal.flush()).rejects.toMatchObject({ code: 'session_epoch_regressed' });
    expect(await ahead.store.session('lagged')).toMatchObject({ epoch: 2, state: 'migrating' });
  });
});
