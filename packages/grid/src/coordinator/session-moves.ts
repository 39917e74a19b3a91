/**
 * Moving sessions between nodes (ARCHITECTURE §5.2), the coordinator's side, without sockets or
 * timers. A move bumps the session's epoch first (so every ticket of the old placement is fenced
 * off), then reserves a new node and tells it which checkpoint to restore; the client learns the
 * new placement when it asks to resume. Checkpoints are accepted only from the session's node at
 * the session's epoch, each newer than the last: a node cut off by a partition cannot make a turn
 * durable, so it can never acknowledge one.
 */
import type { Signer } from '@mycel/kernel';
import {
  issueTicket,
  type ResumeSessionRequest,
  type SessionCheckpoint,
  type SessionTicket,
  verifyResumeProof,
  type WireError,
  type WireResult,
  wireFail,
  wireLimits,
} from '@mycel/wire';
import {
  MIGRATION_BUDGET_MS,
  MOVES_PLACED_PER_TICK_MAX,
  RESUME_RETRY_AFTER_MS,
} from '../limits.js';
import type { AgentCatalog } from './agent-catalog.js';
import { classIndexOf, type NodeRecord, type NodeTable } from './node-table.js';
import { placeAndReserve } from './placement.js';
import { routingFor } from './placement-request.js';
import type { SessionEntry, SessionRegistry } from './session-registry.js';

/** What the shell must do after a move: hand the new node its checkpoint, log the move. */
export type MoveEffect =
  | {
      readonly type: 'restore';
      readonly node: string;
      readonly sid: string;
      readonly epoch: number;
      readonly digest: string;
    }
  | {
      readonly type: 'session-moving';
      readonly sid: string;
      readonly from: string;
      readonly epoch: number;
      readonly reason: string;
    }
  | {
      readonly type: 'session-placed';
      readonly sid: string;
      readonly node: string;
      readonly epoch: number;
    }
  | { readonly type: 'session-failed'; readonly sid: string; readonly reason: string };

export interface MoveContext {
  readonly grid: string;
  readonly signer: Signer;
  readonly nodes: NodeTable;
  readonly sessions: SessionRegistry;
  readonly catalog: AgentCatalog;
  readonly ticketTtlMs: number;
}

/** A placement the client can attach to. */
export interface Placed {
  readonly session: SessionEntry;
  readonly node: NodeRecord;
  readonly ticket: SessionTicket;
}

/** The ticket for the session's current placement (its epoch, node and checkpoint). */
export function ticketFor(
  context: MoveContext,
  session: SessionEntry,
  nowMs: number,
): SessionTicket {
  return issueTicket(
    {
      sid: session.sid,
      epoch: session.epoch,
      node: session.node,
      agent: session.agent,
      class: session.class,
      client: session.client,
      aud: context.grid,
      nowMs,
      ttlMs: context.ticketTtlMs,
      ...(session.checkpoint === undefined ? {} : { checkpoint: session.checkpoint }),
    },
    context.signer,
  );
}

/**
 * Takes an open session off its node for a new epoch and tries to place it at once. `avoid` is a
 * node the client cannot reach although it answers the coordinator: placement scores it as if
 * the client had measured it unreachable.
 */
export function moveSession(
  context: MoveContext,
  session: SessionEntry,
  reason: string,
  nowMs: number,
  avoid?: string,
): MoveEffect[] {
  const { nodes, sessions } = context;
  const from = session.node;
  const record = nodes.get(from);
  if (record !== undefined) {
    const classIndex = classIndexOf(session.class);
    if (session.state === 'starting' || session.state === 'migrating') {
      nodes.releaseReservation(record.slot, classIndex);
    } else if (session.state === 'active') {
      const counted = record.heartbeats > (session.attachedAtHeartbeat ?? record.heartbeats);
      nodes.releaseAttached(record.slot, classIndex, counted);
    }
  }
  const moved = sessions.beginMove(session.sid, reason, nowMs);
  if (!moved.ok) return [];
  const effects: MoveEffect[] = [
    { type: 'session-moving', sid: session.sid, from, epoch: session.epoch, reason },
  ];
  effects.push(...placeMoving(context, session, avoid));
  return effects;
}

/** Reserves a node for a migrating, unplaced session; nothing when every node is full. */
export function placeMoving(
  context: MoveContext,
  session: SessionEntry,
  avoid?: string,
): MoveEffect[] {
  if (session.state !== 'migrating' || session.node !== '') return [];
  const routing = routingFor(context.nodes, context.catalog, {
    agent: session.agent,
    latencyClass: session.class,
    ...(session.coordinate === undefined ? {} : { coordinate: session.coordinate }),
    ...(session.attestationMin === undefined ? {} : { attestationMin: session.attestationMin }),
    ...(avoid === undefined
      ? {}
      : { probes: [{ node: avoid, rttMs: wireLimits.PROBE_RTT_MS_MAX }] }),
  });
  if (!routing.ok) return [];
  const choice = placeAndReserve(context.nodes, routing.value.placement);
  if (!choice.ok) return [];
  const node = context.nodes.atSlot(choice.value.slot)!;
  context.sessions.placeMove(session, node.did);
  const effects: MoveEffect[] = [
    { type: 'session-placed', sid: session.sid, node: node.did, epoch: session.epoch },
  ];
  if (session.checkpoint !== undefined) {
    effects.push({
      type: 'restore',
      node: node.did,
      sid: session.sid,
      epoch: session.epoch,
      digest: session.checkpoint.digest,
    });
  }
  return effects;
}

/** Migrating sessions: place the unplaced ones, fail those past their budget. */
export function tickMoves(context: MoveContext, nowMs: number): MoveEffect[] {
  const effects: MoveEffect[] = [];
  let placed = 0;
  for (const session of context.sessions.moving()) {
    if (nowMs - (session.movingSinceMs ?? nowMs) >= MIGRATION_BUDGET_MS) {
      effects.push(...failMove(context, session, nowMs));
      continue;
    }
    if (session.node === '' && placed < MOVES_PLACED_PER_TICK_MAX) {
      placed += 1;
      effects.push(...placeMoving(context, session));
    }
  }
  return effects;
}

function failMove(context: MoveContext, session: SessionEntry, nowMs: number): MoveEffect[] {
  const record = context.nodes.get(session.node);
  if (record !== undefined) {
    context.nodes.releaseReservation(record.slot, classIndexOf(session.class));
  }
  if (!context.sessions.transition(session.sid, 'failed', nowMs).ok) return [];
  session.reason = 'migration_timeout';
  return [{ type: 'session-failed', sid: session.sid, reason: 'migration_timeout' }];
}

/** A refused resume; resume_pending says when to ask again. */
export type ResumeError = WireError & { readonly retryAfterMs?: number };
export type ResumeAnswer =
  | { readonly ok: true; readonly value: Placed }
  | { readonly ok: false; readonly error: ResumeError };

export interface ResumeOutcome {
  readonly answer: ResumeAnswer;
  readonly effects: readonly MoveEffect[];
  /** The client says it lost a node the coordinator still thinks alive: look at that node. */
  readonly suspect?: string;
}

/**
 * A client asks where its session went. The request is the client's word only about what it saw
 * (its epoch, its last acknowledged turn); the coordinator decides from its own registry.
 */
export function resumeSession(
  context: MoveContext,
  sid: string,
  request: ResumeSessionRequest,
  nowMs: number,
  liveness: {
    readonly confirmMs: number;
    /**
     * Has a health probe of `node` answered since `sinceMs`? Only that proves the node's own
     * endpoint, the one clients use, is reachable: a heartbeat crossing the client's report
     * proves only the control link.
     */
    answeredSince(node: string, sinceMs: number): boolean;
  },
): ResumeOutcome {
  const refuse = (answer: ResumeAnswer): ResumeOutcome => ({ answer, effects: [] });
  const session = context.sessions.get(sid);
  if (session === undefined) return refuse(wireFail('session_not_found', `no session ${sid}`));
  if (session.state === 'closed' || session.state === 'failed') {
    const why = session.reason === undefined ? '' : ` (${session.reason})`;
    const code = session.reason === 'migration_timeout' ? 'migration_timeout' : 'session_closed';
    return refuse(wireFail(code, `session ${sid} is ${session.state}${why}`));
  }
  const proof = verifyResumeProof(sid, request, session.client);
  if (!proof.ok) return refuse(proof);
  if (request.epoch > session.epoch) {
    return refuse(wireFail('request_malformed', `session ${sid} has no epoch ${request.epoch}`));
  }
  const acknowledged = session.checkpoint?.seq ?? 0;
  if (request.lastSeq > acknowledged) {
    return refuse(
      wireFail(
        'resume_seq_ahead',
        `turn ${request.lastSeq} was never acknowledged; the last durable turn is ${acknowledged}`,
      ),
    );
  }
  const effects: MoveEffect[] = [];
  if (session.state === 'active' || session.state === 'starting') {
    const record = context.nodes.get(session.node);
    // A client behind the coordinator's epoch just needs the current placement.
    if (request.epoch === session.epoch && record !== undefined && stillServing(record)) {
      // The client lost a node the coordinator still hears from: first look (probe it); if the
      // probe answers, send the client back to it once (a blip on the client's side); if the
      // client still cannot reach it, move the session away from it.
      const lostAtMs = session.clientLostAtMs ?? nowMs;
      session.clientLostAtMs = lostAtMs;
      const answered = liveness.answeredSince(record.did, lostAtMs);
      if (answered && !session.reattachOffered) {
        session.reattachOffered = true;
      } else if (nowMs - lostAtMs < liveness.confirmMs) {
        return { ...pending(session), suspect: record.did };
      } else {
        effects.push(...moveSession(context, session, 'node_unavailable', nowMs, record.did));
      }
    } else if (request.epoch === session.epoch) {
      effects.push(...moveSession(context, session, 'node_unavailable', nowMs));
    }
  }
  if (session.state === 'migrating' && session.node !== '') {
    const placedOn = context.nodes.get(session.node);
    // The client could not attach where this move placed it (the node died too, was full, or
    // never got the checkpoint), or that node is gone (not registered again after a restart of
    // this coordinator, failed, draining): move again, away from it.
    if (request.epoch === session.epoch || placedOn === undefined || !stillServing(placedOn)) {
      effects.push(...moveSession(context, session, 'node_unavailable', nowMs, session.node));
    }
  }
  if (session.state === 'migrating' && session.node === '') {
    effects.push(...placeMoving(context, session));
    if (session.node === '') return { ...pending(session), effects };
  }
  const node = context.nodes.get(session.node);
  if (node === undefined) return { ...pending(session), effects };
  const checkpoint = session.checkpoint;
  if (checkpoint !== undefined && !effects.some((effect) => effect.type === 'restore')) {
    // Sent with every answer: the new node may have restarted, or this coordinator may have,
    // since the move was placed; and a node a client is sent back to may have dropped the
    // session meanwhile. A node that still holds that very checkpoint keeps its own state.
    effects.push({
      type: 'restore',
      node: node.did,
      sid: session.sid,
      epoch: session.epoch,
      digest: checkpoint.digest,
    });
  }
  const ticket = ticketFor(context, session, nowMs);
  return { answer: { ok: true, value: { session, node, ticket } }, effects };
}

/** A node that may still serve its sessions: alive, linked (it can checkpoint), not draining. */
function stillServing(record: NodeRecord): boolean {
  return record.state !== 'failed' && record.linked && !record.draining;
}

function pending(session: SessionEntry): ResumeOutcome {
  return {
    answer: {
      ok: false,
      error: {
        code: 'resume_pending',
        message: `session ${session.sid} is being moved`,
        retryAfterMs: RESUME_RETRY_AFTER_MS,
      },
    },
    effects: [],
  };
}

/**
 * A checkpoint from `node`: new (store it, then acknowledge), a duplicate of the stored one
 * (acknowledge again), or refused with a code (the node stops serving the session).
 */
export function checkpointVerdict(
  sessions: SessionRegistry,
  node: string,
  checkpoint: SessionCheckpoint,
): WireResult<'new' | 'duplicate'> {
  const session = sessions.get(checkpoint.sid);
  if (session === undefined) return wireFail('session_not_found', `no session ${checkpoint.sid}`);
  if (session.state === 'closed' || session.state === 'failed') {
    return wireFail('session_closed', `session ${checkpoint.sid} is ${session.state}`);
  }
  if (checkpoint.epoch < session.epoch) {
    return wireFail(
      'session_epoch_stale',
      `session ${checkpoint.sid} moved on to epoch ${session.epoch}`,
    );
  }
  if (session.node !== node || checkpoint.epoch > session.epoch) {
    return wireFail('session_wrong_node', `session ${checkpoint.sid} is not placed on this node`);
  }
  if (session.state !== 'active') {
    return wireFail(
      'session_transition_invalid',
      `session ${checkpoint.sid} is ${session.state}, not active`,
    );
  }
  if (checkpoint.agent !== session.agent) {
    return wireFail('frame_malformed', `the checkpoint names agent ${checkpoint.agent}`);
  }
  const known = session.checkpoint;
  if (known !== undefined && known.digest === checkpoint.digest)
    return { ok: true, value: 'duplicate' };
  if (known !== undefined && checkpoint.seq <= known.seq) {
    return wireFail(
      'checkpoint_stale',
      `turn ${checkpoint.seq} is not after the stored turn ${known.seq}`,
    );
  }
  return { ok: true, value: 'new' };
}
