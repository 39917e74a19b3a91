/**
 * The session registry (ARCHITECTURE §5.2): every session the coordinator placed, its state, node
 * and epoch. States move only along SESSION_TRANSITIONS; `closed` and `failed` are final. A
 * `starting` session (ticket issued) that no node reports attached by its expiry is closed, so
 * its reservation comes back. Deterministic: time comes in as `nowMs`.
 */
import {
  type CheckpointReference,
  type LatencyClass,
  type WireResult,
  wireFail,
} from '@mycel/wire';
import { ENDED_SESSIONS_RETAINED_MAX } from '../limits.js';
import type { NetworkCoordinate } from './network-coordinate.js';
import type { Attestation } from './node-table.js';

/** The states of ARCHITECTURE §5.2 (the wire's SessionRecord.state). */
export const SESSION_STATES = [
  'requested',
  'placing',
  'starting',
  'active',
  'migrating',
  'closed',
  'failed',
] as const;
export type SessionState = (typeof SESSION_STATES)[number];

/** requested → placing → starting → active ⇄ migrating → closed | failed. */
export const SESSION_TRANSITIONS: Readonly<Record<SessionState, readonly SessionState[]>> = {
  requested: ['placing', 'failed'],
  placing: ['starting', 'failed'],
  // starting → migrating: the client attached but the node's report had not arrived when the
  // client lost it (or a restarted coordinator's node never came back).
  starting: ['active', 'migrating', 'closed', 'failed'],
  active: ['active', 'migrating', 'closed', 'failed'],
  // migrating → migrating: the node a moving session was placed on was lost too.
  migrating: ['migrating', 'active', 'closed', 'failed'],
  closed: [],
  failed: [],
};

export function canTransition(from: SessionState, to: SessionState): boolean {
  return SESSION_TRANSITIONS[from].includes(to);
}

export interface SessionEntry {
  readonly sid: string;
  epoch: number;
  state: SessionState;
  /** The node the current epoch is placed on ('' before placement). */
  node: string;
  readonly agent: string;
  readonly class: LatencyClass;
  readonly client: string;
  turns: number;
  readonly createdAtMs: number;
  updatedAtMs: number;
  /** When a `starting` session that never attached gives its reservation back. */
  expiresAtMs: number;
  /** The node's heartbeat count when it reported the session attached. */
  attachedAtHeartbeat: number | undefined;
  /** The newest durable checkpoint (write-ahead: every acknowledged turn is at or before it). */
  checkpoint: CheckpointReference | undefined;
  /** What placement used, kept to place the session again when it moves. */
  readonly coordinate: NetworkCoordinate | undefined;
  readonly attestationMin: Attestation | undefined;
  /** Why the session moved (while migrating) or ended (closed, failed): an error code. */
  reason: string | undefined;
  /** When the current move began (migrating), for the migration budget. */
  movingSinceMs: number | undefined;
  /** When the client first said it lost the node of the current epoch. */
  clientLostAtMs: number | undefined;
  /** The client was sent back to the same node once since it said it lost it. */
  reattachOffered: boolean;
}

export interface SessionFields {
  readonly sid: string;
  readonly agent: string;
  readonly class: LatencyClass;
  readonly client: string;
  readonly coordinate?: NetworkCoordinate;
  readonly attestationMin?: Attestation;
}

export class SessionRegistry {
  private readonly sessions = new Map<string, SessionEntry>();
  private readonly openByNode = new Map<string, Set<string>>();
  /** Sessions that entered `starting`, oldest first (expiry is a constant time after). */
  private readonly starting: string[] = [];
  private startingHead = 0;
  private readonly ended: string[] = [];
  private endedHead = 0;
  private readonly stateCounts = new Map<SessionState, number>();
  /** Sessions in `migrating`, so the tick need not scan every session. */
  private readonly movingSids = new Set<string>();
  /** Sessions changed since the shell last took them (it persists them before answering). */
  private dirty = new Set<SessionEntry>();

  get(sid: string): SessionEntry | undefined {
    return this.sessions.get(sid);
  }

  /** Sessions neither closed nor failed. */
  get openCount(): number {
    return this.sessions.size - (this.ended.length - this.endedHead);
  }

  countIn(state: SessionState): number {
    return this.stateCounts.get(state) ?? 0;
  }

  all(): IterableIterator<SessionEntry> {
    return this.sessions.values();
  }

  /** Open sessions placed on a node. */
  openOn(node: string): readonly SessionEntry[] {
    const sids = this.openByNode.get(node);
    if (sids === undefined) return [];
    return [...sids].map((sid) => this.sessions.get(sid)!);
  }

  /** A new session in `requested`. Session ids are random; a repeat is a bug. */
  begin(fields: SessionFields, nowMs: number): SessionEntry {
    if (this.sessions.has(fields.sid)) throw new Error('assertion failed: session id reused');
    const entry: SessionEntry = {
      sid: fields.sid,
      agent: fields.agent,
      class: fields.class,
      client: fields.client,
      epoch: 1,
      state: 'requested',
      node: '',
      turns: 0,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
      expiresAtMs: Number.POSITIVE_INFINITY,
      attachedAtHeartbeat: undefined,
      checkpoint: undefined,
      coordinate: fields.coordinate,
      attestationMin: fields.attestationMin,
      reason: undefined,
      movingSinceMs: undefined,
      clientLostAtMs: undefined,
      reattachOffered: false,
    };
    this.sessions.set(entry.sid, entry);
    this.count('requested', 1);
    return entry;
  }

  /** A session read back from the journal after a restart, in the state it was saved in. */
  restore(entry: SessionEntry): void {
    if (this.sessions.has(entry.sid))
      throw new Error('assertion failed: restoring a known session');
    this.sessions.set(entry.sid, entry);
    this.count(entry.state, 1);
    if (entry.state === 'migrating') this.movingSids.add(entry.sid);
    if (entry.node !== '') this.link(entry.sid, entry.node);
    // A restored ticket-holder expires like any (restores come first, so the queue stays ordered).
    if (entry.state === 'starting') this.starting.push(entry.sid);
  }

  /** Marks a session changed: its journal row must be written before anyone hears of the change. */
  touch(entry: SessionEntry): void {
    this.dirty.add(entry);
  }

  /** Sessions changed since the last call, for the journal. */
  takeDirty(): SessionEntry[] {
    if (this.dirty.size === 0) return [];
    const taken = [...this.dirty];
    this.dirty = new Set();
    return taken;
  }

  /**
   * A session leaves its node for a new epoch (the node failed, drains, or the client lost it):
   * `migrating`, unplaced, epoch + 1. Tickets of the old epoch are fenced from here on.
   */
  beginMove(sid: string, reason: string, nowMs: number): WireResult<SessionEntry> {
    const moved = this.transition(sid, 'migrating', nowMs);
    if (!moved.ok) return moved;
    const entry = moved.value;
    this.unlink(entry.sid, entry.node);
    entry.node = '';
    entry.epoch += 1;
    entry.reason = reason;
    entry.movingSinceMs ??= nowMs;
    entry.clientLostAtMs = undefined;
    entry.reattachOffered = false;
    entry.attachedAtHeartbeat = undefined;
    return moved;
  }

  /** A migrating session gets its new node (reserved by placement). */
  placeMove(entry: SessionEntry, node: string): void {
    if (entry.state !== 'migrating' || entry.node !== '') {
      throw new Error('assertion failed: placing a session that is not moving');
    }
    entry.node = node;
    this.link(entry.sid, node);
    this.touch(entry);
  }

  /** Migrating sessions, for the tick that places them and enforces their budget. */
  moving(): SessionEntry[] {
    return [...this.movingSids].map((sid) => this.sessions.get(sid)!);
  }

  /** Drops a session that never got a node (placement refused): it was never visible. */
  discard(sid: string): void {
    const entry = this.sessions.get(sid);
    if (entry === undefined) return;
    if (entry.state !== 'requested' && entry.state !== 'placing') {
      throw new Error('assertion failed: discarding a placed session');
    }
    this.sessions.delete(sid);
    this.count(entry.state, -1);
    // Never seen by anyone, so never written: a journal row of it would outlive it.
    this.dirty.delete(entry);
  }

  /**
   * A session another coordinator took over with its node (session-adoption.ts): gone from this
   * registry and never written again here, since its journal row is the new coordinator's now.
   */
  forget(sid: string): SessionEntry | undefined {
    const entry = this.sessions.get(sid);
    if (entry === undefined) return undefined;
    this.sessions.delete(sid);
    this.count(entry.state, -1);
    this.movingSids.delete(sid);
    if (entry.node !== '') this.unlink(sid, entry.node);
    this.dirty.delete(entry);
    return entry;
  }

  /** placing → starting on `node`, with a ticket that expires at `expiresAtMs`. */
  place(sid: string, node: string, expiresAtMs: number, nowMs: number): WireResult<SessionEntry> {
    const moved = this.transition(sid, 'starting', nowMs);
    if (!moved.ok) return moved;
    const entry = moved.value;
    entry.node = node;
    entry.expiresAtMs = expiresAtMs;
    this.link(sid, node);
    this.starting.push(sid);
    return moved;
  }

  transition(sid: string, to: SessionState, nowMs: number): WireResult<SessionEntry> {
    const entry = this.sessions.get(sid);
    if (entry === undefined) return wireFail('session_not_found', `no session ${sid}`);
    if (!canTransition(entry.state, to)) {
      return wireFail(
        'session_transition_invalid',
        `session ${sid} is ${entry.state}, not ${to}-able`,
      );
    }
    this.count(entry.state, -1);
    this.count(to, 1);
    if (to === 'migrating') this.movingSids.add(sid);
    else this.movingSids.delete(sid);
    entry.state = to;
    entry.updatedAtMs = nowMs;
    if (to === 'active') entry.movingSinceMs = undefined;
    this.touch(entry);
    if (to === 'closed' || to === 'failed') this.end(entry);
    return { ok: true, value: entry };
  }

  /** `starting` sessions past their expiry, moved to `closed` (the caller releases capacity). */
  expire(nowMs: number): SessionEntry[] {
    const expired: SessionEntry[] = [];
    while (this.startingHead < this.starting.length) {
      const entry = this.sessions.get(this.starting[this.startingHead]!);
      if (entry !== undefined && entry.state === 'starting') {
        if (entry.expiresAtMs > nowMs) break;
        this.transition(entry.sid, 'closed', nowMs);
        expired.push(entry);
      }
      this.startingHead++;
    }
    // Drop consumed heads once they are most of the queue (amortised O(1)).
    if (this.startingHead > 1024 && this.startingHead * 2 > this.starting.length) {
      this.starting.splice(0, this.startingHead);
      this.startingHead = 0;
    }
    return expired;
  }

  private link(sid: string, node: string): void {
    const sids = this.openByNode.get(node) ?? new Set<string>();
    this.openByNode.set(node, sids);
    sids.add(sid);
  }

  private unlink(sid: string, node: string): void {
    const sids = this.openByNode.get(node);
    sids?.delete(sid);
    if (sids?.size === 0) this.openByNode.delete(node);
  }

  private end(entry: SessionEntry): void {
    this.unlink(entry.sid, entry.node);
    this.ended.push(entry.sid);
    while (this.ended.length - this.endedHead > ENDED_SESSIONS_RETAINED_MAX) {
      const oldest = this.sessions.get(this.ended[this.endedHead]!);
      if (oldest !== undefined) {
        this.sessions.delete(oldest.sid);
        this.count(oldest.state, -1);
      }
      this.endedHead++;
    }
    if (this.endedHead > 1024 && this.endedHead * 2 > this.ended.length) {
      this.ended.splice(0, this.endedHead);
      this.endedHead = 0;
    }
  }

  private count(state: SessionState, delta: number): void {
    this.stateCounts.set(state, (this.stateCounts.get(state) ?? 0) + delta);
  }
}
