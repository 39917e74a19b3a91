/**
 * One SWIM member as a pure state machine (Das, Gupta, Motivala, "SWIM: Scalable Weakly-consistent
 * Infection-style Process Group Membership Protocol", DSN 2002) with Lifeguard's refinements
 * (Dadgar, Phillips, Currey, "Lifeguard: Local Health Awareness for More Accurate Failure
 * Detection", 2018). `step(event, nowMs)` returns effects (messages to send, membership changes);
 * time comes in as `nowMs`, randomness from `config.random`. No clock, no I/O.
 *
 * Each probe period (SWIM §3.1, §4.3): ping the next member of a randomized round-robin order;
 * without an ack within the probe timeout, ask k members to ping it (ping-req); without any ack by
 * the end of the period, suspect it (§4.2). A suspected member refutes by raising its incarnation;
 * a suspicion that outlives its timeout becomes dead. Updates travel piggybacked (§4.1).
 *
 * Lifeguard (config.lifeguard): the local health multiplier (§IV-A) scales the probe interval and
 * timeout by (health + 1); it rises on a failed probe whose relays did not all nack, on each
 * missing nack, and on refuting a suspicion about oneself, and falls on each answered probe.
 * Relays send nacks. Suspicion timeouts shrink with confirmations (§IV-B, swim-suspicion.ts).
 * A ping to a suspect carries the suspicion first, so the suspect can refute at once (§IV-C).
 *
 * Per event the work is O(1) amortised, apart from scans bounded by the pending suspicions and
 * relays, which run only when one of their deadlines has passed. members() is O(n).
 */
import { assert } from '@mycel/kernel';
import {
  SWIM_NACK_TIMEOUT_FRACTION,
  SWIM_PIGGYBACK_UPDATES_MAX,
  SWIM_RELAYS_PENDING_MAX,
  SWIM_SYNC_MEMBERS_MAX,
} from '../limits.js';
import type { MeshErrorCode } from '../mesh-error.js';
import { SwimBroadcasts } from './swim-broadcasts.js';
import { checkSwimConfig, type SwimConfig, type SwimSettings } from './swim-config.js';
import {
  parseSwimMessage,
  type SwimMessage,
  type SwimPingRequest,
  type SwimState,
  type SwimUpdate,
} from './swim-messages.js';
import { type SwimMemberView, SwimView } from './swim-view.js';

export type { SwimMemberView };

export type SwimEvent =
  | { readonly type: 'tick' }
  /** `from`: the sender the transport authenticated; `address`: where the datagram came from. */
  | {
      readonly type: 'message';
      readonly from: string;
      readonly message: unknown;
      readonly address?: string;
    }
  | { readonly type: 'join'; readonly id: string; readonly address: string }
  | { readonly type: 'leave' };

export type SwimEffect =
  | {
      readonly type: 'send';
      readonly to: string;
      readonly address: string;
      readonly message: SwimMessage;
    }
  | {
      readonly type: 'member-state';
      readonly id: string;
      readonly state: SwimState;
      readonly incarnation: number;
    };

export interface SwimStats {
  readonly incarnation: number;
  /** Lifeguard's local health multiplier (0 = healthy); always 0 for plain SWIM. */
  readonly localHealth: number;
  /** Members other than this one that are alive or suspect. */
  readonly liveMembers: number;
  readonly suspicions: number;
  readonly broadcastsQueued: number;
  readonly messagesSent: number;
  /** Rejected incoming messages and dropped news, by code. */
  readonly rejected: Readonly<Partial<Record<MeshErrorCode, number>>>;
}

export interface SwimMember {
  readonly id: string;
  step(event: SwimEvent, nowMs: number): SwimEffect[];
  members(): SwimMemberView[];
  member(id: string): SwimMemberView | undefined;
  stats(): SwimStats;
}

interface ProbeRound {
  readonly target: string;
  readonly seq: number;
  readonly directDeadlineMs: number;
  readonly endMs: number;
  indirect: boolean;
  readonly relays: Set<string>;
  readonly nacked: Set<string>;
}

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

/** Creates a member; throws on a configuration checkSwimConfig refuses (a caller bug). */
export function createSwimMember(config: SwimConfig): SwimMember {
  const settings = checkSwimConfig(config);
  assert(settings.ok, settings.ok ? '' : `swim_config_invalid: ${settings.error.message}`);
  return new SwimMachine(settings.value);
}

class SwimMachine implements SwimMember {
  readonly id: string;
  private incarnation = 0;
  private leaving = false;
  private localHealth = 0;
  private seq = 0;
  private sent = 0;
  private readonly broadcasts = new SwimBroadcasts();
  private readonly view: SwimView;
  private probe: ProbeRound | undefined;
  private readonly relays = new Map<number, Relay>();
  private nextRelayCheckMs = Number.POSITIVE_INFINITY;
  private nextProbeAtMs: number | undefined;
  private nextSyncAtMs = 0;
  private readonly rejected: Partial<Record<MeshErrorCode, number>> = {};
  private effects: SwimEffect[] = [];
  private nowMs = 0;

  constructor(private readonly settings: SwimSettings) {
    this.id = settings.id;
    this.view = new SwimView(settings, this.broadcasts, {
      changed: (view) => this.emitState(view),
      viewFull: () => this.reject('swim_view_full'),
    });
    this.broadcasts.add(this.selfUpdate());
  }

  step(event: SwimEvent, nowMs: number): SwimEffect[] {
    assert(Number.isFinite(nowMs), 'nowMs is a finite number');
    this.nowMs = nowMs;
    this.view.nowMs = nowMs;
    this.effects = [];
    if (this.nextProbeAtMs === undefined) {
      // A random phase, so that members started together do not probe in lockstep.
      this.nextProbeAtMs = nowMs + this.settings.random() * this.settings.probeIntervalMs;
      this.nextSyncAtMs = nowMs + this.settings.syncIntervalMs;
    }
    if (event.type === 'tick') this.tick();
    else if (event.type === 'message') this.receive(event.from, event.message, event.address);
    else if (event.type === 'join') this.join(event.id, event.address);
    else this.leave();
    return this.effects;
  }

  members(): SwimMemberView[] {
    return [this.selfUpdate(), ...this.view.views()];
  }

  member(id: string): SwimMemberView | undefined {
    return id === this.id ? this.selfUpdate() : this.view.view(id);
  }

  stats(): SwimStats {
    return {
      incarnation: this.incarnation,
      localHealth: this.localHealth,
      liveMembers: this.view.liveCount,
      suspicions: this.view.suspicionCount,
      broadcastsQueued: this.broadcasts.size,
      messagesSent: this.sent,
      rejected: { ...this.rejected },
    };
  }

  // --- timers ---

  private tick(): void {
    this.view.expire();
    if (this.nowMs >= this.nextRelayCheckMs) this.serviceRelays();
    if (this.leaving) return;
    const probe = this.probe;
    if (probe !== undefined && !probe.indirect && this.nowMs >= probe.directDeadlineMs) {
      this.probeIndirectly(probe);
    }
    if (probe !== undefined && this.nowMs >= probe.endMs) this.probeFailed(probe);
    if (this.probe === undefined && this.nowMs >= this.nextProbeAtMs!) this.startProbe();
    if (this.nowMs >= this.nextSyncAtMs) {
      this.nextSyncAtMs = this.nowMs + this.settings.syncIntervalMs;
      const peer = this.view.order.sample();
      if (peer !== undefined) this.sendSync(peer, this.view.view(peer)!.address, false);
    }
  }

  /** Lifeguard §IV-A: timeouts and intervals grow with the local health multiplier. */
  private scaled(ms: number): number {
    return this.settings.lifeguard ? ms * (this.localHealth + 1) : ms;
  }

  private adjustHealth(delta: number): void {
    if (!this.settings.lifeguard) return;
    this.localHealth = Math.min(
      this.settings.localHealthMax,
      Math.max(0, this.localHealth + delta),
    );
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
    this.send(
      target,
      record.address,
      { type: 'ping', sender: this.id, target, seq: this.seq },
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
      this.send(relay, record.address, {
        type: 'ping-req',
        sender: this.id,
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
    this.applyUpdate({
      id: record.id,
      address: record.address,
      state: 'suspect',
      incarnation: record.incarnation,
      by: this.id,
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
        this.send(relay.origin, relay.originAddress, {
          type: 'nack',
          sender: this.id,
          target: relay.target,
          seq: relay.originSeq,
        });
      }
      next = Math.min(next, relay.nackSent || !relay.wantsNack ? relay.expireAtMs : relay.nackAtMs);
    }
    this.nextRelayCheckMs = next;
  }

  // --- messages ---

  private receive(from: string, value: unknown, fromAddress: string | undefined): void {
    const parsed = parseSwimMessage(value);
    if (!parsed.ok) {
      this.reject(parsed.error.code);
      return;
    }
    const message = parsed.value;
    if (message.sender !== from || from === this.id) {
      this.reject('swim_sender_mismatch');
      return;
    }
    if (
      (message.type === 'ping' && message.target !== this.id) ||
      (message.type === 'ping-req' && message.target === this.id)
    ) {
      this.reject('swim_target_mismatch');
      return;
    }
    for (const update of message.updates) this.applyUpdate(update);
    const replyAddress = this.view.view(from)?.address ?? fromAddress;
    switch (message.type) {
      case 'ping':
        if (replyAddress !== undefined) {
          this.send(from, replyAddress, {
            type: 'ack',
            sender: this.id,
            target: this.id,
            seq: message.seq,
          });
        }
        return;
      case 'ping-req':
        this.relay(message.sender, replyAddress, message);
        return;
      case 'ack':
        this.acknowledged(message.sender, message.target, message.seq);
        return;
      case 'nack': {
        const probe = this.probe;
        if (
          probe?.seq === message.seq &&
          probe.target === message.target &&
          probe.relays.has(from)
        ) {
          probe.nacked.add(from);
        }
        return;
      }
      case 'sync':
        for (const entry of message.members) this.applyUpdate(entry);
        if (message.reply && replyAddress !== undefined) this.sendSync(from, replyAddress, false);
        return;
    }
  }

  private relay(origin: string, originAddress: string | undefined, request: SwimPingRequest): void {
    if (originAddress === undefined) return;
    if (this.relays.size >= SWIM_RELAYS_PENDING_MAX) {
      this.reject('swim_relays_full');
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
    this.send(request.target, address, {
      type: 'ping',
      sender: this.id,
      target: request.target,
      seq: this.seq,
    });
  }

  private acknowledged(sender: string, target: string, seq: number): void {
    const probe = this.probe;
    if (probe !== undefined && probe.seq === seq && probe.target === target) {
      this.probe = undefined;
      this.adjustHealth(-1);
      return;
    }
    const relay = this.relays.get(seq);
    if (relay !== undefined && sender === relay.target && target === relay.target) {
      this.relays.delete(seq);
      this.send(relay.origin, relay.originAddress, {
        type: 'ack',
        sender: this.id,
        target: relay.target,
        seq: relay.originSeq,
      });
    }
  }

  private join(id: string, address: string): void {
    if (id === this.id || this.leaving) return;
    if (!this.view.has(id)) this.view.apply({ id, address, state: 'alive', incarnation: 0 });
    const record = this.view.view(id);
    this.sendSync(id, record?.address ?? address, true);
  }

  private leave(): void {
    if (this.leaving) return;
    this.leaving = true;
    this.incarnation += 1;
    const update = this.selfUpdate();
    this.broadcasts.add(update);
    this.emitState(update);
    for (let i = 0; i < this.settings.indirectProbes + 1; i += 1) {
      const peer = this.view.order.sample();
      if (peer !== undefined) this.sendSync(peer, this.view.view(peer)!.address, false);
    }
  }

  private sendSync(to: string, address: string, reply: boolean): void {
    const chosen = new Map<string, SwimUpdate>([[this.id, this.selfUpdate()]]);
    for (
      let attempt = 0;
      attempt < 2 * SWIM_SYNC_MEMBERS_MAX && chosen.size < SWIM_SYNC_MEMBERS_MAX;
      attempt += 1
    ) {
      const id = this.view.order.sample();
      if (id === undefined) break;
      if (id !== to && !chosen.has(id)) chosen.set(id, this.view.updateOf(id)!);
    }
    this.send(to, address, { type: 'sync', sender: this.id, reply, members: [...chosen.values()] });
  }

  private send(
    to: string,
    address: string,
    body: DistributiveOmit<SwimMessage, 'updates'>,
    first?: string,
  ): void {
    const limit =
      this.settings.retransmitMultiplier * Math.ceil(Math.log10(this.view.liveCount + 2));
    const updates = this.broadcasts.take(SWIM_PIGGYBACK_UPDATES_MAX, limit, first);
    this.sent += 1;
    this.effects.push({ type: 'send', to, address, message: { ...body, updates } as SwimMessage });
  }

  private reject(code: MeshErrorCode): void {
    this.rejected[code] = (this.rejected[code] ?? 0) + 1;
  }

  // --- updates (precedence rules in swim-view.ts) ---

  private applyUpdate(update: SwimUpdate): void {
    if (update.id === this.id) this.aboutSelf(update);
    else this.view.apply(update);
  }

  /** SWIM §4.2: a member that hears it is suspected (or dead) refutes with a higher incarnation. */
  private aboutSelf(update: SwimUpdate): void {
    if (this.leaving || update.incarnation < this.incarnation) return;
    if (update.state === 'alive' && update.incarnation === this.incarnation) return;
    this.incarnation = update.incarnation + 1;
    if (update.state !== 'alive') this.adjustHealth(1);
    this.broadcasts.add(this.selfUpdate());
  }

  private selfUpdate(): SwimUpdate {
    const state: SwimState = this.leaving ? 'left' : 'alive';
    return { id: this.id, address: this.settings.address, state, incarnation: this.incarnation };
  }

  private emitState(view: SwimMemberView): void {
    this.effects.push({
      type: 'member-state',
      id: view.id,
      state: view.state,
      incarnation: view.incarnation,
    });
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
