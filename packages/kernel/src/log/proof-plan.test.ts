import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildNodeStore,
  KNOWN_CONSISTENCY_PROOFS,
  KNOWN_INCLUSION_PROOFS,
  REFERENCE_LEAF_HASHES,
  syntheticLeafHashes,
} from '../../test/log-test-support.js';
import { toHex } from '../bytes.js';
import { LOG_SIZE_MAX, MERKLE_PROOF_HASHES_MAX } from '../limits.js';
import { type Hash, type NodeId, nodeKey } from './merkle-hash.js';
import { naiveConsistencyProof, naiveInclusionProof } from './naive-merkle.js';
import {
  consistencyProofRanges,
  hashRange,
  inclusionProofRanges,
  type LeafRange,
  planConsistencyProof,
  planInclusionProof,
  proofNodeIds,
  rangeNodeIds,
} from './proof-plan.js';

const hexes = (hashes: readonly Hash[]) => hashes.map(toHex);

/** What an I/O shell does: plan, read the union of nodes in one batch, assemble the proof. */
function assembleProof(ranges: readonly LeafRange[], readNode: (id: NodeId) => Hash): Hash[] {
  const batch = new Map<string, Hash>();
  for (const id of proofNodeIds(ranges)) batch.set(nodeKey(id), readNode(id));
  const fromBatch = (id: NodeId): Hash => {
    const hash = batch.get(nodeKey(id));
    if (hash === undefined) throw new Error(`node ${nodeKey(id)} missing from the batch`);
    return hash;
  };
  return ranges.map((range) => hashRange(range, fromBatch));
}

function planned<T>(result: { ok: true; value: T } | { ok: false }): T {
  if (!result.ok) throw new Error('expected a plan');
  return result.value;
}

describe('proof ranges', () => {
  it('names the RFC 6962 PATH subtrees, leaf upwards', () => {
    expect(inclusionProofRanges(0, 1)).toEqual([]);
    expect(inclusionProofRanges(0, 8)).toEqual([
      { start: 1, end: 2 },
      { start: 2, end: 4 },
      { start: 4, end: 8 },
    ]);
    expect(inclusionProofRanges(4, 7)).toEqual([
      { start: 5, end: 6 },
      { start: 6, end: 7 },
      { start: 0, end: 4 },
    ]);
  });

  it('names the RFC 6962 SUBPROOF subtrees, in proof order', () => {
    expect(consistencyProofRanges(0, 5)).toEqual([]);
    expect(consistencyProofRanges(5, 5)).toEqual([]);
    expect(consistencyProofRanges(4, 8)).toEqual([{ start: 4, end: 8 }]);
    expect(consistencyProofRanges(6, 8)).toEqual([
      { start: 4, end: 6 },
      { start: 6, end: 8 },
      { start: 0, end: 4 },
    ]);
    expect(consistencyProofRanges(2, 5)).toEqual([
      { start: 2, end: 4 },
      { start: 4, end: 5 },
    ]);
  });

  it('never plans more than MERKLE_PROOF_HASHES_MAX hashes, even at LOG_SIZE_MAX', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: LOG_SIZE_MAX }),
        fc.integer({ min: 0, max: LOG_SIZE_MAX }),
        (size, other) => {
          const index = other % size;
          expect(inclusionProofRanges(index, size).length).toBeLessThanOrEqual(53);
          expect(consistencyProofRanges(index + 1, size).length).toBeLessThanOrEqual(54);
        },
      ),
    );
    expect(consistencyProofRanges(2 ** 52 + 1, LOG_SIZE_MAX)).toHaveLength(54);
    expect(54).toBeLessThanOrEqual(MERKLE_PROOF_HASHES_MAX);
  });

  it('decomposes a range into the perfect subtrees whose fold is its MTH', () => {
    expect(rangeNodeIds({ start: 4, end: 7 })).toEqual([
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
    expect(rangeNodeIds({ start: 0, end: 8 })).toEqual([{ level: 3, index: 0 }]);
    expect(rangeNodeIds({ start: 3, end: 3 })).toEqual([]);
    expect(rangeNodeIds({ start: 2 ** 40, end: 2 ** 40 + 3 })).toEqual([
      { level: 1, index: 2 ** 39 },
      { level: 0, index: 2 ** 40 + 2 },
    ]);
  });

  it('refuses ranges that are not MTH subtrees of the log (a planner bug, so it throws)', () => {
    expect(() => rangeNodeIds({ start: 1, end: 3 })).toThrow();
    expect(() => rangeNodeIds({ start: 5, end: 4 })).toThrow();
    expect(() => rangeNodeIds({ start: -2, end: 0 })).toThrow();
  });

  it('de-duplicates the nodes of a batch and keeps first-use order', () => {
    const ranges = [
      { start: 0, end: 4 },
      { start: 4, end: 6 },
      { start: 0, end: 4 },
      { start: 4, end: 7 },
    ];
    expect(proofNodeIds(ranges)).toEqual([
      { level: 2, index: 0 },
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
  });
});

describe('planning attacker-supplied indices and sizes', () => {
  it('rejects bad sizes with log_size_invalid', () => {
    for (const size of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, LOG_SIZE_MAX + 1]) {
      expect(planInclusionProof(0, size)).toMatchObject({
        ok: false,
        error: { code: 'log_size_invalid' },
      });
      expect(planConsistencyProof(0, size)).toMatchObject({
        ok: false,
        error: { code: 'log_size_invalid' },
      });
      expect(planConsistencyProof(size, 10)).toMatchObject({
        ok: false,
        error: { code: 'log_size_invalid' },
      });
    }
    expect(planConsistencyProof(6, 5)).toMatchObject({
      ok: false,
      error: { code: 'log_size_invalid', path: 'oldSize' },
    });
  });

  it('rejects indices outside the tree with log_index_out_of_range', () => {
    for (const [index, size] of [
      [0, 0],
      [5, 5],
      [-1, 5],
      [0.5, 5],
      [Number.NaN, 5],
      [LOG_SIZE_MAX, LOG_SIZE_MAX],
    ] as const) {
      expect(planInclusionProof(index, size)).toMatchObject({
        ok: false,
        error: { code: 'log_index_out_of_range', path: 'index' },
      });
    }
  });

  it('plans proofs for the extremes of the valid range', () => {
    expect(planned(planInclusionProof(0, LOG_SIZE_MAX))).toHaveLength(53);
    // The last leaf is its own frontier subtree: one sibling per other frontier subtree.
    expect(planned(planInclusionProof(LOG_SIZE_MAX - 1, LOG_SIZE_MAX))).toHaveLength(52);
    expect(planned(planConsistencyProof(0, LOG_SIZE_MAX))).toEqual([]);
    expect(planned(planConsistencyProof(LOG_SIZE_MAX, LOG_SIZE_MAX))).toEqual([]);
  });
});

describe('proofs assembled from stored nodes equal the naive RFC 6962 proofs', () => {
  it('reproduces the published proofs from the reference tree', () => {
    const { store } = buildNodeStore(REFERENCE_LEAF_HASHES, [3, 1]);
    for (const { index, size, proof } of KNOWN_INCLUSION_PROOFS) {
      const ranges = planned(planInclusionProof(index, size));
      expect(hexes(assembleProof(ranges, store.readNode))).toEqual(hexes(proof));
    }
    for (const { oldSize, newSize, proof } of KNOWN_CONSISTENCY_PROOFS) {
      const ranges = planned(planConsistencyProof(oldSize, newSize));
      expect(hexes(assembleProof(ranges, store.readNode))).toEqual(hexes(proof));
    }
  });

  it('for every index and every old size of every tree size 1..70', () => {
    const leaves = syntheticLeafHashes(70);
    const { store } = buildNodeStore(leaves, [1, 2, 3, 5, 8, 13]);
    for (let size = 1; size <= 70; size++) {
      const tree = leaves.slice(0, size);
      for (let index = 0; index < size; index++) {
        const ranges = planned(planInclusionProof(index, size));
        const expected = hexes(naiveInclusionProof(index, tree));
        expect(hexes(assembleProof(ranges, store.readNode)), `${index}/${size}`).toEqual(expected);
      }
      for (let oldSize = 0; oldSize <= size; oldSize++) {
        const ranges = planned(planConsistencyProof(oldSize, size));
        const expected = hexes(naiveConsistencyProof(oldSize, tree));
        expect(hexes(assembleProof(ranges, store.readNode)), `${oldSize}/${size}`).toEqual(
          expected,
        );
      }
    }
  });

  it('for random trees of up to 3000 leaves appended in random batches', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }),
        fc.array(fc.integer({ min: 1, max: 700 }), { maxLength: 8 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        (size, batchSizes, picks) => {
          const leaves = syntheticLeafHashes(size, `tree-${size}`);
          const { store } = buildNodeStore(leaves, batchSizes);
          for (const pick of picks) {
            const index = pick % size;
            const inclusion = assembleProof(
              planned(planInclusionProof(index, size)),
              store.readNode,
            );
            expect(hexes(inclusion)).toEqual(hexes(naiveInclusionProof(index, leaves)));
            const oldSize = pick % (size + 1);
            const ranges = planned(planConsistencyProof(oldSize, size));
            const consistency = assembleProof(ranges, store.readNode);
            expect(hexes(consistency)).toEqual(hexes(naiveConsistencyProof(oldSize, leaves)));
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
