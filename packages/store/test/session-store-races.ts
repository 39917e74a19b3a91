/**
 * The session store conformance suite, continued: concurrent saves (one transaction decides),
 * a restart (close and reopen), and a property over random save sequences. Called inside
 * describeSessionStoreConformance's describe, with its harness and fresh stores.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { SessionCheckpoint, SessionStore } from '../src/index.js';
import {
  AWKWARD_STATE,
  type FreshStore,
  type SessionStoreHarness,
  testCheckpoint,
  testSession,
} from './session-store-fixtures.js';

export function describeRacesAndRestarts(
  harness: SessionStoreHarness,
  fresh: FreshStore,
  /** Stores opened here, for the suite to close afterwards. */
  keep: (store: SessionStore) => void,
): void {
  it('settles concurrent saves of seq 5 and seq 6 consistently: the latest is 6', async () => {
    const { store } = await fresh();
    for (let round = 0; round < 20; round++) {
      const sid = `race-${round}`;
      // Half the races start from an existing latest: then the pointer row exists and only its
      // lock serialises the two saves; on a new session the pointer's insert does.
      if (round % 4 >= 2)
        expect(await store.saveCheckpoint(testCheckpoint(sid, 1, 4))).toBe('saved');
      const five = testCheckpoint(sid, 1, 5);
      const six = testCheckpoint(sid, 1, 6);
      const pair = round % 2 === 0 ? [five, six] : [six, five];
      const [first, second] = await Promise.allSettled(
        pair.map((checkpoint) => store.saveCheckpoint(checkpoint)),
      );
      const outcome = new Map([
        [pair[0]!.seq, first!],
        [pair[1]!.seq, second!],
      ]);
      expect(outcome.get(6)).toEqual({ status: 'fulfilled', value: 'saved' });
      const fiveOutcome = outcome.get(5)!;
      if (fiveOutcome.status === 'fulfilled') expect(fiveOutcome.value).toBe('saved');
      else expect(fiveOutcome.reason).toMatchObject({ code: 'checkpoint_stale' });
      expect(await store.latestCheckpoint(sid)).toEqual(six);
      // Five survives only as the one before six: saved, then superseded.
      expect(await store.checkpoint(five.digest)).toEqual(
        fiveOutcome.status === 'fulfilled' ? five : undefined,
      );
    }
  });

  it('saves a checkpoint sent several times at once exactly once', async () => {
    const { store } = await fresh();
    const checkpoint = testCheckpoint('burst', 1, 1);
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => store.saveCheckpoint(checkpoint)),
    );
    expect(outcomes.filter((outcome) => outcome === 'saved')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'duplicate')).toHaveLength(5);
    expect(await store.latestCheckpoint('burst')).toEqual(checkpoint);
  });

  it('ends a burst of concurrent saves at the highest seq, each one saved or stale', async () => {
    const { store } = await fresh();
    const checkpoints = [7, 2, 9, 4, 1, 8, 3, 6, 5, 10].map((seq) =>
      testCheckpoint('many', 1, seq),
    );
    const settled = await Promise.allSettled(
      checkpoints.map((checkpoint) => store.saveCheckpoint(checkpoint)),
    );
    for (const outcome of settled) {
      if (outcome.status === 'fulfilled') expect(outcome.value).toBe('saved');
      else expect(outcome.reason).toMatchObject({ code: 'checkpoint_stale' });
    }
    const ten = checkpoints.find((checkpoint) => checkpoint.seq === 10)!;
    expect(await store.latestCheckpoint('many')).toEqual(ten);
    // Besides ten, at most the one saved right before it is kept.
    const kept: SessionCheckpoint[] = [];
    for (const checkpoint of checkpoints) {
      if (checkpoint !== ten && (await store.checkpoint(checkpoint.digest)) !== undefined) {
        kept.push(checkpoint);
      }
    }
    expect(kept.length).toBeLessThanOrEqual(1);
  });

  it('survives close and reopen: checkpoints, rows and the stale rule hold after a restart', async () => {
    const { store, location } = await fresh();
    const checkpoint = testCheckpoint('durable', 4, 12, AWKWARD_STATE);
    const row = testSession('durable', {
      epoch: 4,
      checkpointDigest: checkpoint.digest,
      checkpointSeq: 12,
      coordinate: { vector: [1, 2], height: 0 },
    });
    expect(await store.saveCheckpoint(checkpoint)).toBe('saved');
    await store.saveSession(row);
    await store.close();

    const reopened = await harness.open(location);
    keep(reopened);
    expect(await reopened.latestCheckpoint('durable')).toEqual(checkpoint);
    expect(await reopened.checkpoint(checkpoint.digest)).toEqual(checkpoint);
    expect(await reopened.session('durable')).toEqual(row);
    expect(await reopened.openSessions()).toEqual([row]);
    expect(await reopened.saveCheckpoint(checkpoint)).toBe('duplicate');
    await expect(reopened.saveCheckpoint(testCheckpoint('durable', 4, 11))).rejects.toMatchObject({
      code: 'checkpoint_stale',
    });
    await expect(reopened.saveSession({ ...row, epoch: 3 })).rejects.toMatchObject({
      code: 'session_epoch_regressed',
    });
    expect(await reopened.saveCheckpoint(testCheckpoint('durable', 5, 13))).toBe('saved');
  });

  it('property: any sequence of saves leaves the newest accepted checkpoint as the latest', async () => {
    const { store } = await fresh();
    let run = 0;
    const save = fc.record({
      epoch: fc.integer({ min: 1, max: 3 }),
      seq: fc.integer({ min: 0, max: 8 }),
      variant: fc.integer({ min: 0, max: 1 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(save, { minLength: 1, maxLength: 12 }), async (saves) => {
        run += 1;
        const sid = `prop-${run}`;
        let latest: SessionCheckpoint | undefined;
        const accepted: SessionCheckpoint[] = [];
        for (const { epoch, seq, variant } of saves) {
          const checkpoint = testCheckpoint(sid, epoch, seq, { seq, variant });
          const save = store.saveCheckpoint(checkpoint);
          if (latest?.digest === checkpoint.digest) {
            expect(await save).toBe('duplicate');
          } else if (
            latest !== undefined &&
            (epoch < latest.epoch || (epoch === latest.epoch && seq <= latest.seq))
          ) {
            await expect(save).rejects.toMatchObject({ code: 'checkpoint_stale' });
          } else {
            expect(await save).toBe('saved');
            latest = checkpoint;
            accepted.push(checkpoint);
          }
        }
        // The newest epoch wins, then the highest seq within it.
        const highest = accepted.reduce((a, b) =>
          b.epoch > a.epoch || (b.epoch === a.epoch && b.seq > a.seq) ? b : a,
        );
        expect(latest).toBe(highest);
        expect(await store.latestCheckpoint(sid)).toEqual(highest);
        for (const superseded of accepted.slice(0, -2)) {
          expect(await store.checkpoint(superseded.digest)).toBeUndefined();
        }
        const before = accepted.at(-2);
        if (before !== undefined) expect(await store.checkpoint(before.digest)).toEqual(before);
      }),
      { numRuns: 60 },
    );
  });
}
