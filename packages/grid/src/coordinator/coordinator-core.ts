/**
 * The coordinator's decisions, without sockets or timers: registrations, heartbeats and session
 * reports come in as events with the time; placements come out with signed tickets; what the
 * shell must do (probe a node, close its link, tell nodes about new peers) comes out as effects.
 * The HTTP routes, the in-process `openSession`, the benchmarks and the simulator (packages/sim)
 * all drive this same object. Moving sessions (node failure, drain, a client that lost its node)
 * and accepting checkpoints are in session-moves.ts.
 */
import type { Signer } from '@mycel/kernel';
import {
  type HeartbeatFrame,
  issueTicket,
  type LatencyClass,
  type NodeRegistration,
  type ResumeSessionRequest,
  type SessionCheckpoint,
  type SessionStateFrame,
  type SessionTicket,
  type WireResult,
  wireFail,
  wireLimits,
} from '@mycel/wire';
import {
  FAILED_NODE_RETAIN_MS,
  FAILURE_CONFIRM_MS,
  HEARTBEAT_MISSED_SUSPECT,
  OPEN_SESSIONS_MAX,
  RESTART_NODE_GRACE_MS,
} from '../limits.js';
import { AgentCatalog } from './agent-catalog.js';
import {
  type FailureDetectorConfig,
  initialLiveness,
  type Liveness,
  type LivenessEvent,
  livenessTransition,
} from './failure-detector.js';
import type { NetworkCoordinate } from './network-coordinate.js';
import { type Attestation, classIndexOf, type NodeRecord, NodeTable } from './node-table.js';
import { placeAndReserve } from './placement.js';
import { type Routing, type RoutingQuestion, routingFor } from './placement-request.js';
import {
  checkpointVerdict,
  type MoveContext,
  type MoveEffect,
  moveSession,
  type ResumeAnswer,
  resumeSession,
  tickMoves,
} from './session-moves.js';
import { type SessionEntry, SessionRegistry } from './session-registry.js';

export interface CoordinatorCoreOptions {
  /** The grid name: every ticket's audience, and what registrations must name. */
  readonly grid: string;
  readonly signer: Signer;
  readonly heartbeatMs: number;
  readonly missedToSuspect?: number;
  readonly failureConfirmMs?: number;
  readonly ticketTtlMs?: number;
}

export type CoreEffect =
  | { readonly type: 'probe'; readonly node: string; readonly endpoint: string }
  | { readonly type: 'node-suspected'; readonly node: string; readonly reason: string }
  | { readonly type: 'node-recovered'; readonly node: string }
  | {
      readonly type: 'node-failed';
      readonly node: string;
      readonly reason: string;
      readonly sessions: readonly string[];
    }
  | { readonly type: 'session-expired'; readonly sid: string; readonly node: string }
  | { readonly type: 'membership-changed' }
  | MoveEffect;

export interface OpenRequest {
  readonly sid: string;
  readonly agent: string;
  readonly latencyClass: LatencyClass;
  readonly client: string;
  readonly coordinate?: NetworkCoordinate;
  readonly attestationMin?: Attestation;
  readonly probes?: readonly { readonly node: string; readonly rttMs: number }[];
}

export interface OpenedSession {
  readonly session: SessionEntry;
  readonly node: NodeRecord;
  readonly ticket: SessionTicket;
  readonly predictedRttMs: number | undefined;
}

export class CoordinatorCore {
  readonly nodes = new NodeTable();
  readonly sessions = new SessionRegistry();
  readonly catalog = new AgentCatalog();
  readonly grid: string;
  private readonly signer: Signer;
  private readonly detector: FailureDetectorConfig;
  private readonly ticketTtlMs: number;
  private readonly liveness = new Map<string, Liveness>();
  private readonly moves: MoveContext;
  /** Sessions read back after a restart, waiting for their node to register: sid → since. */
  private readonly awaitingNode = new Map<string, number>();

  constructor(options: CoordinatorCoreOptions) {
    this.grid = options.grid;
    this.signer = options.signer;
    this.ticketTtlMs = options.ticketTtlMs ?? wireLimits.TICKET_TTL_MS;
    this.detector = {
      heartbeatMs: options.heartbeatMs,
      missedToSuspect: options.missedToSuspect ?? HEARTBEAT_MISSED_SUSPECT,
      confirmMs: options.failureConfirmMs ?? FAILURE_CONFIRM_MS,
    };
    this.moves = {
      grid: this.grid,
      signer: this.signer,
      nodes: this.nodes,
      sessions: this.sessions,
      catalog: this.catalog,
      ticketTtlMs: this.ticketTtlMs,
    };
  }

  get did(): string {
    return this.signer.key.did;
  }

  /** A registration already verified against its challenge (verifyRegistration). */
  register(registration: NodeRegistration, nowMs: number): WireResult<NodeRecord> {
    const registered = this.nodes.register(registration, nowMs);
    if (!registered.ok) return registered;
    const record = registered.value;
    const previous = this.liveness.get(record.did) ?? initialLiveness(nowMs);
    this.liveness.set(
      record.did,
      livenessTransition(previous, { type: 'registered' }, nowMs, this.detector).state,
    );
    return registered;
  }

  heartbeat(node: string, frame: HeartbeatFrame, nowMs: number): CoreEffect[] {
    if (this.nodes.heartbeat(node, frame, nowMs) === undefined) return [];
    return this.liven(node, { type: 'heartbeat' }, nowMs);
  }

  linkClosed(node: string, nowMs: number): CoreEffect[] {
    const record = this.nodes.get(node);
    if (record === undefined) return [];
    this.nodes.setLinked(record, false);
    return this.liven(node, { type: 'link-closed' }, nowMs);
  }

  probeAnswered(node: string, nowMs: number): CoreEffect[] {
    return this.liven(node, { type: 'probe-answered' }, nowMs);
  }

  probeFailed(node: string, reason: string, nowMs: number): CoreEffect[] {
    return this.liven(node, { type: 'probe-failed', reason }, nowMs);
  }

  /** Timeouts: suspicion, confirmation, unattached sessions, forgetting long-failed nodes. */
  tick(nowMs: number): CoreEffect[] {
    const effects: CoreEffect[] = [];
    for (const node of this.liveness.keys())
      effects.push(...this.liven(node, { type: 'tick' }, nowMs));
    for (const session of this.sessions.expire(nowMs)) {
      session.reason ??= 'ticket_unused';
      const record = this.nodes.get(session.node);
      // The ticket went unused: the node did not admit the session (capacity_unproven).
      if (record !== undefined)
        this.nodes.releaseReservation(record.slot, classIndexOf(session.class), true);
      effects.push({ type: 'session-expired', sid: session.sid, node: session.node });
    }
    const forgotten: string[] = [];
    for (const record of this.nodes.records()) {
      if (record.state === 'failed' && nowMs - record.stateSinceMs >= FAILED_NODE_RETAIN_MS) {
        forgotten.push(record.did);
      }
    }
    for (const node of forgotten) {
      this.nodes.forget(node);
      this.liveness.delete(node);
    }
    effects.push(...tickMoves(this.moves, nowMs));
    effects.push(...this.moveOrphans(nowMs));
    return effects;
  }

  /**
   * A node's checkpoint: 'new' (the shell stores it, then calls checkpointStored and acknowledges
   * it), 'duplicate' (already stored: acknowledge again), or refused (the node drops the session).
   */
  checkpointOffered(node: string, checkpoint: SessionCheckpoint): WireResult<'new' | 'duplicate'> {
    return checkpointVerdict(this.sessions, node, checkpoint);
  }

  /**
   * The checkpoint is durable. It becomes the session's acknowledged state only if the session
   * did not move while it was written; otherwise the node hears session_epoch_stale.
   */
  checkpointStored(node: string, checkpoint: SessionCheckpoint, nowMs: number): WireResult<true> {
    const verdict = checkpointVerdict(this.sessions, node, checkpoint);
    if (!verdict.ok) return verdict;
    const session = this.sessions.get(checkpoint.sid)!;
    session.checkpoint = { seq: checkpoint.seq, digest: checkpoint.digest };
    session.turns = Math.max(session.turns, checkpoint.turns);
    session.updatedAtMs = nowMs;
    this.sessions.touch(session);
    return { ok: true, value: true };
  }

  /** A client lost its node or was handed back: where does its session continue? */
  resume(
    sid: string,
    request: ResumeSessionRequest,
    nowMs: number,
  ): { answer: ResumeAnswer; effects: CoreEffect[] } {
    const outcome = resumeSession(this.moves, sid, request, nowMs, {
      confirmMs: this.detector.confirmMs,
      answeredSince: (node, sinceMs) => {
        const liveness = this.liveness.get(node);
        return (
          liveness !== undefined &&
          liveness.phase === 'alive' &&
          liveness.probeAnsweredMs >= sinceMs
        );
      },
    });
    const effects: CoreEffect[] = [...outcome.effects];
    if (outcome.suspect !== undefined) {
      effects.push(...this.liven(outcome.suspect, { type: 'client-report' }, nowMs));
    }
    return { answer: outcome.answer, effects };
  }

  /** The node is draining: nothing new goes to it; its sessions move when their clients resume. */
  drain(node: string): boolean {
    const record = this.nodes.get(node);
    if (record === undefined) return false;
    this.nodes.setDraining(record, true);
    return true;
  }

  /**
   * After a restart: the sessions the journal kept, as they were. Those on a node wait for it to
   * register and report them; a node that does not come back within RESTART_NODE_GRACE_MS has
   * its sessions moved.
   */
  restoreSessions(entries: readonly SessionEntry[], nowMs: number): void {
    for (const entry of entries) {
      // A ticket issued before the restart may still be used until it expires: give it that long.
      if (entry.state === 'starting') {
        entry.expiresAtMs = nowMs + this.ticketTtlMs + wireLimits.TICKET_CLOCK_SKEW_MS;
      }
      this.sessions.restore(entry);
      if (entry.node !== '' && entry.state !== 'migrating') this.awaitingNode.set(entry.sid, nowMs);
    }
  }

  private moveOrphans(nowMs: number): CoreEffect[] {
    const effects: CoreEffect[] = [];
    for (const [sid, sinceMs] of this.awaitingNode) {
      const session = this.sessions.get(sid);
      const record = session === undefined ? undefined : this.nodes.get(session.node);
      if (session === undefined || (session.state !== 'active' && session.state !== 'starting')) {
        this.awaitingNode.delete(sid);
      } else if (record !== undefined && record.state === 'alive' && record.linked) {
        this.awaitingNode.delete(sid);
      } else if (nowMs - sinceMs >= RESTART_NODE_GRACE_MS) {
        this.awaitingNode.delete(sid);
        effects.push(...moveSession(this.moves, session, 'node_unavailable', nowMs));
      }
    }
    return effects;
  }

  /**
   * A node reports a session it serves (`session-state` on its link). Only the node the session
   * is placed on, at the session's epoch, may move it; anything else is refused with a code.
   */
  sessionReport(node: string, frame: SessionStateFrame, nowMs: number): WireResult<SessionEntry> {
    const session = this.sessions.get(frame.sid);
    if (session === undefined) return wireFail('session_not_found', `no session ${frame.sid}`);
    if (session.node !== node)
      return wireFail('session_wrong_node', `session ${frame.sid} is not placed on this node`);
    if (frame.epoch < session.epoch) {
      return wireFail('session_epoch_stale', `session ${frame.sid} is at epoch ${session.epoch}`);
    }
    if (frame.epoch > session.epoch) {
      return wireFail(
        'session_transition_invalid',
        `session ${frame.sid} has no epoch ${frame.epoch} yet`,
      );
    }
    const record = this.nodes.get(node);
    const before = session.state;
    if (!(before === 'active' && frame.state === 'active')) {
      const moved = this.sessions.transition(frame.sid, frame.state, nowMs);
      if (!moved.ok) return moved;
    }
    session.turns = Math.max(session.turns, frame.turns);
    session.updatedAtMs = nowMs;
    if (frame.state !== 'active') {
      session.reason ??= frame.state === 'failed' ? 'node_reported_failed' : 'session_closed';
    }
    if (frame.state === 'active') {
      // The client is attached (again): whatever it said about losing the node is settled.
      session.clientLostAtMs = undefined;
      session.reattachOffered = false;
    }
    if (record === undefined) return { ok: true, value: session };
    const classIndex = classIndexOf(session.class);
    const reserved = before === 'starting' || before === 'migrating';
    if (reserved && frame.state === 'active') {
      this.nodes.attached(record.slot, classIndex);
      session.attachedAtHeartbeat = record.heartbeats;
    } else if (reserved) {
      // A session that failed before it attached was not admitted (capacity_unproven).
      this.nodes.releaseReservation(record.slot, classIndex, frame.state === 'failed');
    } else if (before === 'active' && frame.state !== 'active') {
      const counted = record.heartbeats > (session.attachedAtHeartbeat ?? record.heartbeats);
      this.nodes.releaseAttached(record.slot, classIndex, counted);
    }
    if (frame.state === 'failed') this.nodes.penalize(record.slot);
    if (frame.state === 'closed' && before === 'active') this.nodes.credit(record.slot);
    return { ok: true, value: session };
  }

  /** Placement: filters → score → atomic reservation → a ticket for epoch 1. */
  open(request: OpenRequest, nowMs: number): WireResult<OpenedSession> {
    if (this.sessions.openCount >= OPEN_SESSIONS_MAX) {
      return wireFail('route_pushback', `the coordinator holds ${OPEN_SESSIONS_MAX} open sessions`);
    }
    const routing = this.placementRequest(request);
    if (!routing.ok) return routing;
    const { ticketAgent, placement } = routing.value;
    this.sessions.begin(
      {
        sid: request.sid,
        agent: ticketAgent,
        class: request.latencyClass,
        client: request.client,
        ...(request.coordinate === undefined ? {} : { coordinate: request.coordinate }),
        ...(request.attestationMin === undefined ? {} : { attestationMin: request.attestationMin }),
      },
      nowMs,
    );
    this.sessions.transition(request.sid, 'placing', nowMs);
    const choice = placeAndReserve(this.nodes, placement);
    if (!choice.ok) {
      this.sessions.discard(request.sid);
      return choice;
    }
    const node = this.nodes.atSlot(choice.value.slot)!;
    const ticket = issueTicket(
      {
        sid: request.sid,
        epoch: 1,
        node: node.did,
        agent: ticketAgent,
        class: request.latencyClass,
        client: request.client,
        aud: this.grid,
        nowMs,
        ttlMs: this.ticketTtlMs,
      },
      this.signer,
    );
    // A node accepts the ticket until exp + skew: the reservation is held that long.
    const placed = this.sessions.place(
      request.sid,
      node.did,
      ticket.exp + wireLimits.TICKET_CLOCK_SKEW_MS,
      nowMs,
    );
    if (!placed.ok) throw new Error(`assertion failed: ${placed.error.message}`);
    return {
      ok: true,
      value: { session: placed.value, node, ticket, predictedRttMs: choice.value.predictedRttMs },
    };
  }

  livenessOf(node: string): Liveness | undefined {
    return this.liveness.get(node);
  }

  /**
   * What placement needs for a request (placement-request.ts). `open` calls it; bench/route.ts
   * times it with placeAndReserve.
   */
  placementRequest(question: RoutingQuestion): WireResult<Routing> {
    return routingFor(this.nodes, this.catalog, question);
  }

  private liven(node: string, event: LivenessEvent, nowMs: number): CoreEffect[] {
    const state = this.liveness.get(node);
    const record = this.nodes.get(node);
    if (state === undefined || record === undefined) return [];
    const next = livenessTransition(state, event, nowMs, this.detector);
    this.liveness.set(node, next.state);
    if (next.effects.length === 0) return [];
    const effects: CoreEffect[] = [];
    for (const effect of next.effects) {
      switch (effect.type) {
        case 'node-suspected':
          this.nodes.setState(record, 'suspected', nowMs);
          effects.push({ type: 'node-suspected', node, reason: effect.reason });
          break;
        case 'probe':
          effects.push({ type: 'probe', node, endpoint: record.endpoint });
          break;
        case 'node-recovered':
          this.nodes.setState(record, 'alive', nowMs);
          effects.push({ type: 'node-recovered', node });
          break;
        case 'node-failed':
          this.nodes.setState(record, 'failed', nowMs);
          effects.push(...this.moveSessionsOff(record, effect.reason, nowMs));
          effects.push({ type: 'membership-changed' });
          break;
      }
    }
    return effects;
  }

  /**
   * A confirmed failure: every open session on the node moves to another node (new epoch,
   * restored from its checkpoint). A `starting` one moves too: its client may have attached just
   * before the node died (or attach to the node restarted with the old ticket); one that never
   * comes back fails when its migration budget runs out.
   */
  private moveSessionsOff(record: NodeRecord, reason: string, nowMs: number): CoreEffect[] {
    const moved: string[] = [];
    const effects: CoreEffect[] = [];
    for (const session of this.sessions.openOn(record.did)) {
      this.nodes.penalize(record.slot);
      effects.push(...moveSession(this.moves, session, 'node_failed', nowMs));
      moved.push(session.sid);
    }
    return [{ type: 'node-failed', node: record.did, reason, sessions: moved }, ...effects];
  }
}
