/**
 * Admission on a simulated node, mirroring grid's session-slots.ts (not exported): session slots
 * per latency class, held from a successful attach until the session leaves the node.
 */
import {
  type ClassCapacity,
  LATENCY_CLASSES,
  type LatencyClass,
  type WireErrorCode,
} from '@mycel/wire';

export class NodeSlots {
  private readonly used: Record<LatencyClass, number> = {
    robot: 0,
    voice: 0,
    interactive: 0,
    batch: 0,
  };

  constructor(readonly capacity: ClassCapacity) {}

  get sessions(): number {
    let total = 0;
    for (const latencyClass of LATENCY_CLASSES) total += this.used[latencyClass];
    return total;
  }

  free(latencyClass: LatencyClass): number {
    return Math.max(0, this.capacity[latencyClass] - this.used[latencyClass]);
  }

  freeByClass(): ClassCapacity {
    return {
      robot: this.free('robot'),
      voice: this.free('voice'),
      interactive: this.free('interactive'),
      batch: this.free('batch'),
    };
  }

  take(latencyClass: LatencyClass): { readonly admit: boolean; readonly reason?: WireErrorCode } {
    if (this.free(latencyClass) === 0) return { admit: false, reason: 'node_at_capacity' };
    this.used[latencyClass] += 1;
    return { admit: true };
  }

  release(latencyClass: LatencyClass): void {
    if (this.used[latencyClass] <= 0) {
      throw new Error(`assertion failed: no ${latencyClass} slot is held`);
    }
    this.used[latencyClass] -= 1;
  }
}
