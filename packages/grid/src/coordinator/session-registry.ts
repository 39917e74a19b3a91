/**
 * The session registry (ARCHITECTURE §5.2): every session the coordinator placed, its state, node
 * and epoch. States move only along SESSION_TRANSITIONS; `closed` and `failed` are final. A
 * `starting` session (ticket issued) that no node reports attached by its expiry is closed, so
 * its reservation comes back. Deterministic: time comes in as `nowMs`.
 */
import { type LatencyClass, type WireResult, wireFail } from '@mycel/wire';
import { ENDED_SESSIONS_RETAINED_MAX } from '../limits.js';

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
  starting: ['active', 'closed', 'failed'],
  active: ['active', 'migrating', 'closed', 'failed'],
  migrating: ['starting', 'active', 'closed', 'failed'],
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
}

export interface SessionFields {
  readonly sid: string;
  readonly agent: string;
  readonly class: LatencyClass;
  readonly client: string;
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
      ...fields,
      epoch: 1,
      state: 'requested',
      node: '',
      turns: 0,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
      expiresAtMs: Number.POSITIVE_INFINITY,
      attachedAtHeartbeat: undefined,
    };
    this.sessions.set(entry.sid, entry);
    this.count('requested', 1);
    return entry;
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
  }

  /** placing → starting on `node`, with a ticket that expires at `expiresAtMs`. */
  place(sid: string, node: string, expiresAtMs: number, nowMs: number): WireResult<SessionEntry> {
    const moved = this.transition(sid, 'starting', nowMs);
    if (!moved.ok) return moved;
    const entry = moved.value;
    entry.node = node;
    entry.expiresAtMs = expiresAtMs;
    const sids = this.openByNode.get(node) ?? new Set<string>();
    this.openByNode.set(node, sids);
    sids.add(sid);
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
    entry.state = to;
    entry.updatedAtMs = nowMs;
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

  private end(entry: SessionEntry): void {
    const sids = this.openByNode.get(entry.node);
    sids?.delete(entry.sid);
    if (sids?.size === 0) this.openByNode.delete(entry.node);
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
