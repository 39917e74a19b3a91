/**
 * The probe cycle of one SWIM member (SWIM §3.1, §4.3), both sides of it:
 *
 *   prober  each probe period, ping the next member of the randomized round-robin order; without
 *           an ack within the probe timeout, ask k live members to ping it (ping-req); without any
 *           ack by the end of the period, suspect it (§4.2)
 *   relay   on a ping-req, ping the target under a sequence number of one's own and pass its ack
 *           back to the origin; with Lifeguard, send the origin a nack when no ack came in time
 *
 * Lifeguard's local health multiplier (§IV-A) lives here, because the probe cycle measures it: it
 * scales the probe interval and timeout by (health + 1); it rises on a failed probe whose relays
 * did not all nack and on each missing nack, and falls on each answered probe. The member raises
 * it as well when it refutes a suspicion about itself (swim-member.ts). A ping to a suspect
 * carries the suspicion first, so the suspect can refute at once (§IV-C).
 *
 * Pure like the member: time comes in as `nowMs`; messages and suspicions go out to the sink.
 */
import { SWIM_NACK_TIMEOUT_FRACTION, SWIM_RELAYS_PENDING_MAX } from '../limits.js';
import type { MeshErrorCode } from '../mesh-error.js';
import type { SwimSettings } from './swim-config.js';
import type { SwimMessage, SwimPingRequest, SwimUpdate } from './swim-messages.js';
import type { SwimView } from './swim-view.js';

/** An outgoing message before the member piggybacks its updates on it. */
export type SwimMessageBody = DistributiveOmit<SwimMessage, 'updates'>;

/** Where the probe cycle sends what it decides. */
export interface ProbeSink {
  /** Sends `body` with updates piggybacked; `first`: the member whose queued update goes first. */
  send(to: string, address: string, body: SwimMessageBody, first?: string): void;
  reject(code: MeshErrorCode): void;
  applyUpdate(update: SwimUpdate): void;
}

/** The probe this member is running: one target per period. */
interface ProbeRound {
  readonly target: string;
  readonly seq: number;
  readonly directDeadlineMs: number;
  readonly endMs: number;
  indirect: boolean;
  readonly relays: Set<string>;
  readonly nacked: Set<string>;
}

/** A ping this member sends on behalf of another one's ping-req, keyed by its own seq. */
interface Relay {
  readonly origin: string;
  readonly originAddress: string;
  readonly originSeq: number;
  readonly target: string;
  readonly nackAtMs: number;
  readonly expireAtMs: number;
  readonly wantsNack: boolean;
  nackSent: boolean;
}

export class SwimProber {
  /** The clock of the current step, set by the member before each event. */
  nowMs = 0;
  private health = 0;
  private seq = 0;
  private probe: ProbeRound | undefined;
  private readonly relays = new Map<number, Relay>();
  private nextRelayCheckMs = Number.POSITIVE_INFINITY;
  private nextProbeAtMs: number | undefined;

  constructor(
    private readonly settings: SwimSettings,
    private readonly view: SwimView,
    private readonly sink: ProbeSink,
  ) {}

  /** Lifeguard's local health multiplier (0 = healthy); always 0 for plain SWIM. */
  get localHealth(): number {
    return this.health;
  }

  /** Whether the first probe has been scheduled (start has run). */
  get started(): boolean {
    return this.nextProbeAtMs !== undefined;
  }

  /**
   * Schedules the first probe at a random phase, so that members started together do not probe
   * in lockstep.
   */
  start(): void {
    this.nextProbeAtMs = this.nowMs + this.settings.random() * this.settings.probeIntervalMs;
  }

  /** Lifeguard §IV-A: moves the local health multiplier by `delta`, within [0, localHealthMax]. */
  adjustHealth(delta: number): void {
    if (!this.settings.lifeguard) return;
    this.health = Math.min(this.settings.localHealthMax, Math.max(0, this.health + delta));
  }

  /** Sends the nacks that are due and forgets expired relays, when the first deadline has come. */
  tickRelays(): void {
    if (this.nowMs >= this.nextRelayCheckMs) this.serviceRelays();
  }

  /** Moves the probe on: to ping-req at the probe timeout, to suspicion at the period's end. */
  tickProbe(): void {
    const probe = this.probe;
    if (probe !== undefined && !probe.indirect && this.nowMs >= probe.directDeadlineMs) {
      this.probeIndirectly(probe);
    }
    if (probe !== undefined && this.nowMs >= probe.endMs) this.probeFailed(probe);
    if (this.probe === undefined && this.nowMs >= this.nextProbeAtMs!) this.startProbe();
  }

  /** An ack from `sender` for `target`: ends this member's probe, or is passed back by a relay. */
  acknowledged(sender: string, target: string, seq: number): void {
    const probe = this.probe;
    if (probe !== undefined && probe.seq === seq && probe.target === target) {
      this.probe = undefined;
      this.adjustHealth(-1);
      return;
    }
    const relay = this.relays.get(seq);
    if (relay !== undefined && sender === relay.target && target === relay.target) {
      this.relays.delete(seq);
      this.sink.send(relay.origin, relay.originAddress, {
        type: 'ack',
        sender: this.settings.id,
        target: relay.target,
        seq: relay.originSeq,
      });
    }
  }

  /** Lifeguard: relay `from` heard nothing from `target` either, yet it answered this member. */
  nacked(from: string, target: string, seq: number): void {
    const probe = this.probe;
    if (probe?.seq === seq && probe.target === target && probe.relays.has(from)) {
      probe.nacked.add(from);
    }
  }

  /** A ping-req from `origin`: ping its target on its behalf (nothing without a reply address). */
  relay(origin: string, originAddress: string | undefined, request: SwimPingRequest): void {
    if (originAddress === undefined) return;
    if (this.relays.size >= SWIM_RELAYS_PENDING_MAX) {
      this.sink.reject('swim_relays_full');
      return;
    }
    this.seq = (this.seq + 1) % Number.MAX_SAFE_INTEGER;
    const relay: Relay = {
      origin,
      originAddress,
      originSeq: request.seq,
      target: request.target,
      nackAtMs: this.nowMs + SWIM_NACK_TIMEOUT_FRACTION * this.settings.probeTimeoutMs,
      expireAtMs: this.nowMs + this.settings.probeIntervalMs,
      wantsNack: request.nack,
      nackSent: false,
    };
    this.relays.set(this.seq, relay);
    this.nextRelayCheckMs = Math.min(
      this.nextRelayCheckMs,
      request.nack ? relay.nackAtMs : relay.expireAtMs,
    );
    const address = this.view.view(request.target)?.address ?? request.targetAddress;
    this.sink.send(request.target, address, {
      type: 'ping',
      sender: this.settings.id,
      target: request.target,
      seq: this.seq,
    });
  }

  /** Lifeguard §IV-A: timeouts and intervals grow with the local health multiplier. */
  private scaled(ms: number): number {
    return this.settings.lifeguard ? ms * (this.health + 1) : ms;
  }

  private startProbe(): void {
    const target = this.view.order.take();
    const intervalMs = this.scaled(this.settings.probeIntervalMs);
    this.nextProbeAtMs = this.nowMs + intervalMs;
    if (target === undefined) return;
    const record = this.view.view(target)!;
    this.seq = (this.seq + 1) % Number.MAX_SAFE_INTEGER;
    this.probe = {
      target,
      seq: this.seq,
      directDeadlineMs: this.nowMs + this.scaled(this.settings.probeTimeoutMs),
      endMs: this.nowMs + intervalMs,
      indirect: false,
      relays: new Set(),
      nacked: new Set(),
    };
    const buddy = this.settings.lifeguard && record.state === 'suspect' ? target : undefined;
    this.sink.send(
      target,
      record.address,
      { type: 'ping', sender: this.settings.id, target, seq: this.seq },
      buddy,
    );
  }

  private probeIndirectly(probe: ProbeRound): void {
    probe.indirect = true;
    const target = this.view.view(probe.target);
    if (target === undefined) return;
    const wanted = Math.min(this.settings.indirectProbes, this.view.liveCount - 1);
    for (let attempt = 0; attempt < 3 * wanted && probe.relays.size < wanted; attempt += 1) {
      const relay = this.view.order.sample();
      if (relay === undefined || relay === probe.target || probe.relays.has(relay)) continue;
      const record = this.view.view(relay)!;
      if (record.state !== 'alive') continue;
      probe.relays.add(relay);
      this.sink.send(relay, record.address, {
        type: 'ping-req',
        sender: this.settings.id,
        target: probe.target,
        targetAddress: target.address,
        seq: probe.seq,
        nack: this.settings.lifeguard,
      });
    }
  }

  private probeFailed(probe: ProbeRound): void {
    this.probe = undefined;
    const expectedNacks = this.settings.lifeguard ? probe.relays.size : 0;
    // Lifeguard §IV-A: a nack that did not come back hints that this member is the slow one.
    this.adjustHealth(expectedNacks > 0 ? expectedNacks - probe.nacked.size : 1);
    const record = this.view.view(probe.target);
    if (record === undefined || (record.state !== 'alive' && record.state !== 'suspect')) return;
    this.sink.applyUpdate({
      id: record.id,
      address: record.address,
      state: 'suspect',
      incarnation: record.incarnation,
      by: this.settings.id,
    });
  }

  private serviceRelays(): void {
    let next = Number.POSITIVE_INFINITY;
    for (const [seq, relay] of this.relays) {
      if (relay.expireAtMs <= this.nowMs) {
        this.relays.delete(seq);
        continue;
      }
      if (relay.wantsNack && !relay.nackSent && relay.nackAtMs <= this.nowMs) {
        relay.nackSent = true;
        this.sink.send(relay.origin, relay.originAddress, {
          type: 'nack',
          sender: this.settings.id,
          target: relay.target,
          seq: relay.originSeq,
        });
      }
      next = Math.min(next, relay.nackSent || !relay.wantsNack ? relay.expireAtMs : relay.nackAtMs);
    }
    this.nextRelayCheckMs = next;
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
