/**
 * Merkle nodes kept in memory so that the inclusion proofs a log hands out right after an append
 * need no database read: the nodes the append just wrote (recent, evicted oldest first) and every
 * node high in the tree (few, and on every proof's path). Only committed nodes enter.
 */
import { type Hash, type NodeId, nodeKey } from '@mycel/kernel';
import { NODE_CACHE_ENTRIES_MAX, NODE_CACHE_PINNED_LEVEL_MIN } from './limits.js';

export class NodeCache {
  private readonly recent = new Map<string, Hash>();
  private readonly pinned = new Map<string, Hash>();

  add(nodes: readonly { readonly id: NodeId; readonly hash: Hash }[]): void {
    for (const { id, hash } of nodes) {
      const key = nodeKey(id);
      if (id.level >= NODE_CACHE_PINNED_LEVEL_MIN) {
        if (this.pinned.size < NODE_CACHE_ENTRIES_MAX) this.pinned.set(key, hash);
        continue;
      }
      this.recent.set(key, hash);
      if (this.recent.size > NODE_CACHE_ENTRIES_MAX) {
        const oldest = this.recent.keys().next().value;
        if (oldest !== undefined) this.recent.delete(oldest);
      }
    }
  }

  /** Fills `found` with cached nodes and returns the ids still to be read. */
  lookup(ids: readonly NodeId[], found: Map<string, Hash>): NodeId[] {
    const missing: NodeId[] = [];
    for (const id of ids) {
      const key = nodeKey(id);
      const hash = this.recent.get(key) ?? this.pinned.get(key);
      if (hash === undefined) missing.push(id);
      else found.set(key, hash);
    }
    return missing;
  }
}
