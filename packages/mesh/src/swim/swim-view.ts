/**
 * What one SWIM member believes about the others: a record per member (state, incarnation,
 * address), the suspicions running against them, the probe order of the live ones, and the
 * precedence rules that decide whether an update changes a record (SWIM §4.2):
 *
 *   alive i          overrides anything with incarnation < i (and revives dead or left)
 *   suspect i        overrides alive j ≤ i and suspect j < i; suspect i again is a confirmation
 *   dead i / left i  override alive or suspect j ≤ i
 *
 * Every change is reported (member-state) and queued for dissemination. Updates about the
 * member itself never come here: the member refutes them (swim-member.ts).
 */
import { SWIM_DEPARTED_COMPACT_MIN, SWIM_MEMBERS_MAX } from '../limits.js';
import type { SwimBroadcasts } from './swim-broadcasts.js';
import type { SwimSettings } from './swim-config.js';
import type { SwimState, SwimUpdate } from './swim-messages.js';
import { SwimProbeOrder } from './swim-probe-order.js';
import {
  expectedConfirmations,
  type SuspicionParameters,
  suspicionTimeoutMs,
} from './swim-suspicion.js';

export interface SwimMemberView {
  readonly id: string;
  readonly address: string;
  readonly state: SwimState;
  readonly incarnation: number;
}

interface MemberRecord {
  readonly id: string;
  address: string;
  state: SwimState;
  incarnation: number;
  changedAtMs: number;
}

interface Suspicion {
  readonly incarnation: number;
  readonly startedAtMs: number;
  readonly confirmers: Set<string>;
  deadlineMs: number;
}

/** Where the view sends what it decides. */
export interface ViewSink {
  changed(view: SwimMemberView): void;
  viewFull(): void;
}

const LIVE: ReadonlySet<SwimState> = new Set(['alive', 'suspect']);

export class SwimView {
  /** The clock of the current step, set by the member before each event. */
  nowMs = 0;
  /** Members other than the owner that are alive or suspect. */
  liveCount = 0;
  readonly order: SwimProbeOrder;
  private readonly records = new Map<string, MemberRecord>();
  private readonly suspicions = new Map<string, Suspicion>();
  private nextSuspicionCheckMs = Number.POSITIVE_INFINITY;
  private readonly departed: { id: string; atMs: number }[] = [];
  private departedHead = 0;

  constructor(
    private readonly settings: SwimSettings,
    private readonly broadcasts: SwimBroadcasts,
    private readonly sink: ViewSink,
  ) {
    this.order = new SwimProbeOrder(settings.random);
  }

  get suspicionCount(): number {
    return this.suspicions.size;
  }

  has(id: string): boolean {
    return this.records.has(id);
  }

  view(id: string): SwimMemberView | undefined {
    const record = this.records.get(id);
    return record === undefined ? undefined : viewOf(record);
  }

  views(): SwimMemberView[] {
    return [...this.records.values()].map(viewOf);
  }

  /** The record of `id` as an update (what a sync tells others). */
  updateOf(id: string): SwimUpdate | undefined {
    const record = this.records.get(id);
    if (record === undefined) return undefined;
    const base = { id: record.id, address: record.address, incarnation: record.incarnation };
    if (record.state !== 'suspect') return { ...base, state: record.state };
    const by = this.suspicions.get(id)?.confirmers.values().next().value ?? record.id;
    return { ...base, state: 'suspect', by };
  }

  /** Applies one update about another member by the precedence rules. */
  apply(update: SwimUpdate): void {
    const record = this.records.get(update.id);
    if (record === undefined) {
      if (update.state === 'alive') this.learn(update);
      return; // news of a suspicion or death of a stranger is not news
    }
    if (update.state === 'alive') {
      if (update.incarnation <= record.incarnation) return;
      record.address = update.address;
      this.setState(record, 'alive', update.incarnation);
      this.broadcasts.add(update);
      return;
    }
    if (!LIVE.has(record.state) || update.incarnation < record.incarnation) return;
    if (update.state === 'suspect') {
      if (record.state === 'suspect' && update.incarnation === record.incarnation) {
        this.confirm(record, update);
        return;
      }
      this.setState(record, 'suspect', update.incarnation);
      this.startSuspicion(record, update.by!);
      this.broadcasts.add(update);
      return;
    }
    this.setState(record, update.state, update.incarnation);
    const { id, address } = record;
    this.broadcasts.add({ id, address, state: update.state, incarnation: update.incarnation });
  }

  /** Declares dead the suspects whose timeout has passed, and forgets long-departed members. */
  expire(): void {
    if (this.nowMs >= this.nextSuspicionCheckMs) {
      let next = Number.POSITIVE_INFINITY;
      for (const [id, suspicion] of this.suspicions) {
        if (suspicion.deadlineMs > this.nowMs) {
          next = Math.min(next, suspicion.deadlineMs);
          continue;
        }
        const address = this.records.get(id)!.address;
        this.apply({ id, address, state: 'dead', incarnation: suspicion.incarnation });
      }
      this.nextSuspicionCheckMs = next;
    }
    this.forgetDeparted();
  }

  private learn(update: SwimUpdate): void {
    if (this.records.size >= SWIM_MEMBERS_MAX) {
      this.sink.viewFull();
      return;
    }
    const record: MemberRecord = {
      id: update.id,
      address: update.address,
      state: 'dead',
      incarnation: update.incarnation,
      changedAtMs: this.nowMs,
    };
    this.records.set(update.id, record);
    this.setState(record, 'alive', update.incarnation);
    this.broadcasts.add(update);
  }

  private setState(record: MemberRecord, state: SwimState, incarnation: number): void {
    const wasLive = LIVE.has(record.state);
    const isLive = LIVE.has(state);
    const changed = record.state !== state;
    record.incarnation = incarnation;
    if (state !== 'suspect') this.suspicions.delete(record.id);
    if (!changed) return;
    record.state = state;
    record.changedAtMs = this.nowMs;
    if (wasLive && !isLive) {
      this.liveCount -= 1;
      this.order.remove(record.id);
      this.departed.push({ id: record.id, atMs: this.nowMs });
    } else if (!wasLive && isLive) {
      this.liveCount += 1;
      this.order.add(record.id);
    }
    this.sink.changed(viewOf(record));
  }

  private suspicionParameters(): SuspicionParameters {
    return {
      members: this.liveCount + 1,
      probeIntervalMs: this.settings.probeIntervalMs,
      multiplier: this.settings.suspicionMultiplier,
      maxMultiplier: this.settings.suspicionMaxMultiplier,
      lifeguard: this.settings.lifeguard,
    };
  }

  private startSuspicion(record: MemberRecord, by: string): void {
    const timeoutMs = suspicionTimeoutMs(this.suspicionParameters(), 0);
    const suspicion: Suspicion = {
      incarnation: record.incarnation,
      startedAtMs: this.nowMs,
      confirmers: new Set([by]),
      deadlineMs: this.nowMs + timeoutMs,
    };
    this.suspicions.set(record.id, suspicion);
    this.nextSuspicionCheckMs = Math.min(this.nextSuspicionCheckMs, suspicion.deadlineMs);
  }

  /** Lifeguard §IV-B: an independent suspicion of the same incarnation shortens the timeout. */
  private confirm(record: MemberRecord, update: SwimUpdate): void {
    const suspicion = this.suspicions.get(record.id);
    const by = update.by!;
    if (suspicion === undefined || !this.settings.lifeguard || suspicion.confirmers.has(by)) return;
    const parameters = this.suspicionParameters();
    // Confirmations past the expected number change nothing; the set stays small.
    if (suspicion.confirmers.size > expectedConfirmations(parameters)) return;
    suspicion.confirmers.add(by);
    const timeoutMs = suspicionTimeoutMs(parameters, suspicion.confirmers.size - 1);
    suspicion.deadlineMs = Math.min(suspicion.deadlineMs, suspicion.startedAtMs + timeoutMs);
    this.nextSuspicionCheckMs = Math.min(this.nextSuspicionCheckMs, suspicion.deadlineMs);
    this.broadcasts.add(update);
  }

  private forgetDeparted(): void {
    while (this.departedHead < this.departed.length) {
      const entry = this.departed[this.departedHead]!;
      if (entry.atMs + this.settings.deadRetainMs > this.nowMs) break;
      this.departedHead += 1;
      const record = this.records.get(entry.id);
      if (record !== undefined && !LIVE.has(record.state) && record.changedAtMs === entry.atMs) {
        this.records.delete(entry.id);
      }
    }
    if (
      this.departedHead > SWIM_DEPARTED_COMPACT_MIN &&
      this.departedHead * 2 > this.departed.length
    ) {
      this.departed.splice(0, this.departedHead);
      this.departedHead = 0;
    }
  }
}

function viewOf(record: MemberRecord): SwimMemberView {
  const { id, address, state, incarnation } = record;
  return { id, address, state, incarnation };
}
