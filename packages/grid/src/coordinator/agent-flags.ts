/**
 * Which nodes list which agents, as one byte column per agent reference (indexed by node slot), so
 * placement checks "does this node have the agent?" with one array read. References are counted:
 * a reference no node lists any more gives its column back, which bounds the columns by what
 * nodes list right now (at most AGENT_REFERENCES_INDEXED_MAX).
 */
import { AGENT_REFERENCES_INDEXED_MAX } from '../limits.js';

/** The node listed the agent in its registration: a built-in or a cached bundle. */
export const AGENT_LISTED = 1;
/** The node's last heartbeat named the agent warm (loaded, ready to start at once). */
export const AGENT_WARM = 2;

export class AgentFlags {
  private readonly ids = new Map<string, number>();
  private readonly columns: Uint8Array[] = [];
  private readonly referenceOf: string[] = [];
  /** Slots whose flags for the reference are not zero. */
  private readonly slotCounts: number[] = [];
  private readonly freeIds: number[] = [];
  /** Per slot: the reference ids with flags there. */
  private readonly bySlot = new Map<number, Map<number, number>>();
  private rows: number;

  constructor(rows: number) {
    this.rows = rows;
  }

  /** The flag column of a reference, or undefined when no node lists it. */
  column(reference: string): Uint8Array | undefined {
    const id = this.ids.get(reference);
    return id === undefined ? undefined : this.columns[id];
  }

  /** Grows every column to `rows` slots (called when the node index grows). */
  ensureRows(rows: number): void {
    if (rows <= this.rows) return;
    this.rows = rows;
    for (let id = 0; id < this.columns.length; id++) {
      const next = new Uint8Array(rows);
      next.set(this.columns[id]!);
      this.columns[id] = next;
    }
  }

  /**
   * Sets what one node lists (registration) and has warm (heartbeat). Returns how many references
   * could not be indexed because the index is full; those are not routable to this node.
   */
  update(slot: number, listed: readonly string[], warm: readonly string[]): number {
    const next = new Map<number, number>();
    let dropped = 0;
    for (const [references, flag] of [
      [listed, AGENT_LISTED],
      [warm, AGENT_WARM],
    ] as const) {
      for (const reference of references) {
        const id = this.intern(reference);
        if (id === undefined) dropped++;
        else next.set(id, (next.get(id) ?? 0) | flag);
      }
    }
    const previous = this.bySlot.get(slot);
    if (previous !== undefined) {
      for (const id of previous.keys()) if (!next.has(id)) this.unset(slot, id);
    }
    for (const [id, flags] of next) {
      const column = this.columns[id]!;
      if (column[slot] === 0) this.slotCounts[id]! += 1;
      column[slot] = flags;
    }
    if (next.size === 0) this.bySlot.delete(slot);
    else this.bySlot.set(slot, next);
    return dropped;
  }

  /** Forgets everything a slot listed (the node was forgotten). */
  clearSlot(slot: number): void {
    const previous = this.bySlot.get(slot);
    if (previous === undefined) return;
    for (const id of previous.keys()) this.unset(slot, id);
    this.bySlot.delete(slot);
  }

  /** The references some node lists or has warm right now. */
  references(): string[] {
    return [...this.ids.keys()];
  }

  /** References indexed right now (for tests and metrics). */
  get size(): number {
    return this.ids.size;
  }

  private intern(reference: string): number | undefined {
    const known = this.ids.get(reference);
    if (known !== undefined) return known;
    let id = this.freeIds.pop();
    if (id === undefined) {
      if (this.columns.length >= AGENT_REFERENCES_INDEXED_MAX) return undefined;
      id = this.columns.length;
      this.columns.push(new Uint8Array(this.rows));
      this.referenceOf.push(reference);
      this.slotCounts.push(0);
    } else {
      this.referenceOf[id] = reference;
    }
    this.ids.set(reference, id);
    return id;
  }

  private unset(slot: number, id: number): void {
    const column = this.columns[id]!;
    if (column[slot] === 0) return;
    column[slot] = 0;
    this.slotCounts[id]! -= 1;
    if (this.slotCounts[id] === 0) this.release(id);
  }

  private release(id: number): void {
    this.ids.delete(this.referenceOf[id]!);
    this.freeIds.push(id);
  }
}
