/**
 * Admission on the control plane: session slots per latency class. A slot is held from a
 * successful attach until the session ends; `free` is what heartbeats and /v1/admission report.
 * Pure bookkeeping on the main event loop, answered in microseconds whatever the workers do.
 */
import {
  type ClassCapacity,
  LATENCY_CLASSES,
  type LatencyClass,
  type WireErrorCode,
} from '@mycel/wire';

export interface AdmissionAnswer {
  readonly admit: boolean;
  readonly free: number;
  readonly reason?: WireErrorCode;
}

export class SessionSlots {
  private readonly used: Record<LatencyClass, number> = {
    robot: 0,
    voice: 0,
    interactive: 0,
    batch: 0,
  };
  private draining = false;

  constructor(private readonly capacity: ClassCapacity) {}

  /** Slots held right now, over every class. */
  get sessions(): number {
    let total = 0;
    for (const latencyClass of LATENCY_CLASSES) total += this.used[latencyClass];
    return total;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  free(latencyClass: LatencyClass): number {
    return Math.max(0, this.capacity[latencyClass] - this.used[latencyClass]);
  }

  /** Free slots per class, as heartbeats carry them; all zero while draining. */
  freeByClass(): ClassCapacity {
    const free = (latencyClass: LatencyClass) => (this.draining ? 0 : this.free(latencyClass));
    return {
      robot: free('robot'),
      voice: free('voice'),
      interactive: free('interactive'),
      batch: free('batch'),
    };
  }

  /** The answer to "can you take another session of this class?", without taking a slot. */
  ask(latencyClass: LatencyClass): AdmissionAnswer {
    const free = this.draining ? 0 : this.free(latencyClass);
    if (this.draining) return { admit: false, free, reason: 'node_draining' };
    if (free === 0) return { admit: false, free, reason: 'node_at_capacity' };
    return { admit: true, free };
  }

  /** Takes a slot when one is free; the answer says why not otherwise. */
  take(latencyClass: LatencyClass): AdmissionAnswer {
    const answer = this.ask(latencyClass);
    if (answer.admit) this.used[latencyClass] += 1;
    return answer;
  }

  release(latencyClass: LatencyClass): void {
    if (this.used[latencyClass] <= 0) {
      throw new Error(`assertion failed: no ${latencyClass} slot is held`);
    }
    this.used[latencyClass] -= 1;
  }

  /** From now on every question is answered with `node_draining`. */
  drain(): void {
    this.draining = true;
  }
}
