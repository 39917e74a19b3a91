/** RFC 6962 §2.1 hashing, with SHA-256 as the hash algorithm (RFC 6962 §2.1, RFC 9162 §2.1.1). */
import { createHash, hash as oneShotHash } from 'node:crypto';
import { assert } from '../result.js';

/** A SHA-256 digest: 32 bytes. */
export type Hash = Uint8Array;

/** The perfect subtree covering leaves [index * 2^level, (index + 1) * 2^level). */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

export const HASH_BYTES = 32;

// RFC 6962 §2.1: domain separation between leaves (0x00) and interior nodes (0x01) stops a leaf
// from being passed off as a node (second-preimage attack).
const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

function sha256(...parts: readonly Uint8Array[]): Hash {
  const hasher = createHash('sha256');
  for (const part of parts) hasher.update(part);
  const digest = hasher.digest();
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}

/** RFC 6962 §2.1: MTH({d(0)}) = SHA-256(0x00 || d(0)), with one-shot hashing like hashChildren. */
export function hashLeaf(data: Uint8Array): Hash {
  const input = new Uint8Array(1 + data.length);
  input[0] = LEAF_PREFIX[0]!;
  input.set(data, 1);
  const digest = oneShotHash('sha256', input, 'buffer');
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}

/**
 * RFC 6962 §2.1: MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])). The 65 bytes go to the
 * one-shot crypto.hash, twice as fast as a Hash object at this size; appends and proofs run this
 * for nearly every entry.
 */
export function hashChildren(left: Hash, right: Hash): Hash {
  assert(left.length === HASH_BYTES && right.length === HASH_BYTES, 'child hashes are 32 bytes');
  const input = new Uint8Array(1 + 2 * HASH_BYTES);
  input[0] = NODE_PREFIX[0]!;
  input.set(left, 1);
  input.set(right, 1 + HASH_BYTES);
  const digest = oneShotHash('sha256', input, 'buffer');
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}

/**
 * RFC 6962 §2.1: MTH({}) = SHA-256(), the root of the empty tree. A Uint8Array cannot be frozen:
 * treat it as read-only; functions of this folder hand out copies, never this instance.
 */
export const EMPTY_ROOT: Hash = sha256();

/** A stable string for a node, for Map keys and batch reads: `${level}/${index}`. */
export function nodeKey(id: NodeId): string {
  return `${id.level}/${id.index}`;
}

/** A 32-byte hash, the only length any hash input of this folder may have. */
export function isHash(value: Uint8Array): boolean {
  return value.length === HASH_BYTES;
}
