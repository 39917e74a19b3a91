/**
 * An in-memory, deterministic network of SWIM members for tests: a virtual clock advancing in
 * fixed ticks, one-way delays per receiver (a slow member gets its messages late, as a CPU-starved
 * process would), crashes (a crashed member receives nothing and never ticks), and a log of every
 * member-state effect.
 */
import {
  createSwimMember,
  type SwimEffect,
  type SwimEvent,
  type SwimMember,
  type SwimMessage,
} from '@mycel/mesh';
import { seededRandom } from './seeded-random.js';

export interface StateRecord {
  readonly atMs: number;
  readonly observer: string;
  readonly id: string;
  readonly state: string;
  readonly incarnation: number;
}

interface Node {
  readonly member: SwimMember;
  crashed: boolean;
  inboundDelayMs: number;
  /** Periodic stalls (a blocked event loop): every `everyMs`, nothing runs for `forMs`. */
  stall?: { readonly everyMs: number; readonly forMs: number };
}

interface InFlight {
  readonly atMs: number;
  readonly order: number;
  readonly from: string;
  readonly to: string;
  readonly message: SwimMessage;
}

export interface NetworkOptions {
  readonly size: number;
  readonly lifeguard: boolean;
  readonly seed: number;
  readonly tickMs?: number;
  readonly latencyMs?: number;
}

export class SwimNetwork {
  readonly nodes = new Map<string, Node>();
  readonly log: StateRecord[] = [];
  readonly sent: SwimMessage[] = [];
  nowMs = 0;
  private queue: InFlight[] = [];
  private order = 0;
  private readonly tickMs: number;
  private readonly latencyMs: number;

  constructor(readonly options: NetworkOptions) {
    this.tickMs = options.tickMs ?? 10;
    this.latencyMs = options.latencyMs ?? 1;
    for (let i = 0; i < options.size; i += 1) {
      const id = `member-${i}`;
      const member = createSwimMember({
        id,
        address: `mem://${id}`,
        lifeguard: options.lifeguard,
        random: seededRandom(options.seed * 1000 + i),
      });
      this.nodes.set(id, { member, crashed: false, inboundDelayMs: 0 });
    }
  }

  get ids(): string[] {
    return [...this.nodes.keys()];
  }

  member(id: string): SwimMember {
    return this.nodes.get(id)!.member;
  }

  /** Every member joins through member-0. */
  joinAll(): void {
    for (const id of this.ids.slice(1)) {
      this.deliverEffects(
        id,
        this.member(id).step(
          { type: 'join', id: 'member-0', address: 'mem://member-0' },
          this.nowMs,
        ),
      );
    }
  }

  crash(id: string): void {
    this.nodes.get(id)!.crashed = true;
  }

  slow(id: string, inboundDelayMs: number): void {
    this.nodes.get(id)!.inboundDelayMs = inboundDelayMs;
  }

  /** From now on `id` stalls for `forMs` every `everyMs`: no ticks; messages wait until it resumes. */
  stall(id: string, everyMs: number, forMs: number): void {
    this.nodes.get(id)!.stall = { everyMs, forMs };
  }

  /** When a stalled member runs again, or undefined when it is running. */
  private resumesAtMs(node: Node): number | undefined {
    if (node.stall === undefined) return undefined;
    const phase = this.nowMs % node.stall.everyMs;
    return phase < node.stall.forMs ? this.nowMs - phase + node.stall.forMs : undefined;
  }

  /** Steps `id` with `event` now and sends what it says to send; returns the effects. */
  act(id: string, event: SwimEvent): SwimEffect[] {
    const effects = this.member(id).step(event, this.nowMs);
    this.deliverEffects(id, effects);
    return effects;
  }

  /** Injects a message as if `from` had sent it to `to` now (delivered at once). */
  inject(to: string, from: string, message: unknown) {
    return this.member(to).step({ type: 'message', from, message }, this.nowMs);
  }

  run(durationMs: number): void {
    const endMs = this.nowMs + durationMs;
    while (this.nowMs < endMs) {
      this.nowMs += this.tickMs;
      this.deliverDue();
      for (const [id, node] of this.nodes) {
        if (!node.crashed && this.resumesAtMs(node) === undefined)
          this.deliverEffects(id, node.member.step({ type: 'tick' }, this.nowMs));
      }
    }
  }

  /** What `observer` believes about `id`. */
  stateOf(observer: string, id: string): string | undefined {
    return this.member(observer).member(id)?.state;
  }

  private deliverDue(): void {
    const due = this.queue.filter((flight) => flight.atMs <= this.nowMs);
    if (due.length === 0) return;
    this.queue = this.queue.filter((flight) => flight.atMs > this.nowMs);
    due.sort((a, b) => a.atMs - b.atMs || a.order - b.order);
    for (const flight of due) {
      const node = this.nodes.get(flight.to);
      if (node === undefined || node.crashed) continue;
      const resumesAtMs = this.resumesAtMs(node);
      if (resumesAtMs !== undefined) {
        this.queue.push({ ...flight, atMs: resumesAtMs });
        continue;
      }
      const effects = node.member.step(
        { type: 'message', from: flight.from, message: flight.message },
        this.nowMs,
      );
      this.deliverEffects(flight.to, effects);
    }
  }

  private deliverEffects(from: string, effects: ReturnType<SwimMember['step']>): void {
    for (const effect of effects) {
      if (effect.type === 'member-state') {
        this.log.push({
          atMs: this.nowMs,
          observer: from,
          id: effect.id,
          state: effect.state,
          incarnation: effect.incarnation,
        });
        continue;
      }
      this.sent.push(effect.message);
      const target = this.nodes.get(effect.to);
      if (target === undefined) continue;
      // Copy through JSON, as a real transport would: no shared objects between members.
      const message = JSON.parse(JSON.stringify(effect.message)) as SwimMessage;
      this.order += 1;
      this.queue.push({
        atMs: this.nowMs + this.latencyMs + target.inboundDelayMs,
        order: this.order,
        from,
        to: effect.to,
        message,
      });
    }
  }
}
