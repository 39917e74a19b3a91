/**
 * Verification of inclusion and consistency proofs, following the algorithms of RFC 9162
 * §2.1.3.2 and §2.1.4.2 step by step. Every argument is attacker-controlled: sizes, hashes and
 * proofs are checked before any hashing, and every failure is a Result, never an exception.
 */
import { bytesEqual } from '../bytes.js';
import { LOG_SIZE_MAX, MERKLE_PROOF_HASHES_MAX } from '../limits.js';
import { fail, ok, type Result } from '../result.js';
import { EMPTY_ROOT, type Hash, hashChildren, isHash } from './merkle-hash.js';
import { half, isOdd, isPowerOfTwo, isTreeSize } from './tree-math.js';

export interface InclusionProofInput {
  readonly index: number;
  readonly size: number;
  readonly leafHash: Hash;
  readonly proof: readonly Hash[];
  readonly root: Hash;
}

export interface ConsistencyProofInput {
  readonly oldSize: number;
  readonly newSize: number;
  readonly oldRoot: Hash;
  readonly newRoot: Hash;
  readonly proof: readonly Hash[];
}

function sizeProblem(size: number, path: string): Result<true> | undefined {
  if (isTreeSize(size)) return undefined;
  return fail('log_size_invalid', `tree size must be an integer in [0, ${LOG_SIZE_MAX}]`, path);
}

function inclusionFailure(message: string, path?: string): Result<true> {
  return fail('log_inclusion_proof_invalid', message, path);
}

function consistencyFailure(message: string, path?: string): Result<true> {
  return fail('log_consistency_proof_invalid', message, path);
}

/** The position of the first hash that is not 32 bytes, or -1. */
function badHashPosition(proof: readonly Hash[]): number {
  return proof.findIndex((hash) => !isHash(hash));
}

/** RFC 9162 §2.1.3.2: verifies that leafHash is at index in the tree of the given size and root. */
export function verifyInclusion(input: InclusionProofInput): Result<true> {
  const { index, size, leafHash, proof, root } = input;
  const badSize = sizeProblem(size, 'size');
  if (badSize) return badSize;
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    return fail('log_index_out_of_range', `leaf index must be an integer below ${size}`, 'index');
  }
  if (!isHash(leafHash)) return inclusionFailure('leaf hash is not 32 bytes', 'leafHash');
  if (!isHash(root)) return inclusionFailure('root is not 32 bytes', 'root');
  if (proof.length > MERKLE_PROOF_HASHES_MAX) return inclusionFailure('proof is too long', 'proof');
  const badPosition = badHashPosition(proof);
  if (badPosition >= 0) return inclusionFailure('hash is not 32 bytes', `proof/${badPosition}`);
  const computed = rootFromInclusionPath(index, size, leafHash, proof);
  if (computed === undefined) return inclusionFailure('proof length does not match the tree');
  if (!bytesEqual(computed, root)) return inclusionFailure('proof does not lead to the root');
  return ok(true);
}

/** RFC 9162 §2.1.3.2 steps 2-6; undefined when the proof has the wrong length for the tree. */
function rootFromInclusionPath(
  index: number,
  size: number,
  leafHash: Hash,
  proof: readonly Hash[],
): Hash | undefined {
  let fn = index;
  let sn = size - 1;
  let hash = leafHash;
  for (const sibling of proof) {
    if (sn === 0) return undefined;
    if (isOdd(fn) || fn === sn) {
      hash = hashChildren(sibling, hash);
      // A left-edge node with no right sibling at this level is carried up unchanged.
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      hash = hashChildren(hash, sibling);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? hash : undefined;
}

/** RFC 9162 §2.1.4.2: verifies that the tree of newSize and newRoot extends oldSize and oldRoot. */
export function verifyConsistency(input: ConsistencyProofInput): Result<true> {
  const { oldSize, newSize, oldRoot, newRoot, proof } = input;
  const badSize = sizeProblem(newSize, 'newSize') ?? sizeProblem(oldSize, 'oldSize');
  if (badSize) return badSize;
  if (oldSize > newSize) return fail('log_size_invalid', 'old size exceeds new size', 'oldSize');
  if (!isHash(oldRoot)) return consistencyFailure('old root is not 32 bytes', 'oldRoot');
  if (!isHash(newRoot)) return consistencyFailure('new root is not 32 bytes', 'newRoot');
  if (proof.length > MERKLE_PROOF_HASHES_MAX) return consistencyFailure('too long', 'proof');
  const badPosition = badHashPosition(proof);
  if (badPosition >= 0) return consistencyFailure('hash is not 32 bytes', `proof/${badPosition}`);
  if (oldSize === 0) {
    const fromEmpty = verifyFromEmpty(oldRoot, proof);
    if (!fromEmpty.ok || newSize > 0) return fromEmpty;
  }
  if (oldSize === newSize) {
    if (proof.length !== 0) return consistencyFailure('equal sizes need an empty proof', 'proof');
    if (!bytesEqual(oldRoot, newRoot)) return consistencyFailure('equal sizes, different roots');
    return ok(true);
  }
  if (proof.length === 0) return consistencyFailure('proof is empty', 'proof');
  return checkConsistencyPath(oldSize, newSize, oldRoot, newRoot, proof);
}

/**
 * The empty tree is a prefix of every tree, so the proof is empty; its root is still checked
 * (RFC 6962 §2.1: MTH({}) = SHA-256()), because a size-0 checkpoint with any other root is a lie.
 */
function verifyFromEmpty(oldRoot: Hash, proof: readonly Hash[]): Result<true> {
  if (proof.length !== 0) return consistencyFailure('old size 0 needs an empty proof', 'proof');
  if (!bytesEqual(oldRoot, EMPTY_ROOT)) return consistencyFailure('size 0 with a non-empty root');
  return ok(true);
}

/** RFC 9162 §2.1.4.2 steps 2-7, for 0 < oldSize < newSize and a non-empty proof. */
function checkConsistencyPath(
  oldSize: number,
  newSize: number,
  oldRoot: Hash,
  newRoot: Hash,
  proof: readonly Hash[],
): Result<true> {
  // Step 2: when the old tree is a perfect subtree, its root is the first node of the path.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let oldHash = path[0]!;
  let newHash = path[0]!;
  for (const node of path.slice(1)) {
    if (sn === 0) return consistencyFailure('proof is longer than the trees need');
    if (isOdd(fn) || fn === sn) {
      oldHash = hashChildren(node, oldHash);
      newHash = hashChildren(node, newHash);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      newHash = hashChildren(newHash, node);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return consistencyFailure('proof is shorter than the trees need');
  if (!bytesEqual(oldHash, oldRoot)) return consistencyFailure('proof does not lead to old root');
  if (!bytesEqual(newHash, newRoot)) return consistencyFailure('proof does not lead to new root');
  return ok(true);
}
