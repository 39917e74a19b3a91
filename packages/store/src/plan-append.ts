/**
 * The part of an append both drivers share, with no I/O: given the head and which ids already
 * exist, decide every entry's index, drop duplicates (also inside the batch) and compute the new
 * Merkle nodes and root. The drivers wrap it in their own transaction.
 */
import { type AppendResult, appendLeaves, type Hash, hashLeaf } from '@mycel/kernel';
import type { NewEntry } from './log-store.js';

export interface AppendPlan {
  readonly indices: number[];
  readonly fresh: { readonly index: number; readonly entry: NewEntry }[];
  /** Undefined when nothing is new. */
  readonly tree: AppendResult | undefined;
}

export function planAppend(
  size: number,
  frontier: readonly Hash[],
  entries: readonly NewEntry[],
  existing: ReadonlyMap<string, number>,
): AppendPlan {
  const indices: number[] = [];
  const fresh: { index: number; entry: NewEntry }[] = [];
  const assigned = new Map(existing);
  for (const entry of entries) {
    let index = assigned.get(entry.id);
    if (index === undefined) {
      index = size + fresh.length;
      assigned.set(entry.id, index);
      fresh.push({ index, entry });
    }
    indices.push(index);
  }
  if (fresh.length === 0) return { indices, fresh, tree: undefined };
  const tree = appendLeaves(
    size,
    frontier,
    fresh.map(({ entry }) => hashLeaf(entry.bytes)),
  );
  return { indices, fresh, tree };
}
