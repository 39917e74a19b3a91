/**
 * The NodeCo store conformance suite, continued: two store instances racing on one location
 * (one transaction decides), a restart (close and reopen), and the bounds and input ranges,
 * each refusal leaving nothing behind. Called inside describeNodeCoStoreConformance's describe.
 */
import { canonicalBytes, type JsonValue } from '@mycel/kernel';
import { expect, it } from 'vitest';
import { NODECO_DOCUMENT_BYTES_MAX } from '../src/nodeco/nodeco-limits.js';
import type { NodeCoStore } from '../src/nodeco/nodeco-store.js';
import {
  type FreshNodeCoStore,
  type NodeCoStoreHarness,
  recordInput,
  testNodeCoRecord,
  testShareTransfer,
  transferIdOf,
  transferInput,
} from './nodeco-store-fixtures.js';

const RACE_ROUNDS = 10;

export function describeNodeCoRacesAndBounds(
  harness: NodeCoStoreHarness,
  fresh: FreshNodeCoStore,
  /** Stores opened here, for the suite to close afterwards. */
  keep: (store: NodeCoStore) => void,
): void {
  async function twoInstances(): Promise<[NodeCoStore, NodeCoStore]> {
    const { store, location } = await fresh();
    const other = await harness.open(location);
    keep(other);
    return [store, other];
  }

  it('lets exactly one of two instances append on count 0; the other gets nodeco_transfer_conflict', async () => {
    const [first, second] = await twoInstances();
    for (let round = 0; round < RACE_ROUNDS; round++) {
      const node = `did:key:z6MkRace${round}`;
      await first.saveRecord(recordInput(node));
      const labels = ['A', 'B', 'C', 'D'];
      const settled = await Promise.allSettled(
        labels.map((label, n) =>
          (n % 2 === 0 ? first : second).appendTransfer(transferInput(node, label, 0)),
        ),
      );
      const appended = settled.flatMap((outcome, n) =>
        outcome.status === 'fulfilled' ? [{ label: labels[n]!, value: outcome.value }] : [],
      );
      expect(appended.map((entry) => entry.value)).toEqual(['appended']);
      for (const outcome of settled) {
        if (outcome.status === 'rejected') {
          expect(outcome.reason).toMatchObject({ code: 'nodeco_transfer_conflict' });
        }
      }
      const winner = appended[0]!.label;
      for (const store of [first, second]) {
        const documents = (await store.documents(node))!;
        expect(documents.transfers.map((entry) => entry.id)).toEqual([transferIdOf(node, winner)]);
      }
    }
  });

  it('appends one transfer sent by both instances at once exactly once', async () => {
    const [first, second] = await twoInstances();
    const node = 'did:key:z6MkBurst';
    await first.saveRecord(recordInput(node));
    const transfer = transferInput(node, 'B', 0);
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, (_, n) => (n % 2 === 0 ? first : second).appendTransfer(transfer)),
    );
    expect(outcomes.filter((outcome) => outcome === 'appended')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'duplicate')).toHaveLength(5);
    expect((await second.documents(node))!.transfers).toHaveLength(1);
  });

  it('lets exactly one of two instances save a node’s record', async () => {
    const [first, second] = await twoInstances();
    for (let round = 0; round < RACE_ROUNDS; round++) {
      const node = `did:key:z6MkClaim${round}`;
      const settled = await Promise.allSettled(
        [0, 1, 2, 3].map((n) =>
          (n % 2 === 0 ? first : second).saveRecord(
            recordInput(node, { recordId: `nodeco:claim-${n}` }),
          ),
        ),
      );
      expect(settled.filter((outcome) => outcome.status === 'fulfilled')).toEqual([
        { status: 'fulfilled', value: 'saved' },
      ]);
      for (const outcome of settled) {
        if (outcome.status === 'rejected') {
          expect(outcome.reason).toMatchObject({ code: 'nodeco_exists' });
        }
      }
      const same = await Promise.all(
        [first, second].map((store) => store.saveRecord(recordInput(`${node}-same`))),
      );
      expect([...same].sort()).toEqual(['duplicate', 'saved']);
    }
  });

  it('survives close and reopen: the documents, and the count the next append compares against', async () => {
    const { store, location } = await fresh();
    const node = 'did:key:z6MkDurable';
    await store.saveRecord(recordInput(node));
    await store.appendTransfer(transferInput(node, 'B', 0));
    await store.appendTransfer(transferInput(node, 'C', 1));
    const before = await store.documents(node);
    await store.close();
    await store.close(); // closing twice is harmless
    const reopened = await harness.open(location);
    keep(reopened);
    expect(await reopened.documents(node)).toEqual(before);
    expect(await reopened.nodes()).toEqual([node]);
    expect(await reopened.saveRecord(recordInput(node))).toBe('duplicate');
    expect(await reopened.appendTransfer(transferInput(node, 'C', 1))).toBe('duplicate');
    await expect(reopened.appendTransfer(transferInput(node, 'D', 1))).rejects.toMatchObject({
      code: 'nodeco_transfer_conflict',
    });
    expect(await reopened.appendTransfer(transferInput(node, 'D', 2))).toBe('appended');
  });

  it(`refuses a record or transfer over NODECO_DOCUMENT_BYTES_MAX (${NODECO_DOCUMENT_BYTES_MAX}) bytes of canonical JSON, and saves nothing`, async () => {
    const { store } = await fresh();
    const max = NODECO_DOCUMENT_BYTES_MAX;
    const padded = (node: string, pad: string): JsonValue => testNodeCoRecord(node, { pad });
    const overhead = canonicalBytes(padded('did:key:z6MkBig', '')).length;
    const overByOne = padded('did:key:z6MkBig', 'x'.repeat(max - overhead + 1));
    // Bytes, not characters: fewer characters than the bound, twice as many bytes.
    const overInBytes = padded('did:key:z6MkBig', 'é'.repeat(max / 2));
    for (const record of [overByOne, overInBytes]) {
      await expect(
        store.saveRecord(recordInput('did:key:z6MkBig', { record })),
      ).rejects.toMatchObject({ code: 'nodeco_document_too_large' });
    }
    expect(await store.documents('did:key:z6MkBig')).toBeUndefined();
    expect(await store.nodes()).toEqual([]);
    const atMax = padded('did:key:z6MkBig', 'x'.repeat(max - overhead));
    expect(await store.saveRecord(recordInput('did:key:z6MkBig', { record: atMax }))).toBe('saved');
    expect((await store.documents('did:key:z6MkBig'))!.record).toEqual(atMax);

    const node = 'did:key:z6MkBig';
    const transferOverhead = canonicalBytes(testShareTransfer(node, 'B')).length;
    const hugeTransfer = {
      ...(testShareTransfer(node, 'B') as Record<string, JsonValue>),
      memo: 'x'.repeat(max - transferOverhead),
    };
    await expect(
      store.appendTransfer(transferInput(node, 'B', 0, { transfer: hugeTransfer })),
    ).rejects.toMatchObject({ code: 'nodeco_document_too_large' });
    expect((await store.documents(node))!.transfers).toEqual([]);
    expect(await store.appendTransfer(transferInput(node, 'B', 0))).toBe('appended');
  });

  it('refuses inputs out of range with nodeco_record_invalid before anything else, and saves nothing', async () => {
    const { store } = await fresh();
    const node = 'did:key:z6MkRange';
    const deep = Array.from({ length: 40 }).reduce<JsonValue>((inner) => [inner], 'bottom');
    const records: unknown[] = [
      { node: '' },
      { recordId: '' },
      { recordId: 'x'.repeat(257) },
      { node: 'did:key:\u0000nul' },
      { node: 'did:key:\ud800lone' },
      { atMs: -1 },
      { atMs: 1.5 },
      { atMs: Number.MAX_SAFE_INTEGER + 1 },
      { atMs: Number.NaN },
      { atMs: '5' },
      { record: testNodeCoRecord(node, { shares: 5n as unknown as JsonValue }) },
      { record: testNodeCoRecord(node, { ratio: Number.POSITIVE_INFINITY }) },
      { record: testNodeCoRecord(node, { list: [1, undefined as unknown as JsonValue] }) },
      { record: testNodeCoRecord(node, { when: new Date(0) as unknown as JsonValue }) },
      { record: testNodeCoRecord(node, { text: 'lone \udc00' }) },
      { record: testNodeCoRecord(node, { deep }) },
      { record: undefined },
    ];
    for (const fields of records) {
      await expect(
        store.saveRecord({ ...recordInput(node), ...(fields as object) }),
      ).rejects.toMatchObject({ code: 'nodeco_record_invalid' });
    }
    expect(await store.nodes()).toEqual([]);
    await store.saveRecord(recordInput(node));
    const transfers: unknown[] = [
      { node: '' },
      { id: '' },
      { expectedCount: -1 },
      { expectedCount: 0.5 },
      { atMs: -5 },
      { transfer: testShareTransfer(node, 'B', 7n as unknown as string) },
    ];
    for (const fields of transfers) {
      await expect(
        store.appendTransfer({ ...transferInput(node, 'B', 0), ...(fields as object) }),
      ).rejects.toMatchObject({ code: 'nodeco_record_invalid' });
    }
    expect((await store.documents(node))!.transfers).toEqual([]);
  });
}
