/**
 * Session adoption (session-adoption.ts, decision 0011) with two coordinator cores on one shared
 * session store (SQLite, two connections to one file, the real journal): a session placed by the
 * first is adopted by the second when the store vouches for the node's report, refused with the
 * core's codes otherwise; each journal row names its owner, and a restarting coordinator restores
 * only its own sessions; a node that moved away is forgotten by the coordinator it left.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoordinatorCore } from '@mycel/grid';
import { openSqliteSessionStore, type SessionStore } from '@mycel/store';
import type { SessionStateFrame } from '@mycel/wire';
import { afterEach, describe, expect, it } from 'vitest';
import {
  adoptionVerdict,
  adoptReportedSession,
  releaseMovedNode,
} from '../src/coordinator/session-adoption.js';
import { ownerOf, SessionJournal } from '../src/coordinator/session-journal.js';
import { CLIENT, TEST_GRID, testRegistration, testSigner } from './support/coordinator-nodes.js';

const NOW = Date.now();
const NODE = 1;
const nodeDid = testSigner(NODE).key.did;
const folders: string[] = [];
const stores: SessionStore[] = [];

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function sharedPath(): string {
  const folder = mkdtempSync(join(tmpdir(), 'opengrid-adoption-'));
  folders.push(folder);
  return join(folder, 'sessions.sqlite');
}

/** A coordinator (its own key) with the test node registered, on its own store connection. */
function coordinator(path: string, key: number) {
  const core = new CoordinatorCore({
    grid: TEST_GRID,
    signer: testSigner(key),
    heartbeatMs: 60_000,
  });
  core.register(testRegistration(NODE), NOW);
  const store = openSqliteSessionStore({ path });
  stores.push(store);
  return { core, store, journal: new SessionJournal(store, core) };
}

/** A session placed by `first` on the node and reported active there, its row written. */
async function activeSession(first: ReturnType<typeof coordinator>, sid: string) {
  const opened = first.core.open(
    { sid, agent: 'tutor', latencyClass: 'interactive', client: CLIENT.key.did },
    NOW,
  );
  if (!opened.ok) throw new Error(opened.error.message);
  const reported = first.core.sessionReport(nodeDid, report(sid), NOW);
  if (!reported.ok) throw new Error(reported.error.message);
  await first.journal.flush();
}

function report(sid: string, fields: Partial<SessionStateFrame> = {}): SessionStateFrame {
  return { t: 'session-state', sid, epoch: 1, state: 'active', turns: 0, ...fields };
}

describe('adopting a moving node’s sessions from the shared store', () => {
  it('adopts a session the store vouches for and writes it back as its own', async () => {
    const path = sharedPath();
    const first = coordinator(path, 5001);
    const second = coordinator(path, 5002);
    await activeSession(first, 'sid-adopt-1');
    expect(ownerOf((await first.store.session('sid-adopt-1'))!)).toBe(first.core.did);

    const adopted = await adoptReportedSession(
      second.core,
      second.store,
      nodeDid,
      report('sid-adopt-1'),
      () => NOW + 10,
    );
    expect(adopted.ok && adopted.value.state).toBe('active');
    expect(second.core.sessions.get('sid-adopt-1')?.node).toBe(nodeDid);
    await second.journal.flush();
    expect(ownerOf((await second.store.session('sid-adopt-1'))!)).toBe(second.core.did);
  });

  it('refuses with the core’s codes what the store does not vouch for', async () => {
    const path = sharedPath();
    const first = coordinator(path, 5003);
    const second = coordinator(path, 5004);
    await activeSession(first, 'sid-refuse-1');
    const adopt = (frame: SessionStateFrame, node = nodeDid) =>
      adoptReportedSession(second.core, second.store, node, frame, () => NOW);
    const codes = [
      await adopt(report('sid-nowhere')),
      await adopt(report('sid-refuse-1'), testSigner(2).key.did),
      await adopt(report('sid-refuse-1', { epoch: 2 })),
    ].map((result) => (result.ok ? 'adopted' : result.error.code));
    expect(codes).toEqual([
      'session_not_found',
      'session_wrong_node',
      'session_transition_invalid',
    ]);
    expect(second.core.sessions.get('sid-refuse-1')).toBeUndefined();
  });

  it('the pure verdict: an older epoch is stale, an ended session is not adopted', async () => {
    const path = sharedPath();
    const first = coordinator(path, 5005);
    await activeSession(first, 'sid-verdict-1');
    const row = (await first.store.session('sid-verdict-1'))!;
    const atTwo = { ...row, epoch: 2 };
    const stale = adoptionVerdict(atTwo, nodeDid, report('sid-verdict-1', { epoch: 1 }));
    expect(stale.ok ? 'adopted' : stale.error.code).toBe('session_epoch_stale');
    const closed = adoptionVerdict({ ...row, state: 'closed' }, nodeDid, report('sid-verdict-1'));
    expect(closed.ok ? 'adopted' : closed.error.code).toBe('session_transition_invalid');
    const ending = adoptionVerdict(row, nodeDid, report('sid-verdict-1', { state: 'closed' }));
    expect(ending.ok ? 'adopted' : ending.error.code).toBe('session_transition_invalid');
    expect(adoptionVerdict(row, nodeDid, report('sid-verdict-1')).ok).toBe(true);
  });

  it('a restarting coordinator restores only the sessions it owns', async () => {
    const path = sharedPath();
    const first = coordinator(path, 5006);
    const second = coordinator(path, 5007);
    await activeSession(first, 'sid-owned-by-first');
    await activeSession(first, 'sid-moved-to-second');
    await adoptReportedSession(
      second.core,
      second.store,
      nodeDid,
      report('sid-moved-to-second'),
      () => NOW,
    );
    await second.journal.flush();
    const restartedFirst = coordinator(path, 5006);
    const restartedSecond = coordinator(path, 5007);
    expect((await restartedFirst.journal.load()).map((entry) => entry.sid)).toEqual([
      'sid-owned-by-first',
    ]);
    expect((await restartedSecond.journal.load()).map((entry) => entry.sid)).toEqual([
      'sid-moved-to-second',
    ]);
  });

  it('the coordinator a node left forgets its sessions without writing them', async () => {
    const path = sharedPath();
    const first = coordinator(path, 5008);
    await activeSession(first, 'sid-left-1');
    const before = first.core.nodes.get(nodeDid)!;
    expect(first.core.sessions.openOn(nodeDid)).toHaveLength(1);
    expect(releaseMovedNode(first.core, nodeDid)).toEqual(['sid-left-1']);
    expect(first.core.sessions.get('sid-left-1')).toBeUndefined();
    expect(first.core.sessions.openCount).toBe(0);
    expect(first.core.nodes.get(nodeDid)).toBe(before);
    expect(first.core.sessions.takeDirty()).toEqual([]);
  });
});
