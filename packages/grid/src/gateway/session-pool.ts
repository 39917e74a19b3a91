/**
 * Session affinity for the gateway: requests with the same affinity key (OpenAI's `user`, or
 * the x-opengrid-session header) and the same agent reach the same node session, so the agent's
 * state carries from one request to the next. A bounded map in least-recently-used order; a
 * session idle for GATEWAY_SESSION_IDLE_MS is closed. Requests without a key get a session of
 * their own, closed when the request ends.
 */
import type { WireResult } from '@mycel/wire';
import { wireFail } from '@mycel/wire';
import { GATEWAY_SESSION_IDLE_MS, GATEWAY_SESSIONS_MAX } from '../limits.js';
import type { NodeSession } from './node-session.js';

/** Opens a new session on the grid for `agent`. */
export type SessionOpener = (agent: string) => Promise<WireResult<NodeSession>>;

export interface SessionLease {
  readonly session: NodeSession;
  /** The request is done with the session (kept for its key, or closed). */
  release(): void;
}

interface Entry {
  /** Settles once: the session, or why it could not be opened. */
  readonly opening: Promise<WireResult<NodeSession>>;
  session: NodeSession | undefined;
  leases: number;
  lastUsedMs: number;
}

export class SessionPool {
  /** Insertion order is recency order: a used entry is moved to the end. */
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly open: SessionOpener,
    private readonly nowMs: () => number,
    private readonly sessionsMax = GATEWAY_SESSIONS_MAX,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  async acquire(agent: string, affinity: string | undefined): Promise<WireResult<SessionLease>> {
    if (affinity === undefined) {
      const opened = await this.open(agent);
      if (!opened.ok) return opened;
      const session = opened.value;
      return { ok: true, value: { session, release: () => session.close() } };
    }
    const key = `${agent}\n${affinity}`;
    let entry = this.entries.get(key);
    if (entry?.session !== undefined && !entry.session.usable) {
      this.entries.delete(key);
      entry = undefined;
    }
    if (entry === undefined) {
      if (!this.makeRoom()) {
        return wireFail('route_pushback', `the gateway holds ${this.sessionsMax} busy sessions`);
      }
      entry = this.start(key, agent);
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    entry.leases += 1;
    const opened = await entry.opening;
    if (!opened.ok) {
      entry.leases -= 1;
      if (this.entries.get(key) === entry) this.entries.delete(key);
      return opened;
    }
    const held = entry;
    let released = false;
    return {
      ok: true,
      value: {
        session: opened.value,
        release: () => {
          if (released) return;
          released = true;
          held.leases -= 1;
          held.lastUsedMs = this.nowMs();
        },
      },
    };
  }

  /** Closes sessions idle for GATEWAY_SESSION_IDLE_MS, and forgets ended ones. */
  sweep(): void {
    const nowMs = this.nowMs();
    for (const [key, entry] of this.entries) {
      const ended = entry.session !== undefined && !entry.session.usable;
      const idle = entry.leases === 0 && nowMs - entry.lastUsedMs >= GATEWAY_SESSION_IDLE_MS;
      if (entry.session !== undefined && entry.leases === 0 && (ended || idle)) {
        this.entries.delete(key);
        entry.session.close();
      }
    }
  }

  closeAll(): void {
    for (const entry of this.entries.values()) {
      // A session still opening is closed as soon as it opens.
      void entry.opening.then((opened) => opened.ok && opened.value.close());
    }
    this.entries.clear();
  }

  private start(key: string, agent: string): Entry {
    const entry: Entry = {
      opening: this.open(agent),
      session: undefined,
      leases: 0,
      lastUsedMs: this.nowMs(),
    };
    void entry.opening.then((opened) => {
      if (opened.ok) entry.session = opened.value;
    });
    this.entries.set(key, entry);
    return entry;
  }

  /** Frees a place by closing the least recently used idle session; false when all are busy. */
  private makeRoom(): boolean {
    if (this.entries.size < this.sessionsMax) return true;
    for (const [key, entry] of this.entries) {
      if (entry.leases === 0 && entry.session !== undefined) {
        this.entries.delete(key);
        entry.session.close();
        return true;
      }
    }
    return false;
  }
}
