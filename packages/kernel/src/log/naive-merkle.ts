/**
 * The slow twin: MTH, PATH and SUBPROOF computed recursively from all leaf hashes, transcribed
 * directly from the definitions of RFC 6962 §2.1, §2.1.1 and §2.1.2. No storage, no frontier, no
 * index arithmetic beyond the split point, so the fast code can be checked against it and the
 * vector generator can trust it. Quadratic-ish: for tests and vectors only.
 */
import { assert } from '../result.js';
import { EMPTY_ROOT, type Hash, hashChildren } from './merkle-hash.js';
import { splitPoint } from './tree-math.js';

/**
 * RFC 6962 §2.1: MTH({}) = SHA-256(); MTH({d(0)}) = the leaf hash; for n > 1,
 * MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])) with k the largest power of two < n.
 */
export function naiveRoot(leafHashes: readonly Hash[]): Hash {
  if (leafHashes.length === 0) return EMPTY_ROOT.slice();
  if (leafHashes.length === 1) return leafHashes[0]!;
  const k = splitPoint(leafHashes.length);
  return hashChildren(naiveRoot(leafHashes.slice(0, k)), naiveRoot(leafHashes.slice(k)));
}

/**
 * RFC 6962 §2.1.1: PATH(0, {d(0)}) = {}; for n > 1, PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n])
 * when m < k, and PATH(m - k, D[k:n]) : MTH(D[0:k]) when m >= k.
 */
export function naiveInclusionProof(index: number, leafHashes: readonly Hash[]): Hash[] {
  const n = leafHashes.length;
  assert(Number.isInteger(index) && index >= 0 && index < n, 'naiveInclusionProof: index < n');
  if (n === 1) return [];
  const k = splitPoint(n);
  const left = leafHashes.slice(0, k);
  const right = leafHashes.slice(k);
  if (index < k) return [...naiveInclusionProof(index, left), naiveRoot(right)];
  return [...naiveInclusionProof(index - k, right), naiveRoot(left)];
}

/**
 * RFC 6962 §2.1.2: PROOF(m, D[n]) = SUBPROOF(m, D[n], true). The RFC defines it for 0 < m < n;
 * here m = 0 and m = n give the empty proof, which is what verifiers expect for those sizes.
 */
export function naiveConsistencyProof(oldSize: number, leafHashes: readonly Hash[]): Hash[] {
  const n = leafHashes.length;
  assert(Number.isInteger(oldSize) && oldSize >= 0 && oldSize <= n, 'naive: 0 <= old size <= n');
  if (oldSize === 0) return [];
  return subproof(oldSize, leafHashes, true);
}

/**
 * RFC 6962 §2.1.2: SUBPROOF(m, D[m], true) = {}; SUBPROOF(m, D[m], false) = {MTH(D[m])}; for
 * m < n, SUBPROOF(m, D[n], b) = SUBPROOF(m, D[0:k], b) : MTH(D[k:n]) when m <= k, and
 * SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k]) when m > k.
 */
function subproof(m: number, leafHashes: readonly Hash[], haveOldRoot: boolean): Hash[] {
  const n = leafHashes.length;
  if (m === n) return haveOldRoot ? [] : [naiveRoot(leafHashes)];
  const k = splitPoint(n);
  const left = leafHashes.slice(0, k);
  const right = leafHashes.slice(k);
  if (m <= k) return [...subproof(m, left, haveOldRoot), naiveRoot(right)];
  return [...subproof(m - k, right, false), naiveRoot(left)];
}
