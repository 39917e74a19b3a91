/**
 * Which subtree hashes a proof needs. A proof is a list of MTH values of leaf ranges (RFC 6962
 * §2.1.1 PATH, §2.1.2 SUBPROOF); each range folds from a few perfect subtrees, so an I/O shell can
 * plan the proof here, read every node it needs in one batch, and assemble the proof with
 * hashRange. Nothing here touches storage.
 */
import { LOG_SIZE_MAX } from '../limits.js';
import { assert, fail, ok, type Result } from '../result.js';
import { frontierIds, rootFromFrontier } from './compact-range.js';
import { type Hash, type NodeId, nodeKey } from './merkle-hash.js';
import { isTreeSize, powerOfTwo, powerOfTwoAtMost, splitPoint } from './tree-math.js';

/** Leaves [start, end), half-open. */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

function isLeafIndex(index: number, size: number): boolean {
  return Number.isSafeInteger(index) && index >= 0 && index < size;
}

/**
 * RFC 6962 §2.1.1: PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]) for m < k, and
 * PATH(m - k, D[k:n]) : MTH(D[0:k]) otherwise. Returns the MTH ranges in proof order, leaf upwards.
 */
export function inclusionProofRanges(index: number, size: number): LeafRange[] {
  assert(isTreeSize(size) && isLeafIndex(index, size), 'inclusionProofRanges: index < size');
  const rootDownwards: LeafRange[] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const middle = start + splitPoint(end - start);
    if (index < middle) {
      rootDownwards.push({ start: middle, end });
      end = middle;
    } else {
      rootDownwards.push({ start, end: middle });
      start = middle;
    }
  }
  return rootDownwards.reverse();
}

/**
 * RFC 6962 §2.1.2: PROOF(m, D[n]) = SUBPROOF(m, D[n], true), where SUBPROOF(m, D[m], b) is {} when
 * b is true (the verifier already has that root) and {MTH(D[m])} otherwise; for m <= k it recurses
 * left and appends MTH(D[k:n]), for m > k it recurses right with b = false and appends MTH(D[0:k]).
 * Returns the MTH ranges in proof order; empty when oldSize is 0 or equals newSize.
 */
export function consistencyProofRanges(oldSize: number, newSize: number): LeafRange[] {
  assert(isTreeSize(newSize) && isTreeSize(oldSize) && oldSize <= newSize, 'old <= new size');
  if (oldSize === 0 || oldSize === newSize) return [];
  const rootDownwards: LeafRange[] = [];
  let start = 0;
  let end = newSize;
  let verifierHasSubtreeRoot = true;
  while (oldSize - start < end - start) {
    const middle = start + splitPoint(end - start);
    if (oldSize <= middle) {
      rootDownwards.push({ start: middle, end });
      end = middle;
    } else {
      rootDownwards.push({ start, end: middle });
      start = middle;
      verifierHasSubtreeRoot = false;
    }
  }
  if (!verifierHasSubtreeRoot) rootDownwards.push({ start, end });
  return rootDownwards.reverse();
}

/**
 * The perfect subtrees whose right-to-left fold is MTH(D[start:end]): the binary decomposition of
 * the range's length, largest first. Proof ranges always start at a multiple of their largest
 * piece, so every piece is a node of the log; any other range is a caller bug and fails an
 * assertion.
 */
export function rangeNodeIds(range: LeafRange): NodeId[] {
  const { start, end } = range;
  assert(isTreeSize(start) && isTreeSize(end) && start <= end, 'rangeNodeIds: 0 <= start <= end');
  if (start === end) return [];
  assert(start % powerOfTwoAtMost(end - start) === 0, 'rangeNodeIds: range is an MTH subtree');
  return frontierIds(end - start).map(({ level, index }) => ({
    level,
    index: start / powerOfTwo(level) + index,
  }));
}

/** MTH of the range, from stored perfect nodes (RFC 6962 §2.1). */
export function hashRange(range: LeafRange, readNode: (id: NodeId) => Hash): Hash {
  return rootFromFrontier(rangeNodeIds(range).map(readNode));
}

/** The de-duplicated union of the nodes the ranges need, in first-use order, for one batch read. */
export function proofNodeIds(ranges: readonly LeafRange[]): NodeId[] {
  const seen = new Set<string>();
  const ids: NodeId[] = [];
  for (const range of ranges) {
    for (const id of rangeNodeIds(range)) {
      const key = nodeKey(id);
      if (seen.has(key)) continue;
      seen.add(key);
      ids.push(id);
    }
  }
  return ids;
}

/** Plans an inclusion proof for caller-supplied (attacker-controlled) index and size. */
export function planInclusionProof(index: number, size: number): Result<LeafRange[]> {
  if (!isTreeSize(size)) {
    return fail('log_size_invalid', `tree size must be an integer in [0, ${LOG_SIZE_MAX}]`, 'size');
  }
  if (!isLeafIndex(index, size)) {
    return fail('log_index_out_of_range', `leaf index must be an integer below ${size}`, 'index');
  }
  return ok(inclusionProofRanges(index, size));
}

/** Plans a consistency proof for caller-supplied (attacker-controlled) tree sizes. */
export function planConsistencyProof(oldSize: number, newSize: number): Result<LeafRange[]> {
  if (!isTreeSize(newSize)) {
    return fail(
      'log_size_invalid',
      `tree size must be an integer in [0, ${LOG_SIZE_MAX}]`,
      'newSize',
    );
  }
  if (!isTreeSize(oldSize) || oldSize > newSize) {
    return fail('log_size_invalid', `old size must be an integer in [0, ${newSize}]`, 'oldSize');
  }
  return ok(consistencyProofRanges(oldSize, newSize));
}
