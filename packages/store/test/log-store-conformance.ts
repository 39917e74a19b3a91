/**
 * One conformance suite for every LogStore driver: whatever the database, a log behaves the same.
 * Each driver's test file calls describeLogStoreConformance with a harness that makes fresh,
 * empty locations (a SQLite file, a PostgreSQL database) and opens stores on them.
 */
import {
  EMPTY_ROOT,
  hashLeaf,
  hashRange,
  naiveConsistencyProof,
  naiveInclusionProof,
  nodeKey,
  planConsistencyProof,
  planInclusionProof,
  proofNodeIds,
  toHex,
  verifyConsistency,
} from '@mycel/kernel';
import { afterAll, describe, expect, it } from 'vitest';
import { type LogStore, StoreError, storeLimits } from '../src/index.js';
import {
  openTestCheckpoint,
  rootOf,
  signTestCheckpoint,
  TEST_ORIGIN,
  testEntries,
  testEntry,
} from './log-fixtures.js';

export interface LogStoreHarness {
  freshLocation(): Promise<string>;
  open(location: string, origin: string): Promise<LogStore>;
  cleanup(): Promise<void>;
}

export function describeLogStoreConformance(driver: string, harness: LogStoreHarness): void {
  const opened: LogStore[] = [];
  async function fresh(): Promise<{ store: LogStore; location: string }> {
    const location = await harness.freshLocation();
    const store = await harness.open(location, TEST_ORIGIN);
    opened.push(store);
    return { store, location };
  }
  async function append(store: LogStore, entries: ReturnType<typeof testEntries>) {
    return store.append({ entries, signCheckpoint: signTestCheckpoint });
  }

  afterAll(async () => {
    for (const store of opened) await store.close();
    await harness.cleanup();
  });

  describe(`LogStore conformance: ${driver}`, () => {
    it('starts empty: size 0, the empty root, no checkpoint, no entries', async () => {
      const { store } = await fresh();
      const head = await store.head();
      expect(head.size).toBe(0);
      expect(toHex(head.root)).toBe(toHex(EMPTY_ROOT));
      expect(head.checkpoint).toBeUndefined();
      expect(await store.readEntries(0, 10)).toEqual([]);
      expect(await store.findIndex(testEntry('absent').id)).toBeUndefined();
    });

    it('appends a batch: indices in order, the RFC 6962 root, a checkpoint that verifies', async () => {
      const { store } = await fresh();
      const entries = testEntries('a', 7);
      const outcome = await append(store, entries);
      expect(outcome.indices).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(outcome.appended).toBe(7);
      expect(toHex(outcome.head.root)).toBe(toHex(rootOf(entries)));
      const checkpoint = openTestCheckpoint(outcome.head.checkpoint!);
      expect(checkpoint.size).toBe(7);
      expect(toHex(checkpoint.root)).toBe(toHex(rootOf(entries)));
      const head = await store.head();
      expect(head.size).toBe(7);
      expect(head.checkpoint).toBe(outcome.head.checkpoint);
      const read = await store.readEntries(0, 100);
      expect(read.map((entry) => entry.id)).toEqual(entries.map((entry) => entry.id));
      expect(read.map((entry) => toHex(entry.bytes))).toEqual(
        entries.map((entry) => toHex(entry.bytes)),
      );
      expect(await store.findIndex(entries[4]!.id)).toBe(4);
    });

    it('keeps each id once: a repeat keeps its first index, inside a batch and across batches', async () => {
      const { store } = await fresh();
      const [a, b, c] = testEntries('dup', 3) as [
        ReturnType<typeof testEntry>,
        ReturnType<typeof testEntry>,
        ReturnType<typeof testEntry>,
      ];
      const first = await append(store, [a, b, a]);
      expect(first.indices).toEqual([0, 1, 0]);
      expect(first.appended).toBe(2);
      const second = await append(store, [b, c]);
      expect(second.indices).toEqual([1, 2]);
      expect(second.appended).toBe(1);
      const onlyRepeats = await append(store, [a, c]);
      expect(onlyRepeats.appended).toBe(0);
      expect(onlyRepeats.indices).toEqual([0, 2]);
      expect(onlyRepeats.head.size).toBe(3);
      expect(onlyRepeats.head.checkpoint).toBe(second.head.checkpoint);
      expect(onlyRepeats.nodes).toEqual([]);
      expect((await store.readEntries(0, 10)).length).toBe(3);
    });

    it('serves every inclusion and consistency proof from stored nodes, equal to the naive ones', async () => {
      const { store } = await fresh();
      const all = testEntries('p', 37);
      const sizes: number[] = [];
      for (const cut of [1, 2, 5, 16, 17, 30, 37]) {
        await append(store, all.slice(sizes.at(-1) ?? 0, cut));
        sizes.push(cut);
      }
      const leaves = all.map((entry) => hashLeaf(entry.bytes));
      for (const size of [1, 5, 16, 17, 37]) {
        for (let index = 0; index < size; index++) {
          const ranges = planInclusionProof(index, size);
          if (!ranges.ok) throw new Error(ranges.error.code);
          const nodes = await store.readNodes(proofNodeIds(ranges.value));
          const proof = ranges.value.map((range) =>
            hashRange(range, (id) => nodes.get(nodeKey(id))!),
          );
          expect(proof.map(toHex)).toEqual(
            naiveInclusionProof(index, leaves.slice(0, size)).map(toHex),
          );
        }
      }
      for (let i = 0; i < sizes.length; i++) {
        for (let j = i; j < sizes.length; j++) {
          const ranges = planConsistencyProof(sizes[i]!, sizes[j]!);
          if (!ranges.ok) throw new Error(ranges.error.code);
          const nodes = await store.readNodes(proofNodeIds(ranges.value));
          const proof = ranges.value.map((range) =>
            hashRange(range, (id) => nodes.get(nodeKey(id))!),
          );
          expect(proof.map(toHex)).toEqual(
            naiveConsistencyProof(sizes[i]!, leaves.slice(0, sizes[j]!)).map(toHex),
          );
          const oldCheckpoint = openTestCheckpoint((await store.checkpointAt(sizes[i]!))!);
          const newCheckpoint = openTestCheckpoint((await store.checkpointAt(sizes[j]!))!);
          const verdict = verifyConsistency({
            oldSize: oldCheckpoint.size,
            newSize: newCheckpoint.size,
            oldRoot: oldCheckpoint.root,
            newRoot: newCheckpoint.root,
            proof,
          });
          expect(verdict.ok).toBe(true);
        }
      }
    });

    it('names the checkpoint that first covered each entry', async () => {
      const { store } = await fresh();
      await append(store, testEntries('c1', 3));
      await append(store, testEntries('c2', 4));
      expect((await store.checkpointCovering(0))?.size).toBe(3);
      expect((await store.checkpointCovering(2))?.size).toBe(3);
      expect((await store.checkpointCovering(3))?.size).toBe(7);
      expect(await store.checkpointCovering(7)).toBeUndefined();
      expect(await store.checkpointAt(5)).toBeUndefined();
    });

    it('reports a missing Merkle node as store_corrupt', async () => {
      const { store } = await fresh();
      await append(store, testEntries('m', 4));
      await expect(store.readNodes([{ level: 0, index: 4 }])).rejects.toMatchObject({
        code: 'store_corrupt',
      });
      await expect(store.readNodes([{ level: 3, index: 0 }])).rejects.toBeInstanceOf(StoreError);
    });

    it('writes nothing when the batch fails inside its transaction', async () => {
      const { store } = await fresh();
      await append(store, testEntries('keep', 2));
      const failing = store.append({
        entries: testEntries('lost', 3),
        signCheckpoint: () => {
          throw new Error('signing key unavailable');
        },
      });
      await expect(failing).rejects.toThrow('signing key unavailable');
      const head = await store.head();
      expect(head.size).toBe(2);
      expect(await store.findIndex(testEntry('lost-0').id)).toBeUndefined();
      const after = await append(store, testEntries('lost', 3));
      expect(after.indices).toEqual([2, 3, 4]);
    });

    it('serialises concurrent appends: unique indices, one consistent tree', async () => {
      const { store } = await fresh();
      const batches = Array.from({ length: 8 }, (_, n) => testEntries(`concurrent-${n}`, 5));
      const outcomes = await Promise.all(batches.map((batch) => append(store, batch)));
      const indices = outcomes.flatMap((outcome) => [...outcome.indices]).sort((x, y) => x - y);
      expect(indices).toEqual(Array.from({ length: 40 }, (_, n) => n));
      const entries = await store.readEntries(0, 100);
      const head = await store.head();
      expect(toHex(head.root)).toBe(toHex(rootOf(entries)));
    });

    it('survives close and reopen, and refuses a database made for another log', async () => {
      const { store, location } = await fresh();
      const entries = testEntries('persist', 6);
      const outcome = await append(store, entries);
      await store.close();
      const reopened = await harness.open(location, TEST_ORIGIN);
      opened.push(reopened);
      const head = await reopened.head();
      expect(head.size).toBe(6);
      expect(head.checkpoint).toBe(outcome.head.checkpoint);
      const next = await append(reopened, testEntries('persist-more', 2));
      expect(next.indices).toEqual([6, 7]);
      await expect(harness.open(location, 'another.example/log')).rejects.toMatchObject({
        code: 'store_origin_mismatch',
      });
    });

    it(`clamps reads to READ_ENTRIES_MAX (${storeLimits.READ_ENTRIES_MAX}) and to the log size`, async () => {
      const { store } = await fresh();
      const count = storeLimits.READ_ENTRIES_MAX + 5;
      await append(store, testEntries('many', count));
      expect((await store.readEntries(0, count)).length).toBe(storeLimits.READ_ENTRIES_MAX);
      expect((await store.readEntries(count - 2, count + 50)).map((entry) => entry.index)).toEqual([
        count - 2,
        count - 1,
      ]);
      expect(await store.readEntries(count + 1, count + 3)).toEqual([]);
    });
  });
}
