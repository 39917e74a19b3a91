import { toHex } from '@mycel/kernel';
import { describe, expect, it } from 'vitest';
import { AppendQueue } from '../src/append-queue.js';
import { openSqliteLogStore, storeLimits } from '../src/index.js';
import { rootOf, signTestCheckpoint, TEST_ORIGIN, testEntries } from './log-fixtures.js';

describe('AppendQueue: group commit with a bound', () => {
  it('commits everything submitted in one tick in as few transactions as the batch bound allows', async () => {
    const store = openSqliteLogStore({ path: ':memory:', origin: TEST_ORIGIN });
    const commits: number[] = [];
    const queue = new AppendQueue(store, signTestCheckpoint, (outcome) =>
      commits.push(outcome.appended),
    );
    const entries = testEntries('group', storeLimits.APPEND_BATCH_ENTRIES_MAX + 10);
    const committed = await Promise.all(entries.map((entry) => queue.enqueue(entry)));
    expect(committed.map((result) => result.index)).toEqual(entries.map((_, n) => n));
    expect(commits).toEqual([storeLimits.APPEND_BATCH_ENTRIES_MAX, 10]);
    expect(toHex((await store.head()).root)).toBe(toHex(rootOf(entries)));
    await store.close();
  });

  it('marks repeats, in the log and inside one batch, as duplicates of the first index', async () => {
    const store = openSqliteLogStore({ path: ':memory:', origin: TEST_ORIGIN });
    const queue = new AppendQueue(store, signTestCheckpoint, () => {});
    const [a, b] = testEntries('repeat', 2) as [
      ReturnType<typeof testEntries>[0],
      ReturnType<typeof testEntries>[0],
    ];
    const first = await Promise.all([queue.enqueue(a), queue.enqueue(a), queue.enqueue(b)]);
    expect(first.map(({ index, duplicate }) => [index, duplicate])).toEqual([
      [0, false],
      [0, true],
      [1, false],
    ]);
    const again = await queue.enqueue(b);
    expect([again.index, again.duplicate]).toEqual([1, true]);
    await store.close();
  });

  it(`pushes back beyond APPEND_QUEUE_ENTRIES_MAX (${storeLimits.APPEND_QUEUE_ENTRIES_MAX}) waiting entries, losing none it accepted`, async () => {
    const store = openSqliteLogStore({ path: ':memory:', origin: TEST_ORIGIN });
    const queue = new AppendQueue(store, signTestCheckpoint, () => {});
    const entries = testEntries('flood', storeLimits.APPEND_QUEUE_ENTRIES_MAX + 5);
    const settled = await Promise.allSettled(entries.map((entry) => queue.enqueue(entry)));
    const accepted = settled.filter((result) => result.status === 'fulfilled');
    const refused = settled.filter((result) => result.status === 'rejected');
    expect(accepted).toHaveLength(storeLimits.APPEND_QUEUE_ENTRIES_MAX);
    expect(refused).toHaveLength(5);
    for (const result of refused) expect(result.reason).toMatchObject({ code: 'store_pushback' });
    expect((await store.head()).size).toBe(storeLimits.APPEND_QUEUE_ENTRIES_MAX);
    const later = await queue.enqueue(entries.at(-1)!);
    expect(later.index).toBe(storeLimits.APPEND_QUEUE_ENTRIES_MAX);
    await store.close();
  });

  it('rejects every waiter of a batch whose transaction fails, and keeps working', async () => {
    const store = openSqliteLogStore({ path: ':memory:', origin: TEST_ORIGIN });
    let failNext = true;
    const queue = new AppendQueue(
      store,
      (size, root) => {
        if (failNext) throw new Error('signing key unavailable');
        return signTestCheckpoint(size, root);
      },
      () => {},
    );
    const entries = testEntries('fail', 3);
    const settled = await Promise.allSettled(entries.map((entry) => queue.enqueue(entry)));
    expect(settled.every((result) => result.status === 'rejected')).toBe(true);
    expect((await store.head()).size).toBe(0);
    failNext = false;
    const retried = await Promise.all(entries.map((entry) => queue.enqueue(entry)));
    expect(retried.map((result) => result.index)).toEqual([0, 1, 2]);
    await store.close();
  });
});
