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
 * This file holds the public API, the member's own identity (incarnation, refutation, leaving),
 * joins and syncs, and the outgoing side (piggybacking, effects). The probe cycle and the relays
 * are in swim-prober.ts, the handling of incoming messages in swim-receive.ts, what the member
 * believes about the others in swim-view.ts.
 *
 * Per event the work is O(1) amortised, apart from scans bounded by the pending suspicions and
 * relays, which run only when one of their deadlines has passed. members() is O(n).
 */
import { assert } from '@mycel/kernel';
import { SWIM_PIGGYBACK_UPDATES_MAX, SWIM_SYNC_MEMBERS_MAX } from '../limits.js';
import type { MeshErrorCode } from '../mesh-error.js';
import { SwimBroadcasts } from './swim-broadcasts.js';
import { checkSwimConfig, type SwimConfig, type SwimSettings } from './swim-config.js';
import type { SwimMessage, SwimState, SwimUpdate } from './swim-messages.js';
import { type ProbeSink, type SwimMessageBody, SwimProber } from './swim-prober.js';
import { type ReceiveHost, receiveSwimMessage } from './swim-receive.js';
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
  private sent = 0;
  private readonly broadcasts = new SwimBroadcasts();
  private readonly view: SwimView;
  private readonly prober: SwimProber;
  private readonly inbox: ReceiveHost;
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
    const sink: ProbeSink = {
      send: (to, address, body, first) => this.send(to, address, body, first),
      reject: (code) => this.reject(code),
      applyUpdate: (update) => this.applyUpdate(update),
    };
    this.prober = new SwimProber(settings, this.view, sink);
    this.inbox = {
      ...sink,
      id: this.id,
      view: this.view,
      prober: this.prober,
      sendSync: (to, address, reply) => this.sendSync(to, address, reply),
    };
    this.broadcasts.add(this.selfUpdate());
  }

  step(event: SwimEvent, nowMs: number): SwimEffect[] {
    assert(Number.isFinite(nowMs), 'nowMs is a finite number');
    this.nowMs = nowMs;
    this.view.nowMs = nowMs;
    this.prober.nowMs = nowMs;
    this.effects = [];
    if (!this.prober.started) {
      this.prober.start();
      this.nextSyncAtMs = nowMs + this.settings.syncIntervalMs;
    }
    if (event.type === 'tick') this.tick();
    else if (event.type === 'message') {
      receiveSwimMessage(this.inbox, event.from, event.message, event.address);
    } else if (event.type === 'join') this.join(event.id, event.address);
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
      localHealth: this.prober.localHealth,
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
    this.prober.tickRelays();
    if (this.leaving) return;
    this.prober.tickProbe();
    if (this.nowMs >= this.nextSyncAtMs) {
      this.nextSyncAtMs = this.nowMs + this.settings.syncIntervalMs;
      const peer = this.view.order.sample();
      if (peer !== undefined) this.sendSync(peer, this.view.view(peer)!.address, false);
    }
  }

  // --- joining, leaving, syncing ---

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

  /** Sends `to` this member's own record and a sample of others; `reply` asks for a sync back. */
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

  // --- effects ---

  /** Emits `body` with up to SWIM_PIGGYBACK_UPDATES_MAX queued updates piggybacked (SWIM §4.1). */
  private send(to: string, address: string, body: SwimMessageBody, first?: string): void {
    const limit =
      this.settings.retransmitMultiplier * Math.ceil(Math.log10(this.view.liveCount + 2));
    const updates = this.broadcasts.take(SWIM_PIGGYBACK_UPDATES_MAX, limit, first);
    this.sent += 1;
    this.effects.push({ type: 'send', to, address, message: { ...body, updates } as SwimMessage });
  }

  private reject(code: MeshErrorCode): void {
    this.rejected[code] = (this.rejected[code] ?? 0) + 1;
  }

  private emitState(view: SwimMemberView): void {
    this.effects.push({
      type: 'member-state',
      id: view.id,
      state: view.state,
      incarnation: view.incarnation,
    });
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
    if (update.state !== 'alive') this.prober.adjustHealth(1);
    this.broadcasts.add(this.selfUpdate());
  }

  private selfUpdate(): SwimUpdate {
    const state: SwimState = this.leaving ? 'left' : 'alive';
    return { id: this.id, address: this.settings.address, state, incarnation: this.incarnation };
  }
}
