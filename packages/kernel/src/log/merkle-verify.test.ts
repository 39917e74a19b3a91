import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  flipBit,
  KNOWN_CONSISTENCY_PROOFS,
  KNOWN_INCLUSION_PROOFS,
  REFERENCE_LEAF_HASHES,
  REFERENCE_ROOTS,
  syntheticLeafHashes,
} from '../../test/log-test-support.js';
import {
  CONSISTENCY_INVALID,
  type ConsistencyClaim,
  consistencyCode,
  consistencyMutations,
  expectAllRejected,
  INCLUSION_INVALID,
  inclusionCode,
  inclusionMutations,
  outcome,
  SOME_HASH,
} from '../../test/merkle-mutations.js';
import { LOG_SIZE_MAX, MERKLE_PROOF_HASHES_MAX } from '../limits.js';
import { EMPTY_ROOT, type Hash, hashChildren, hashLeaf, nodeKey } from './merkle-hash.js';
import { verifyConsistency, verifyInclusion } from './merkle-verify.js';
import { naiveConsistencyProof, naiveInclusionProof, naiveRoot } from './naive-merkle.js';
import { consistencyProofRanges, hashRange, inclusionProofRanges } from './proof-plan.js';
import { isPowerOfTwo, splitPoint } from './tree-math.js';

describe('verifyInclusion: published vectors', () => {
  it('accepts every published inclusion proof and rejects every corruption of it', () => {
    for (const { index, size, proof } of KNOWN_INCLUSION_PROOFS) {
      const claim = {
        index,
        size,
        leafHash: REFERENCE_LEAF_HASHES[index]!,
        proof,
        root: REFERENCE_ROOTS[size]!,
      };
      expect(outcome(verifyInclusion(claim)), `${index}/${size}`).toBe('ok');
      expectAllRejected(`${index}/${size}`, inclusionMutations(claim), verifyInclusion);
    }
  });

  it('handles the single-entry tree: the leaf hash is the root, the proof is empty', () => {
    const hash = hashLeaf(new TextEncoder().encode('data'));
    const claim = { index: 0, size: 1, leafHash: hash, proof: [], root: hash };
    expect(outcome(verifyInclusion(claim))).toBe('ok');
    expect(outcome(verifyInclusion({ ...claim, leafHash: new Uint8Array() }))).toBe(
      INCLUSION_INVALID,
    );
    expect(outcome(verifyInclusion({ ...claim, root: new Uint8Array() }))).toBe(INCLUSION_INVALID);
    expect(outcome(verifyInclusion({ ...claim, root: SOME_HASH }))).toBe(INCLUSION_INVALID);
  });

  it('rejects indices outside the tree and bad sizes before hashing', () => {
    const base = { leafHash: SOME_HASH, proof: [], root: EMPTY_ROOT };
    for (const [index, size] of [
      [0, 0],
      [1, 0],
      [2, 1],
      [-1, 4],
      [1.5, 4],
    ] as const) {
      expect(outcome(verifyInclusion({ ...base, index, size }))).toBe('log_index_out_of_range');
    }
    for (const size of [-1, 2.5, Number.NaN, LOG_SIZE_MAX + 1]) {
      expect(outcome(verifyInclusion({ ...base, index: 0, size }))).toBe('log_size_invalid');
    }
  });

  it('rejects over-long proofs and hashes of the wrong length, naming the place', () => {
    const claim = {
      index: 0,
      size: 2,
      leafHash: REFERENCE_LEAF_HASHES[0]!,
      root: REFERENCE_ROOTS[2]!,
    };
    const tooLong = Array.from({ length: MERKLE_PROOF_HASHES_MAX + 1 }, () => SOME_HASH);
    expect(verifyInclusion({ ...claim, proof: tooLong })).toMatchObject({
      ok: false,
      error: { code: INCLUSION_INVALID, path: 'proof' },
    });
    const short = [REFERENCE_LEAF_HASHES[1]!.subarray(0, 31)];
    expect(verifyInclusion({ ...claim, proof: short })).toMatchObject({
      ok: false,
      error: { code: INCLUSION_INVALID, path: 'proof/0' },
    });
  });

  it('binds the root, not the size alone: a proof may fit two sizes but only one root', () => {
    // PATH(4, D[7]) and PATH(4, D[8]) hash in the same order (right, right, left), so the size-7
    // proof recomputes the size-7 root under either claimed size. What a signed checkpoint binds
    // is (size, root): against the real size-8 root the size-7 proof fails.
    const leaves = REFERENCE_LEAF_HASHES;
    const proof = naiveInclusionProof(4, leaves.slice(0, 7));
    const claim = { index: 4, size: 7, leafHash: leaves[4]!, proof, root: REFERENCE_ROOTS[7]! };
    expect(outcome(verifyInclusion(claim))).toBe('ok');
    expect(outcome(verifyInclusion({ ...claim, size: 8 }))).toBe('ok');
    expect(outcome(verifyInclusion({ ...claim, size: 8, root: REFERENCE_ROOTS[8]! }))).toBe(
      INCLUSION_INVALID,
    );
  });
});

describe('verifyInclusion: every proof of every tree up to 40 leaves', () => {
  it('accepts the naive proofs and rejects every mutation, wrong index and wrong size', () => {
    const leaves = syntheticLeafHashes(41);
    const roots = leaves.map((_, size) => naiveRoot(leaves.slice(0, size)));
    roots.push(naiveRoot(leaves));
    for (let size = 1; size <= 40; size++) {
      for (let index = 0; index < size; index++) {
        const proof = naiveInclusionProof(index, leaves.slice(0, size));
        const claim = { index, size, leafHash: leaves[index]!, proof, root: roots[size]! };
        const label = `${index}/${size}`;
        expect(outcome(verifyInclusion(claim)), label).toBe('ok');
        expectAllRejected(label, inclusionMutations(claim), verifyInclusion);
        for (let other = 0; other <= size; other++) {
          if (other === index) continue;
          const wrongIndex = verifyInclusion({ ...claim, index: other });
          expect(outcome(wrongIndex), `${label} as index ${other}`).toBe(
            inclusionCode(other, size),
          );
        }
        for (const otherSize of [size - 1, size + 1]) {
          // A neighbouring size, with that tree's real root: the proof of this size must fail.
          const wrongTree = { ...claim, size: otherSize, root: roots[otherSize]! };
          const code = inclusionCode(index, otherSize);
          expect(outcome(verifyInclusion(wrongTree)), `${label} as size ${otherSize}`).toBe(code);
        }
      }
    }
  });
});

describe('verifyConsistency: published vectors and edge cases', () => {
  it('accepts every published consistency proof and rejects every corruption of it', () => {
    for (const { oldSize, newSize, proof } of KNOWN_CONSISTENCY_PROOFS) {
      const claim = {
        oldSize,
        newSize,
        oldRoot: REFERENCE_ROOTS[oldSize]!,
        newRoot: REFERENCE_ROOTS[newSize]!,
        proof,
      };
      expect(outcome(verifyConsistency(claim)), `${oldSize}/${newSize}`).toBe('ok');
      if (oldSize < newSize) {
        expectAllRejected(`${oldSize}/${newSize}`, consistencyMutations(claim), verifyConsistency);
      }
    }
  });

  it('treats size 0 as a prefix of everything, with an empty proof and the empty root', () => {
    const root5 = REFERENCE_ROOTS[5]!;
    const cases: [ConsistencyClaim, string][] = [
      [{ oldSize: 0, newSize: 0, oldRoot: EMPTY_ROOT, newRoot: EMPTY_ROOT, proof: [] }, 'ok'],
      [{ oldSize: 0, newSize: 5, oldRoot: EMPTY_ROOT, newRoot: root5, proof: [] }, 'ok'],
      [{ oldSize: 0, newSize: 5, oldRoot: EMPTY_ROOT, newRoot: SOME_HASH, proof: [] }, 'ok'],
      [
        { oldSize: 0, newSize: 5, oldRoot: SOME_HASH, newRoot: root5, proof: [] },
        CONSISTENCY_INVALID,
      ],
      [
        { oldSize: 0, newSize: 0, oldRoot: EMPTY_ROOT, newRoot: SOME_HASH, proof: [] },
        CONSISTENCY_INVALID,
      ],
      [
        { oldSize: 0, newSize: 5, oldRoot: EMPTY_ROOT, newRoot: root5, proof: [EMPTY_ROOT] },
        CONSISTENCY_INVALID,
      ],
      [
        { oldSize: 0, newSize: 0, oldRoot: EMPTY_ROOT, newRoot: EMPTY_ROOT, proof: [EMPTY_ROOT] },
        CONSISTENCY_INVALID,
      ],
    ];
    for (const [claim, code] of cases) expect(outcome(verifyConsistency(claim))).toBe(code);
  });

  it('needs an empty proof and equal roots for equal sizes', () => {
    const root = REFERENCE_ROOTS[3]!;
    const same = { oldSize: 3, newSize: 3, oldRoot: root, newRoot: root, proof: [] };
    expect(outcome(verifyConsistency(same))).toBe('ok');
    expect(outcome(verifyConsistency({ ...same, newRoot: REFERENCE_ROOTS[4]! }))).toBe(
      CONSISTENCY_INVALID,
    );
    expect(outcome(verifyConsistency({ ...same, proof: [root] }))).toBe(CONSISTENCY_INVALID);
  });

  it('rejects time travel and bad sizes with log_size_invalid', () => {
    const base = { oldRoot: SOME_HASH, newRoot: SOME_HASH, proof: [] };
    for (const [oldSize, newSize] of [
      [1, 0],
      [8, 5],
      [-1, 5],
      [1.5, 5],
      [0, Number.NaN],
      [0, LOG_SIZE_MAX + 1],
    ] as const) {
      expect(outcome(verifyConsistency({ ...base, oldSize, newSize }))).toBe('log_size_invalid');
    }
  });

  it('rejects roots and proof hashes of the wrong length and over-long proofs', () => {
    const claim = {
      oldSize: 2,
      newSize: 5,
      oldRoot: REFERENCE_ROOTS[2]!,
      newRoot: REFERENCE_ROOTS[5]!,
    };
    const proof = KNOWN_CONSISTENCY_PROOFS[2]!.proof;
    expect(outcome(verifyConsistency({ ...claim, proof }))).toBe('ok');
    const cases: ConsistencyClaim[] = [
      { ...claim, proof, oldRoot: new TextEncoder().encode('WrongRoot') },
      { ...claim, proof, newRoot: new Uint8Array(33) },
      { ...claim, proof: [proof[0]!, proof[1]!.subarray(1)] },
      { ...claim, proof: Array.from({ length: MERKLE_PROOF_HASHES_MAX + 1 }, () => SOME_HASH) },
    ];
    for (const wrong of cases) expect(outcome(verifyConsistency(wrong))).toBe(CONSISTENCY_INVALID);
  });
});

describe('verifyConsistency: every pair of sizes up to 40 leaves', () => {
  it('accepts the naive proofs and rejects every mutation, wrong size and swapped root', () => {
    const leaves = syntheticLeafHashes(80);
    const roots = Array.from({ length: 81 }, (_, size) => naiveRoot(leaves.slice(0, size)));
    for (let newSize = 1; newSize <= 40; newSize++) {
      for (let oldSize = 0; oldSize <= newSize; oldSize++) {
        const proof = naiveConsistencyProof(oldSize, leaves.slice(0, newSize));
        const claim = {
          oldSize,
          newSize,
          oldRoot: roots[oldSize]!,
          newRoot: roots[newSize]!,
          proof,
        };
        const label = `${oldSize}/${newSize}`;
        expect(outcome(verifyConsistency(claim)), label).toBe('ok');
        if (oldSize === 0 || oldSize === newSize) continue;
        expectAllRejected(label, consistencyMutations(claim), verifyConsistency);
        for (const [otherOld, otherNew] of [
          [oldSize, newSize - 1],
          [oldSize, newSize + 1],
          [oldSize - 1, newSize],
          [oldSize + 1, newSize],
        ] as const) {
          if (otherOld === otherNew) continue;
          // Neighbouring sizes with their real roots: this proof must not join them.
          const wrongTrees = {
            ...claim,
            oldSize: otherOld,
            newSize: otherNew,
            oldRoot: roots[otherOld]!,
            newRoot: roots[otherNew]!,
          };
          const result = verifyConsistency(wrongTrees);
          expect(outcome(result), `${label} as ${otherOld}/${otherNew}`).toBe(
            consistencyCode(otherOld, otherNew),
          );
        }
      }
    }
  });
});

describe('verifyConsistency: forked logs', () => {
  it('rejects a consistency proof between two logs that share k leaves and then differ', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        (shared, oldExtra, newExtra) => {
          const honest = syntheticLeafHashes(shared + oldExtra + newExtra, 'honest');
          const forked = [
            ...honest.slice(0, shared),
            ...syntheticLeafHashes(oldExtra + newExtra, 'fork'),
          ];
          const oldSize = shared + oldExtra;
          const newSize = oldSize + newExtra;
          // The client saw the honest log at oldSize; the fork's operator now shows newSize.
          const oldRoot = naiveRoot(honest.slice(0, oldSize));
          const newRoot = naiveRoot(forked.slice(0, newSize));
          const forkedProof = naiveConsistencyProof(oldSize, forked.slice(0, newSize));
          const honestProof = naiveConsistencyProof(oldSize, honest.slice(0, newSize));
          for (const proof of [forkedProof, honestProof]) {
            const result = verifyConsistency({ oldSize, newSize, oldRoot, newRoot, proof });
            expect(outcome(result)).toBe(CONSISTENCY_INVALID);
          }
          // Control: up to the fork point the two logs agree, and the fork's proofs verify.
          const sharedProof = naiveConsistencyProof(shared, forked.slice(0, newSize));
          const sharedRoot = naiveRoot(honest.slice(0, shared));
          const agreed = {
            oldSize: shared,
            newSize,
            oldRoot: sharedRoot,
            newRoot,
            proof: sharedProof,
          };
          expect(outcome(verifyConsistency(agreed))).toBe('ok');
        },
      ),
      { numRuns: 150 },
    );
  });
});

/**
 * A virtual tree of any size up to LOG_SIZE_MAX: every perfect subtree has an arbitrary hash of
 * its own (a hash of its node key), except those that must be opened because a point of interest
 * (a leaf, or the old size) falls strictly inside them. Its MTH is computed by the RFC 6962 §2.1
 * recursion, independently of the proof planner, so it is a slow twin at sizes no test can store.
 */
function virtualNode(level: number, index: number): Hash {
  return hashLeaf(new TextEncoder().encode(`virtual ${nodeKey({ level, index })}`));
}

function levelOf(width: number): number {
  let level = 0;
  for (let power = 1; power < width; power *= 2) level++;
  return level;
}

function virtualRoot(start: number, end: number, cuts: readonly number[]): Hash {
  const width = end - start;
  const perfect = isPowerOfTwo(width) && start % width === 0;
  if (perfect && !cuts.some((cut) => start < cut && cut < end)) {
    return virtualNode(levelOf(width), start / width);
  }
  const middle = start + splitPoint(width);
  return hashChildren(virtualRoot(start, middle, cuts), virtualRoot(middle, end, cuts));
}

describe('verification at sizes beyond 32 bits (virtual trees up to LOG_SIZE_MAX)', () => {
  const sizes = fc.oneof(
    fc.integer({ min: 1, max: LOG_SIZE_MAX }),
    fc.integer({ min: 2 ** 31, max: 2 ** 33 }),
    fc.constantFrom(LOG_SIZE_MAX, 2 ** 52, 2 ** 52 + 1, 2 ** 32, 2 ** 32 + 1, 2 ** 32 - 1),
  );

  it('accepts inclusion proofs planned for huge trees and rejects neighbouring indices', () => {
    fc.assert(
      fc.property(sizes, fc.nat({ max: LOG_SIZE_MAX }), (size, pick) => {
        const index = pick % size;
        const cuts = [index, index + 1];
        const ranges = inclusionProofRanges(index, size);
        const proof = ranges.map((range) => virtualRoot(range.start, range.end, cuts));
        const fromPlanner = ranges.map((range) =>
          hashRange(range, (id) => virtualNode(id.level, id.index)),
        );
        expect(fromPlanner).toEqual(proof);
        const claim = {
          index,
          size,
          leafHash: virtualNode(0, index),
          proof,
          root: virtualRoot(0, size, cuts),
        };
        expect(outcome(verifyInclusion(claim))).toBe('ok');
        for (const other of [index - 1, index + 1]) {
          expect(outcome(verifyInclusion({ ...claim, index: other }))).toBe(
            inclusionCode(other, size),
          );
        }
        if (size * 2 <= LOG_SIZE_MAX) {
          expect(outcome(verifyInclusion({ ...claim, size: size * 2 }))).toBe(INCLUSION_INVALID);
        }
        const flipped = proof.map((hash, at) => (at === 0 ? flipBit(hash, 1) : hash));
        if (proof.length > 0) {
          expect(outcome(verifyInclusion({ ...claim, proof: flipped }))).toBe(INCLUSION_INVALID);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('accepts consistency proofs planned for huge trees and rejects neighbouring old sizes', () => {
    fc.assert(
      fc.property(sizes, fc.nat({ max: LOG_SIZE_MAX }), (newSize, pick) => {
        const oldSize = 1 + (pick % newSize);
        const cuts = [oldSize];
        const proof = consistencyProofRanges(oldSize, newSize).map((range) =>
          virtualRoot(range.start, range.end, cuts),
        );
        const oldRoot = virtualRoot(0, oldSize, cuts);
        const newRoot = virtualRoot(0, newSize, cuts);
        const claim = { oldSize, newSize, oldRoot, newRoot, proof };
        expect(outcome(verifyConsistency(claim))).toBe('ok');
        if (oldSize === newSize) return;
        for (const otherOld of [oldSize - 1, oldSize + 1]) {
          if (otherOld === 0 || otherOld === newSize) continue;
          const result = verifyConsistency({ ...claim, oldSize: otherOld });
          expect(outcome(result)).toBe(CONSISTENCY_INVALID);
        }
        const swapped = verifyConsistency({ ...claim, oldRoot: newRoot, newRoot: oldRoot });
        expect(outcome(swapped)).toBe(CONSISTENCY_INVALID);
      }),
      { numRuns: 200 },
    );
  });
});
