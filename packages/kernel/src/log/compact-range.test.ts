import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  REFERENCE_LEAF_HASHES,
  REFERENCE_NODE_HASHES,
  REFERENCE_ROOTS,
  syntheticLeafHashes,
} from '../../test/log-test-support.js';
import { toHex } from '../bytes.js';
import { LOG_SIZE_MAX } from '../limits.js';
import { appendLeaves, frontierIds, rootFromFrontier } from './compact-range.js';
import { EMPTY_ROOT, type NodeId, nodeKey } from './merkle-hash.js';
import { naiveRoot } from './naive-merkle.js';
import { powerOfTwo } from './tree-math.js';

/** Every perfect subtree inside [0, size): floor(size / 2^level) of them per level. */
function allPerfectSubtrees(size: number): string[] {
  const keys: string[] = [];
  for (let level = 0; powerOfTwo(level) <= size; level++) {
    const count = Math.floor(size / powerOfTwo(level));
    for (let index = 0; index < count; index++) keys.push(nodeKey({ level, index }));
  }
  return keys.sort();
}

function leavesOf(id: NodeId): [number, number] {
  const width = powerOfTwo(id.level);
  return [id.index * width, (id.index + 1) * width];
}

describe('frontierIds', () => {
  it('lists one perfect subtree per set bit of the size, largest first', () => {
    expect(frontierIds(0)).toEqual([]);
    expect(frontierIds(1)).toEqual([{ level: 0, index: 0 }]);
    expect(frontierIds(6)).toEqual([
      { level: 2, index: 0 },
      { level: 1, index: 2 },
    ]);
    expect(frontierIds(7)).toEqual([
      { level: 2, index: 0 },
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
    expect(frontierIds(8)).toEqual([{ level: 3, index: 0 }]);
  });

  it('handles the largest tree size without 32-bit arithmetic', () => {
    const ids = frontierIds(LOG_SIZE_MAX);
    expect(ids).toHaveLength(53);
    expect(ids[0]).toEqual({ level: 52, index: 0 });
    expect(ids.at(-1)).toEqual({ level: 0, index: LOG_SIZE_MAX - 1 });
    expect(frontierIds(2 ** 33 + 5).map((id) => leavesOf(id))).toEqual([
      [0, 2 ** 33],
      [2 ** 33, 2 ** 33 + 4],
      [2 ** 33 + 4, 2 ** 33 + 5],
    ]);
  });

  it('covers [0, size) with adjacent ranges for any size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: LOG_SIZE_MAX }), (size) => {
        let covered = 0;
        for (const id of frontierIds(size)) {
          const [start, end] = leavesOf(id);
          expect(start).toBe(covered);
          covered = end;
        }
        expect(covered).toBe(size);
      }),
    );
  });
});

describe('rootFromFrontier', () => {
  it('gives a copy of the empty root for the empty frontier', () => {
    const root = rootFromFrontier([]);
    expect(root).toEqual(EMPTY_ROOT);
    expect(root).not.toBe(EMPTY_ROOT);
  });

  it('folds the published compact trees to the published roots', () => {
    // testonly/constants.go CompactTrees(): the frontier of each size 0..8 as NodeHashes entries.
    for (let size = 0; size <= 8; size++) {
      const frontier = frontierIds(size).map((id) => REFERENCE_NODE_HASHES[id.level]![id.index]!);
      expect(toHex(rootFromFrontier(frontier))).toBe(toHex(REFERENCE_ROOTS[size]!));
    }
  });
});

describe('appendLeaves', () => {
  it('reaches the published root of every size 1..8, one leaf at a time', () => {
    let state = appendLeaves(0, [], []);
    for (const [position, leafHash] of REFERENCE_LEAF_HASHES.entries()) {
      state = appendLeaves(state.size, state.frontier, [leafHash]);
      expect(state.size).toBe(position + 1);
      expect(toHex(state.root)).toBe(toHex(REFERENCE_ROOTS[position + 1]!));
    }
  });

  it('reports every completed perfect subtree with the published hashes', () => {
    const result = appendLeaves(0, [], REFERENCE_LEAF_HASHES);
    expect(result.nodes.map((node) => nodeKey(node.id)).sort()).toEqual(allPerfectSubtrees(8));
    for (const { id, hash } of result.nodes) {
      expect(toHex(hash), nodeKey(id)).toBe(toHex(REFERENCE_NODE_HASHES[id.level]![id.index]!));
    }
    expect(result.frontier).toEqual([REFERENCE_NODE_HASHES[3]![0]]);
  });

  it('leaves the tree as it was for an empty batch and does not touch its inputs', () => {
    const first = appendLeaves(0, [], REFERENCE_LEAF_HASHES.slice(0, 5));
    const frontierBefore = first.frontier.map(toHex);
    const same = appendLeaves(first.size, first.frontier, []);
    expect(same).toEqual({ size: 5, frontier: first.frontier, nodes: [], root: first.root });
    appendLeaves(first.size, first.frontier, REFERENCE_LEAF_HASHES.slice(5));
    expect(first.frontier.map(toHex)).toEqual(frontierBefore);
  });

  it('matches the naive root and stores each perfect subtree exactly once, in any batch split', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 20 }),
        (size, batchSizes) => {
          const leaves = syntheticLeafHashes(size);
          let state = appendLeaves(0, [], []);
          const keys: string[] = [];
          let offset = 0;
          for (const batchSize of [...batchSizes, size]) {
            const batch = leaves.slice(offset, Math.min(offset + batchSize, size));
            offset += batch.length;
            state = appendLeaves(state.size, state.frontier, batch);
            for (const { id, hash } of state.nodes) {
              keys.push(nodeKey(id));
              const [start, end] = leavesOf(id);
              expect(toHex(hash)).toBe(toHex(naiveRoot(leaves.slice(start, end))));
            }
          }
          expect(state.size).toBe(size);
          expect(toHex(state.root)).toBe(toHex(naiveRoot(leaves)));
          expect(keys.sort()).toEqual(allPerfectSubtrees(size));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('matches the naive root for every size 0..70', () => {
    const leaves = syntheticLeafHashes(70);
    let state = appendLeaves(0, [], []);
    for (let size = 0; size <= 70; size++) {
      expect(toHex(state.root), `size ${size}`).toBe(toHex(naiveRoot(leaves.slice(0, size))));
      state = appendLeaves(state.size, state.frontier, leaves.slice(size, size + 1));
    }
  });

  it('asserts that the frontier matches the size (the store state is corrupt otherwise)', () => {
    expect(() => appendLeaves(3, [REFERENCE_ROOTS[2]!], [])).toThrow();
    expect(() => appendLeaves(-1, [], [])).toThrow();
    expect(() => appendLeaves(0, [], [new Uint8Array(31)])).toThrow();
  });
});
