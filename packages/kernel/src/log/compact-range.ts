/**
 * The frontier (compact range [0, size)) of a log: one perfect subtree per set bit of the size,
 * largest and leftmost first. It is all an appender needs to extend the tree and compute the root,
 * because RFC 6962 §2.1 MTH of D[n] folds exactly these subtrees from right to left.
 */
import { LOG_SIZE_MAX } from '../limits.js';
import { assert } from '../result.js';
import { EMPTY_ROOT, type Hash, hashChildren, isHash, type NodeId } from './merkle-hash.js';
import { isTreeSize } from './tree-math.js';

export interface AppendResult {
  readonly size: number;
  readonly frontier: Hash[];
  /** Every perfect subtree completed by the append, leaves included, in completion order. */
  readonly nodes: { id: NodeId; hash: Hash }[];
  readonly root: Hash;
}

/** The perfect subtrees whose leaves are [0, size), largest (leftmost) first. */
export function frontierIds(size: number): NodeId[] {
  assert(isTreeSize(size), 'frontierIds: size is a tree size');
  const ids: NodeId[] = [];
  let width = 1;
  let level = 0;
  while (width * 2 <= size) {
    width *= 2;
    level++;
  }
  // Walk the bits of size from the top; each set bit is one perfect subtree, placed after the last.
  let offset = 0;
  for (; level >= 0; level--, width /= 2) {
    if (size - offset >= width) {
      ids.push({ level, index: offset / width });
      offset += width;
    }
  }
  return ids;
}

/**
 * RFC 6962 §2.1: MTH(D[n]) = HASH(0x01 || MTH(D[0:k]) || MTH(D[k:n])) where D[0:k] is the largest
 * frontier subtree and D[k:n] is the rest, so the root is the right-to-left fold of the frontier.
 */
export function rootFromFrontier(frontier: readonly Hash[]): Hash {
  const last = frontier.at(-1);
  if (last === undefined) return EMPTY_ROOT.slice();
  let root = last;
  for (let position = frontier.length - 2; position >= 0; position--) {
    root = hashChildren(frontier[position]!, root);
  }
  return root;
}

/**
 * Appends leaf hashes to a tree given only its size and frontier. `nodes` lists EVERY perfect
 * subtree completed by the append (level 0 leaves included), so a store that saves them can later
 * serve any proof. The inputs are the store's own state: a frontier that does not match the size
 * is a bug, not bad input, and fails an assertion.
 */
export function appendLeaves(
  size: number,
  frontier: readonly Hash[],
  leafHashes: readonly Hash[],
): AppendResult {
  const ids = frontierIds(size);
  assert(frontier.length === ids.length, 'appendLeaves: frontier matches the tree size');
  assert(leafHashes.length <= LOG_SIZE_MAX - size, 'appendLeaves: tree stays within LOG_SIZE_MAX');
  const stack = ids.map((id, position) => ({ id, hash: frontier[position]! }));
  const nodes: { id: NodeId; hash: Hash }[] = [];
  let nextIndex = size;
  for (const leafHash of leafHashes) {
    assert(isHash(leafHash), 'appendLeaves: leaf hashes are 32 bytes');
    let node = { id: { level: 0, index: nextIndex }, hash: leafHash };
    nodes.push(node);
    nextIndex++;
    // A right child completes its parent when the node before it on the stack has its level.
    while (stack.length > 0 && stack.at(-1)!.id.level === node.id.level) {
      const left = stack.pop()!;
      const parentId = { level: node.id.level + 1, index: left.id.index / 2 };
      node = { id: parentId, hash: hashChildren(left.hash, node.hash) };
      nodes.push(node);
    }
    stack.push(node);
  }
  const newFrontier = stack.map((entry) => entry.hash);
  return { size: nextIndex, frontier: newFrontier, nodes, root: rootFromFrontier(newFrontier) };
}
