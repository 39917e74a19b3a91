/**
 * One conformance suite for every SessionStore driver: whatever the database, checkpoints and
 * session rows follow the same rules. Each driver's test file calls
 * describeSessionStoreConformance with a harness that makes fresh, empty locations (a SQLite
 * file, a PostgreSQL database) and opens stores on them.
 */
import { canonicalBytes, contentId, type JsonValue } from '@mycel/kernel';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type SessionCheckpoint,
  type SessionCheckpointBody,
  type SessionRow,
  type SessionStore,
  StoreError,
  storeLimits,
} from '../src/index.js';
import {
  AWKWARD_STATE,
  type FreshStore,
  type SessionStoreHarness,
  sealTestCheckpoint,
  testCheckpoint,
  testSession,
} from './session-store-fixtures.js';
import { describeRacesAndRestarts } from './session-store-races.js';

export type { SessionStoreHarness } from './session-store-fixtures.js';
export { sealTestCheckpoint, testCheckpoint, testSession } from './session-store-fixtures.js';

export function describeSessionStoreConformance(
  driver: string,
  harness: SessionStoreHarness,
): void {
  const opened: SessionStore[] = [];
  const fresh: FreshStore = async () => {
    const location = await harness.freshLocation();
    const store = await harness.open(location);
    opened.push(store);
    return { store, location };
  };

  afterAll(async () => {
    for (const store of opened) await store.close();
    await harness.cleanup();
  });

  describe(`SessionStore conformance: ${driver}`, () => {
    it('starts empty', async () => {
      const { store } = await fresh();
      expect(store.driver).toBe(driver);
      expect(await store.checkpoint(testCheckpoint('s', 1, 1).digest)).toBeUndefined();
      expect(await store.latestCheckpoint('s')).toBeUndefined();
      expect(await store.session('s')).toBeUndefined();
      expect(await store.openSessions()).toEqual([]);
      expect(await store.pruneEnded(Number.MAX_SAFE_INTEGER)).toBe(0);
    });

    it('round-trips a checkpoint with nested, unicode and numeric state exactly, before any session row', async () => {
      const { store } = await fresh();
      const checkpoint = sealTestCheckpoint({
        sid: 'awkward',
        epoch: 3,
        seq: 7,
        turns: 6,
        agent: 'chat@1.2.0',
        state: AWKWARD_STATE,
        output: ['plain', { delta: 'ünïcödé 😀' }, [1, 2.5, null], 42, null],
      });
      expect(await store.saveCheckpoint(checkpoint)).toBe('saved');
      expect(await store.session('awkward')).toBeUndefined();
      const byDigest = await store.checkpoint(checkpoint.digest);
      const latest = await store.latestCheckpoint('awkward');
      expect(byDigest).toEqual(checkpoint);
      expect(latest).toEqual(checkpoint);
      const { digest, ...body } = latest!;
      expect(contentId(body as unknown as JsonValue)).toBe(digest);
      expect(Object.hasOwn(latest!.state as Record<string, JsonValue>, '__proto__')).toBe(true);
    });

    it('keeps epochs and seqs up to Number.MAX_SAFE_INTEGER exactly', async () => {
      const { store } = await fresh();
      const max = Number.MAX_SAFE_INTEGER;
      const first = testCheckpoint('big', max - 1, max - 1);
      const last = testCheckpoint('big', max, max);
      expect(await store.saveCheckpoint(first)).toBe('saved');
      expect(await store.saveCheckpoint(last)).toBe('saved');
      expect(await store.latestCheckpoint('big')).toEqual(last);
      await expect(
        store.saveCheckpoint(testCheckpoint('big', max, max, 'other')),
      ).rejects.toMatchObject({
        code: 'checkpoint_stale',
      });
      const row = testSession('big', {
        epoch: max,
        checkpointSeq: max,
        createdAtMs: max - 1,
        updatedAtMs: max,
      });
      await store.saveSession(row);
      expect(await store.session('big')).toEqual(row);
    });

    it('answers a retry of the latest checkpoint with duplicate and changes nothing', async () => {
      const { store } = await fresh();
      const checkpoint = testCheckpoint('retry', 1, 1);
      expect(await store.saveCheckpoint(checkpoint)).toBe('saved');
      expect(await store.saveCheckpoint(checkpoint)).toBe('duplicate');
      expect(await store.saveCheckpoint({ ...checkpoint })).toBe('duplicate');
      expect(await store.latestCheckpoint('retry')).toEqual(checkpoint);
      const next = testCheckpoint('retry', 1, 2);
      expect(await store.saveCheckpoint(next)).toBe('saved');
      expect(await store.saveCheckpoint(next)).toBe('duplicate');
      // A retry of a superseded checkpoint is not a duplicate of the latest: it is stale.
      await expect(store.saveCheckpoint(checkpoint)).rejects.toMatchObject({
        code: 'checkpoint_stale',
      });
      expect(await store.latestCheckpoint('retry')).toEqual(next);
    });

    it('refuses a checkpoint that does not advance seq within its epoch, and changes nothing', async () => {
      const { store } = await fresh();
      const kept = testCheckpoint('seq', 2, 5);
      expect(await store.saveCheckpoint(kept)).toBe('saved');
      const sameSeq = testCheckpoint('seq', 2, 5, { forked: true });
      const olderSeq = testCheckpoint('seq', 2, 4);
      for (const stale of [sameSeq, olderSeq]) {
        const refusal = store.saveCheckpoint(stale);
        await expect(refusal).rejects.toBeInstanceOf(StoreError);
        await expect(refusal).rejects.toMatchObject({ code: 'checkpoint_stale' });
        expect(await store.checkpoint(stale.digest)).toBeUndefined();
      }
      expect(await store.latestCheckpoint('seq')).toEqual(kept);
      expect(await store.checkpoint(kept.digest)).toEqual(kept);
    });

    it('accepts a newer epoch whatever its seq: the new placement redoes a turn from an older checkpoint', async () => {
      const { store } = await fresh();
      // Epoch 2 stored turn 5 after the coordinator had moved the session on from turn 4.
      expect(await store.saveCheckpoint(testCheckpoint('redo', 2, 5))).toBe('saved');
      const redone = testCheckpoint('redo', 3, 5, { moved: true });
      expect(await store.saveCheckpoint(redone)).toBe('saved');
      expect(await store.latestCheckpoint('redo')).toEqual(redone);
      // Within the new epoch seq must grow again.
      await expect(store.saveCheckpoint(testCheckpoint('redo', 3, 5))).rejects.toMatchObject({
        code: 'checkpoint_stale',
      });
    });

    it("keeps a failed turn's error in the hashed body", async () => {
      const { store } = await fresh();
      const failed = testCheckpoint('failed', 1, 3, undefined, {
        code: 'turn_failed',
        message: 'x',
      });
      expect(await store.saveCheckpoint(failed)).toBe('saved');
      expect(await store.latestCheckpoint('failed')).toEqual(failed);
      const forged = { ...failed, error: { code: 'turn_failed', message: 'y' } };
      await expect(store.saveCheckpoint(forged)).rejects.toMatchObject({
        code: 'checkpoint_digest_mismatch',
      });
    });

    it('refuses a row that places an epoch on a second node (two coordinators racing)', async () => {
      const { store } = await fresh();
      const row = testSession('race', { epoch: 2, node: 'did:key:zA', state: 'migrating' });
      await store.saveSession(row);
      await expect(store.saveSession({ ...row, node: 'did:key:zB' })).rejects.toMatchObject({
        code: 'session_epoch_conflict',
      });
      expect((await store.session('race'))?.node).toBe('did:key:zA');
      // The same node at the same epoch (a state change), and a newer epoch elsewhere, are fine.
      await store.saveSession({ ...row, state: 'active' });
      await store.saveSession({ ...row, epoch: 3, node: 'did:key:zB' });
      expect((await store.session('race'))?.node).toBe('did:key:zB');
    });

    it('refuses a checkpoint of an older epoch even with a higher seq, and accepts a newer epoch', async () => {
      const { store } = await fresh();
      const kept = testCheckpoint('epoch', 2, 5);
      expect(await store.saveCheckpoint(kept)).toBe('saved');
      const olderEpoch = testCheckpoint('epoch', 1, 9);
      await expect(store.saveCheckpoint(olderEpoch)).rejects.toMatchObject({
        code: 'checkpoint_stale',
      });
      expect(await store.checkpoint(olderEpoch.digest)).toBeUndefined();
      expect(await store.latestCheckpoint('epoch')).toEqual(kept);
      const newerEpoch = testCheckpoint('epoch', 3, 6);
      expect(await store.saveCheckpoint(newerEpoch)).toBe('saved');
      expect(await store.latestCheckpoint('epoch')).toEqual(newerEpoch);
      await expect(store.saveCheckpoint(testCheckpoint('epoch', 2, 7))).rejects.toMatchObject({
        code: 'checkpoint_stale',
      });
    });

    it('refuses a checkpoint that does not hash to its digest, and stores nothing', async () => {
      const { store } = await fresh();
      const honest = testCheckpoint('digest', 1, 1);
      const tampered = { ...honest, state: { seq: 1, injected: true } };
      const borrowed = { ...testCheckpoint('digest', 1, 2), digest: honest.digest };
      const malformed = { ...testCheckpoint('digest', 1, 3), digest: 'sha256:not-hex' };
      for (const wrong of [tampered, borrowed, malformed]) {
        await expect(store.saveCheckpoint(wrong)).rejects.toMatchObject({
          code: 'checkpoint_digest_mismatch',
        });
      }
      expect(await store.latestCheckpoint('digest')).toBeUndefined();
      expect(await store.checkpoint(honest.digest)).toBeUndefined();
      expect(await store.saveCheckpoint(honest)).toBe('saved');
      const laterTampered = { ...testCheckpoint('digest', 1, 2), turns: 99 };
      await expect(store.saveCheckpoint(laterTampered)).rejects.toMatchObject({
        code: 'checkpoint_digest_mismatch',
      });
      expect(await store.latestCheckpoint('digest')).toEqual(honest);
    });

    it('hashes only the seven body fields: anything else on the object is neither checked nor stored', async () => {
      const { store } = await fresh();
      const checkpoint = testCheckpoint('extra', 1, 1);
      const carrying = { ...checkpoint, t: 'checkpoint', received: 123 } as SessionCheckpoint;
      expect(await store.saveCheckpoint(carrying)).toBe('saved');
      expect(await store.latestCheckpoint('extra')).toEqual(checkpoint);
    });

    it(`refuses a checkpoint over SESSION_CHECKPOINT_BYTES_MAX (${storeLimits.SESSION_CHECKPOINT_BYTES_MAX}) bytes of canonical JSON`, async () => {
      const { store } = await fresh();
      const max = storeLimits.SESSION_CHECKPOINT_BYTES_MAX;
      const overhead = canonicalBytes(
        withoutDigest(testCheckpoint('size', 1, 1, '')) as unknown as JsonValue,
      ).length;
      const atMax = testCheckpoint('size', 1, 1, 'x'.repeat(max - overhead));
      const overByOne = testCheckpoint('size', 1, 2, 'x'.repeat(max - overhead + 1));
      // Bytes, not characters: fewer characters than the bound, twice as many bytes.
      const overInBytes = testCheckpoint('size', 1, 2, 'é'.repeat(max / 2 + 1));
      await expect(store.saveCheckpoint(overByOne)).rejects.toMatchObject({
        code: 'checkpoint_too_large',
      });
      await expect(store.saveCheckpoint(overInBytes)).rejects.toMatchObject({
        code: 'checkpoint_too_large',
      });
      expect(await store.latestCheckpoint('size')).toBeUndefined();
      expect(await store.saveCheckpoint(atMax)).toBe('saved');
      expect(await store.latestCheckpoint('size')).toEqual(atMax);
      await expect(store.saveCheckpoint(overByOne)).rejects.toMatchObject({
        code: 'checkpoint_too_large',
      });
      expect(await store.latestCheckpoint('size')).toEqual(atMax);
    });

    it('refuses checkpoint fields out of range before anything else', async () => {
      const { store } = await fresh();
      const base = testCheckpoint('range', 1, 1);
      const wrong: SessionCheckpoint[] = [
        { ...base, sid: '' },
        { ...base, epoch: -1 },
        { ...base, seq: 1.5 },
        { ...base, seq: Number.MAX_SAFE_INTEGER + 1 },
        { ...base, turns: Number.NaN },
        { ...base, epoch: Number.POSITIVE_INFINITY },
        { ...base, seq: '2' as unknown as number },
      ];
      for (const checkpoint of wrong) {
        await expect(store.saveCheckpoint(checkpoint)).rejects.toMatchObject({
          code: 'session_record_invalid',
        });
      }
      expect(await store.latestCheckpoint('range')).toBeUndefined();
      expect(await store.latestCheckpoint('')).toBeUndefined();
    });

    it('keeps the latest checkpoint of a session and the one before, and leaves other sessions alone', async () => {
      const { store } = await fresh();
      const first = testCheckpoint('only', 1, 1);
      const second = testCheckpoint('only', 1, 2);
      const third = testCheckpoint('only', 2, 3);
      const neighbour = testCheckpoint('neighbour', 1, 1);
      expect(await store.saveCheckpoint(neighbour)).toBe('saved');
      for (const checkpoint of [first, second, third]) {
        expect(await store.saveCheckpoint(checkpoint)).toBe('saved');
      }
      expect(await store.checkpoint(first.digest)).toBeUndefined();
      // A move may name the one before the latest (written while the move was decided).
      expect(await store.checkpoint(second.digest)).toEqual(second);
      expect(await store.checkpoint(third.digest)).toEqual(third);
      expect(await store.latestCheckpoint('only')).toEqual(third);
      expect(await store.latestCheckpoint('neighbour')).toEqual(neighbour);
      expect(await store.checkpoint(neighbour.digest)).toEqual(neighbour);
    });

    it('upserts a session row by sid and reads it back whole', async () => {
      const { store } = await fresh();
      const requested = testSession('row', {
        node: '',
        state: 'requested',
        reason: null,
        coordinate: { vector: [12.5, -3.25, 0.1], height: 0.5, error: 0.25, city: 'Zürich' },
        createdAtMs: 1_700_000_000_000,
        updatedAtMs: 1_700_000_000_000,
      });
      await store.saveSession(requested);
      expect(await store.session('row')).toEqual(requested);
      const active = {
        ...requested,
        node: 'node-b',
        state: 'active',
        checkpointDigest: testCheckpoint('row', 1, 4).digest,
        checkpointSeq: 4,
        updatedAtMs: 1_700_000_000_500,
      };
      await store.saveSession(active);
      expect(await store.session('row')).toEqual(active);
      const migrated = { ...active, epoch: 2, node: 'node-c', coordinate: null };
      await store.saveSession(migrated);
      expect(await store.session('row')).toEqual(migrated);
      const failed = { ...migrated, state: 'failed', reason: 'node lost — 😢' };
      await store.saveSession(failed);
      expect(await store.session('row')).toEqual(failed);
      expect(await store.session('other')).toBeUndefined();
    });

    it('refuses a session row whose epoch went back, and changes nothing', async () => {
      const { store } = await fresh();
      const current = testSession('regress', { epoch: 5, node: 'node-e', state: 'active' });
      await store.saveSession(current);
      const older = { ...current, epoch: 4, node: 'node-d', state: 'closed', updatedAtMs: 9_999 };
      const refusal = store.saveSession(older);
      await expect(refusal).rejects.toBeInstanceOf(StoreError);
      await expect(refusal).rejects.toMatchObject({ code: 'session_epoch_regressed' });
      expect(await store.session('regress')).toEqual(current);
      await expect(store.saveSession({ ...current, epoch: 0 })).rejects.toMatchObject({
        code: 'session_epoch_regressed',
      });
      expect(await store.session('regress')).toEqual(current);
    });

    it('refuses session rows with fields out of range', async () => {
      const { store } = await fresh();
      const base = testSession('bad-row');
      const wrong: SessionRow[] = [
        { ...base, sid: '' },
        { ...base, epoch: -1 },
        { ...base, epoch: 1.25 },
        { ...base, checkpointSeq: Number.NaN },
        { ...base, createdAtMs: Number.MAX_SAFE_INTEGER + 2 },
        { ...base, updatedAtMs: -5 },
      ];
      for (const row of wrong) {
        await expect(store.saveSession(row)).rejects.toMatchObject({
          code: 'session_record_invalid',
        });
      }
      expect(await store.session('bad-row')).toBeUndefined();
      expect(await store.openSessions()).toEqual([]);
    });

    it('lists open sessions only, by createdAtMs and then sid', async () => {
      const { store } = await fresh();
      const rows = [
        testSession('m', { createdAtMs: 300, state: 'active' }),
        testSession('closed-early', { createdAtMs: 50, state: 'closed' }),
        testSession('b', { createdAtMs: 200, state: 'migrating' }),
        testSession('a', { createdAtMs: 200, state: 'requested', node: '' }),
        testSession('failed-early', { createdAtMs: 60, state: 'failed', reason: 'no node' }),
        testSession('Z', { createdAtMs: 200, state: 'placing' }),
        testSession('early', { createdAtMs: 100, state: 'starting' }),
      ];
      for (const row of rows) await store.saveSession(row);
      const open = await store.openSessions();
      // 'Z' sorts before 'a' and 'b' in byte order, whatever the database's locale says.
      expect(open.map((row) => row.sid)).toEqual(['early', 'Z', 'a', 'b', 'm']);
      expect(open[2]).toEqual(rows[3]);
      await store.saveSession({ ...rows[0]!, state: 'closed', updatedAtMs: 400 });
      expect((await store.openSessions()).map((row) => row.sid)).toEqual(['early', 'Z', 'a', 'b']);
    });

    it('prunes ended sessions updated before the cut-off, with their checkpoints, and nothing else', async () => {
      const { store } = await fresh();
      const rows = [
        testSession('closed-old', { state: 'closed', updatedAtMs: 100 }),
        testSession('failed-old', { state: 'failed', updatedAtMs: 199, reason: 'worker lost' }),
        testSession('closed-at-cut', { state: 'closed', updatedAtMs: 200 }),
        testSession('closed-new', { state: 'closed', updatedAtMs: 300 }),
        testSession('active-old', { state: 'active', updatedAtMs: 10 }),
        testSession('migrating-old', { state: 'migrating', updatedAtMs: 10 }),
      ];
      const checkpoints = new Map<string, SessionCheckpoint>();
      for (const row of rows) {
        await store.saveSession(row);
        const checkpoint = testCheckpoint(row.sid, 1, 3);
        checkpoints.set(row.sid, checkpoint);
        expect(await store.saveCheckpoint(checkpoint)).toBe('saved');
      }
      const orphan = testCheckpoint('no-row', 1, 1);
      expect(await store.saveCheckpoint(orphan)).toBe('saved');

      expect(await store.pruneEnded(200)).toBe(2);
      for (const sid of ['closed-old', 'failed-old']) {
        expect(await store.session(sid)).toBeUndefined();
        expect(await store.latestCheckpoint(sid)).toBeUndefined();
        expect(await store.checkpoint(checkpoints.get(sid)!.digest)).toBeUndefined();
      }
      for (const sid of ['closed-at-cut', 'closed-new', 'active-old', 'migrating-old']) {
        expect(await store.session(sid)).toEqual(rows.find((row) => row.sid === sid));
        expect(await store.latestCheckpoint(sid)).toEqual(checkpoints.get(sid));
      }
      expect(await store.latestCheckpoint('no-row')).toEqual(orphan);
      expect(await store.pruneEnded(200)).toBe(0);

      // A pruned session's history is gone, so its sid starts over.
      expect(await store.saveCheckpoint(testCheckpoint('closed-old', 1, 1))).toBe('saved');
      expect(await store.pruneEnded(Number.MAX_SAFE_INTEGER)).toBe(2);
      expect((await store.openSessions()).map((row) => row.sid)).toEqual([
        'active-old',
        'migrating-old',
      ]);
      for (const beforeMs of [-1, 1.5, Number.NaN]) {
        await expect(store.pruneEnded(beforeMs)).rejects.toMatchObject({
          code: 'session_record_invalid',
        });
      }
    });

    describeRacesAndRestarts(harness, fresh, (store) => opened.push(store));
  });
}

function withoutDigest(checkpoint: SessionCheckpoint): SessionCheckpointBody {
  const { digest: _digest, ...body } = checkpoint;
  return body;
}
