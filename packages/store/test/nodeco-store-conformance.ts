/**
 * One conformance suite for every NodeCoStore driver: whatever the database, records, transfers
 * and their refusals follow the same rules. Each driver's test file calls
 * describeNodeCoStoreConformance with a harness that makes fresh, empty locations and opens
 * stores on them. Races, restarts and bounds continue in nodeco-store-races.ts.
 */
import { canonicalJson, type JsonValue } from '@mycel/kernel';
import { afterAll, describe, expect, it } from 'vitest';
import type { NodeCoStore } from '../src/nodeco/nodeco-store.js';
import { StoreError } from '../src/store-error.js';
import {
  type FreshNodeCoStore,
  HUGE_SHARES,
  type NodeCoStoreHarness,
  recordIdOf,
  recordInput,
  testNodeCoRecord,
  testShareTransfer,
  transferIdOf,
  transferInput,
} from './nodeco-store-fixtures.js';
import { describeNodeCoRacesAndBounds } from './nodeco-store-races.js';
import { AWKWARD_STATE } from './session-store-fixtures.js';

export type { NodeCoStoreHarness } from './nodeco-store-fixtures.js';

export function describeNodeCoStoreConformance(driver: string, harness: NodeCoStoreHarness): void {
  const opened: NodeCoStore[] = [];
  const keep = (store: NodeCoStore): void => {
    opened.push(store);
  };
  const fresh: FreshNodeCoStore = async () => {
    const location = await harness.freshLocation();
    const store = await harness.open(location);
    keep(store);
    return { store, location };
  };

  afterAll(async () => {
    for (const store of opened) await store.close();
    await harness.cleanup();
  });

  describe(`NodeCoStore conformance: ${driver}`, () => {
    it('starts empty', async () => {
      const { store } = await fresh();
      expect(store.driver).toBe(driver);
      expect(await store.nodes()).toEqual([]);
      expect(await store.documents('did:key:z6MkNode')).toBeUndefined();
    });

    it('saves a record once: the same id again is duplicate, another id is nodeco_exists', async () => {
      const { store } = await fresh();
      const node = 'did:key:z6MkSave';
      const first = recordInput(node);
      expect(await store.saveRecord(first)).toBe('saved');
      // A retry, even one carrying other signatures or another time, keeps the first document.
      const resigned = testNodeCoRecord(node, { signatures: [{ by: node, sig: 'b3RoZXI=' }] });
      expect(await store.saveRecord({ ...first, record: resigned, atMs: 9 })).toBe('duplicate');
      const other = recordInput(node, { recordId: 'nodeco:another' });
      const refusal = store.saveRecord(other);
      await expect(refusal).rejects.toBeInstanceOf(StoreError);
      await expect(refusal).rejects.toMatchObject({ code: 'nodeco_exists' });
      expect(await store.documents(node)).toEqual({
        node,
        recordId: recordIdOf(node),
        record: first.record,
        transfers: [],
        savedAtMs: first.atMs,
      });
      expect(await store.nodes()).toEqual([node]);
    });

    it('lists nodes with a record in byte order', async () => {
      const { store } = await fresh();
      for (const node of ['did:key:zb', 'did:key:zZ', 'did:key:za', 'did:key:z1']) {
        expect(await store.saveRecord(recordInput(node))).toBe('saved');
      }
      // 'Z' sorts before 'a' in byte order, whatever the database's locale says.
      expect(await store.nodes()).toEqual(['did:key:z1', 'did:key:zZ', 'did:key:za', 'did:key:zb']);
    });

    it('round-trips documents exactly: values, unicode, huge share strings, whatever the key order', async () => {
      const { store } = await fresh();
      const node = 'did:key:z6MkRoundTrip';
      const record = testNodeCoRecord(node, { annex: AWKWARD_STATE, memo: 'தமிழ் 😀' });
      expect(await store.saveRecord(recordInput(node, { record }))).toBe('saved');
      const transfer = testShareTransfer(node, 'Huge', HUGE_SHARES);
      expect(await store.appendTransfer(transferInput(node, 'Huge', 0, { transfer }))).toBe(
        'appended',
      );
      const documents = (await store.documents(node))!;
      expect(documents.record).toEqual(record);
      expect(documents.transfers[0]!.transfer).toEqual(transfer);
      // The same values, so the same canonical bytes: signatures over them still verify.
      expect(canonicalJson(documents.record)).toBe(canonicalJson(record));
      expect(canonicalJson(documents.transfers[0]!.transfer)).toBe(canonicalJson(transfer));
      const owners = (documents.record as { owners: { shares: JsonValue }[] }).owners;
      expect(owners[0]!.shares).toBe(HUGE_SHARES);
      const annex = (documents.record as { annex: Record<string, JsonValue> }).annex;
      expect(Object.hasOwn(annex, '__proto__')).toBe(true);
    });

    it('appends transfers in order, compare-and-set on the count', async () => {
      const { store } = await fresh();
      const node = 'did:key:z6MkAppend';
      await store.saveRecord(recordInput(node));
      expect(await store.appendTransfer(transferInput(node, 'B', 0))).toBe('appended');
      expect(await store.appendTransfer(transferInput(node, 'C', 1))).toBe('appended');
      for (const expectedCount of [0, 1, 3]) {
        const refusal = store.appendTransfer(transferInput(node, 'D', expectedCount));
        await expect(refusal).rejects.toBeInstanceOf(StoreError);
        await expect(refusal).rejects.toMatchObject({ code: 'nodeco_transfer_conflict' });
      }
      expect(await store.appendTransfer(transferInput(node, 'D', 2))).toBe('appended');
      const documents = (await store.documents(node))!;
      expect(documents.transfers).toEqual(
        ['B', 'C', 'D'].map((label, index) => ({
          id: transferIdOf(node, label),
          transfer: testShareTransfer(node, label),
          atMs: transferInput(node, label, index).atMs,
        })),
      );
    });

    it('answers a transfer already in the history with duplicate, whatever the count, and keeps the first', async () => {
      const { store } = await fresh();
      const node = 'did:key:z6MkRetry';
      await store.saveRecord(recordInput(node));
      const first = transferInput(node, 'B', 0);
      expect(await store.appendTransfer(first)).toBe('appended');
      expect(await store.appendTransfer(first)).toBe('duplicate');
      expect(await store.appendTransfer({ ...first, expectedCount: 7 })).toBe('duplicate');
      expect(await store.appendTransfer(transferInput(node, 'C', 1))).toBe('appended');
      const resent = { ...first, transfer: testShareTransfer(node, 'B', '999'), expectedCount: 2 };
      expect(await store.appendTransfer(resent)).toBe('duplicate');
      const documents = (await store.documents(node))!;
      expect(documents.transfers.map((entry) => entry.id)).toEqual([
        transferIdOf(node, 'B'),
        transferIdOf(node, 'C'),
      ]);
      expect(documents.transfers[0]!.transfer).toEqual(first.transfer);
    });

    it('refuses a transfer for a node without a record with nodeco_unknown', async () => {
      const { store } = await fresh();
      const node = 'did:key:z6MkNobody';
      for (const expectedCount of [0, 1]) {
        await expect(
          store.appendTransfer(transferInput(node, 'B', expectedCount)),
        ).rejects.toMatchObject({ code: 'nodeco_unknown' });
      }
      expect(await store.documents(node)).toBeUndefined();
      expect(await store.nodes()).toEqual([]);
    });

    it('keeps each node’s history apart: the same transfer id may appear under two nodes', async () => {
      const { store } = await fresh();
      const [east, west] = ['did:key:z6MkEast', 'did:key:z6MkWest'];
      await store.saveRecord(recordInput(east));
      await store.saveRecord(recordInput(west));
      const shared = transferInput(east, 'B', 0, { id: 'share-transfer:same' });
      expect(await store.appendTransfer(shared)).toBe('appended');
      expect(await store.appendTransfer({ ...shared, node: west })).toBe('appended');
      expect(await store.appendTransfer(transferInput(west, 'C', 1))).toBe('appended');
      expect((await store.documents(east))!.transfers).toHaveLength(1);
      expect((await store.documents(west))!.transfers).toHaveLength(2);
    });

    it('keeps times up to Number.MAX_SAFE_INTEGER exactly', async () => {
      const { store } = await fresh();
      const node = 'did:key:z6MkTime';
      const max = Number.MAX_SAFE_INTEGER;
      await store.saveRecord(recordInput(node, { atMs: max }));
      await store.appendTransfer(transferInput(node, 'B', 0, { atMs: max - 1 }));
      const documents = (await store.documents(node))!;
      expect(documents.savedAtMs).toBe(max);
      expect(documents.transfers[0]!.atMs).toBe(max - 1);
    });

    describeNodeCoRacesAndBounds(harness, fresh, keep);
  });
}
