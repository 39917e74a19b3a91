/**
 * The simulator's agenda: events ordered by virtual time, then by the order they were scheduled
 * (a binary heap over (atMs, order)). Equal times never compare equal, so the order of a run never
 * depends on how the heap happens to break ties. Cancelled events, and events of an owner that
 * died (a crashed process's timers), stay in the heap and are skipped when they come up.
 */
/** Whoever scheduled an event; once it is dead (a crashed process), its events are skipped. */
export interface EventOwner {
  readonly alive: boolean;
}

export interface SimEvent {
  readonly atMs: number;
  readonly order: number;
  /** What the trace records for this step. */
  readonly label: string;
  readonly run: () => void;
  readonly owner: EventOwner | undefined;
  cancelled: boolean;
}

export class EventQueue {
  private readonly heap: SimEvent[] = [];
  private scheduled = 0;

  get size(): number {
    return this.heap.length;
  }

  push(atMs: number, label: string, run: () => void, owner?: EventOwner): SimEvent {
    const event: SimEvent = { atMs, order: this.scheduled++, label, run, owner, cancelled: false };
    const heap = this.heap;
    heap.push(event);
    let at = heap.length - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!before(event, heap[parent]!)) break;
      heap[at] = heap[parent]!;
      at = parent;
    }
    heap[at] = event;
    return event;
  }

  /** The earliest event neither cancelled nor owned by the dead, taken off the agenda. */
  pop(): SimEvent | undefined {
    for (;;) {
      const event = this.take();
      if (event === undefined) return undefined;
      if (!event.cancelled && (event.owner === undefined || event.owner.alive)) return event;
    }
  }

  private take(): SimEvent | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right]!, heap[left]!) ? right : left;
      if (!before(heap[child]!, last)) break;
      heap[at] = heap[child]!;
      at = child;
    }
    heap[at] = last;
    return top;
  }
}

function before(a: SimEvent, b: SimEvent): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.order < b.order);
}
