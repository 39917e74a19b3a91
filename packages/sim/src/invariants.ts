/**
 * The invariants the simulator checks after every step, as pure functions over a view of the
 * world (so a test can hand them a corrupted world and see them fire):
 *
 * I1 one server per epoch: for each (session, epoch) at most one node holds a live turn machine;
 *    and the acknowledgements a client receives never come from an older epoch than one that
 *    already acknowledged a turn to it.
 * I2 no acknowledged turn lost or applied twice: when a client has acknowledged turn k, the
 *    coordinator's checkpoint of the session (and the store's latest) is at seq ≥ k, and its
 *    agent state lists exactly the turns acknowledged as done up to its seq, each once, in order;
 *    the chunks the client application received for each turn are exactly the ones the agent
 *    produces for it from that history; no node or coordinator disputes what the client saw
 *    acknowledged.
 * I3 every session the coordinator holds is active, migrating within its budget (plus one tick),
 *    starting within its ticket's validity (plus one tick), closed, or failed with a reason.
 */
import { gridLimits, type SessionEntry } from '@mycel/grid';
import { type SessionCheckpoint, wireLimits } from '@mycel/wire';
import type { SessionLedger } from './oracle.js';
import type { ViolationCode } from './sim-error-codes.js';
import { agentChunks, appliedOf } from './test-agent.js';

export type InvariantId = 'I1' | 'I2' | 'I3';

export interface Violation {
  /** The invariant broken, or `exception` when grid code threw (an assertion failed). */
  readonly invariant: InvariantId | 'exception';
  /** What exactly went wrong (VIOLATION_CODES). */
  readonly code: ViolationCode;
  readonly sid?: string;
  readonly message: string;
}

/** The coordinator's session registry, as the checks read it. */
export interface SessionsView {
  get(sid: string): SessionEntry | undefined;
  moving(): SessionEntry[];
  all(): Iterable<SessionEntry>;
}

export interface WorldView {
  readonly nowMs: number;
  /** The running coordinator's sessions; undefined while it is down. */
  readonly sessions: SessionsView | undefined;
  /** When the running coordinator started (its first tick is one tick later). */
  readonly coordinatorUpSinceMs: number;
  readonly tickMs: number;
  /** The durable store's latest checkpoint of a session. */
  latestCheckpoint(sid: string): SessionCheckpoint | undefined;
  /** The state the journal last wrote for a session (undefined: never written). */
  journaledState(sid: string): SessionEntry['state'] | undefined;
  /** Every checkpoint the store ever accepted, by digest. */
  readonly checkpoints: ReadonlyMap<string, SessionCheckpoint>;
  servers(sid: string): readonly { readonly node: string; readonly epoch: number }[];
  readonly ledgers: ReadonlyMap<string, SessionLedger>;
}

/** I1, first half: one node per (session, epoch). */
export function checkServing(view: WorldView, sid: string): Violation | undefined {
  const servers = view.servers(sid);
  for (let a = 0; a < servers.length; a++) {
    for (let b = a + 1; b < servers.length; b++) {
      const first = servers[a]!;
      const second = servers[b]!;
      if (first.epoch === second.epoch) {
        return {
          invariant: 'I1',
          code: 'epoch_served_twice',
          sid,
          message: `nodes ${first.node} and ${second.node} both serve epoch ${first.epoch}`,
        };
      }
    }
  }
  return undefined;
}

/** I1, second half: acknowledgements never go back to an older epoch. */
export function checkAckEpochs(view: WorldView, sid: string): Violation | undefined {
  const ledger = view.ledgers.get(sid);
  if (ledger === undefined) return undefined;
  let highest = 0;
  for (let at = 0; at < ledger.ackEpochs.length; at++) {
    const epoch = ledger.ackEpochs[at]!;
    if (epoch < highest) {
      return {
        invariant: 'I1',
        code: 'ack_from_stale_epoch',
        sid,
        message: `acknowledgement ${at + 1} came from epoch ${epoch} after epoch ${highest} acknowledged`,
      };
    }
    highest = epoch;
  }
  return undefined;
}

/** I2: the client's acknowledgements are durable, applied once, and its chunks are right. */
export function checkDurability(view: WorldView, sid: string): Violation | undefined {
  const ledger = view.ledgers.get(sid);
  if (ledger === undefined) return undefined;
  const fail = (code: ViolationCode, message: string): Violation => ({
    invariant: 'I2',
    code,
    sid,
    message,
  });
  if (ledger.protocolViolation !== undefined) {
    return fail('acknowledgement_disputed', `the session failed: ${ledger.protocolViolation}`);
  }
  const chunks = checkChunks(ledger);
  if (chunks !== undefined) return fail('chunks_wrong', chunks);
  const acked = ledger.lastAckedSeq;
  if (acked === 0) return undefined;
  const latest = view.latestCheckpoint(sid);
  if (latest === undefined || latest.seq < acked) {
    return fail(
      'ack_not_durable',
      `turn ${acked} was acknowledged; the store's latest checkpoint is at ${latest?.seq ?? 'none'}`,
    );
  }
  const stored = checkApplied(latest, ledger);
  if (stored !== undefined) return fail('checkpoint_state_wrong', `store latest: ${stored}`);
  if (view.sessions === undefined) return undefined;
  const entry = view.sessions.get(sid);
  if (entry === undefined) {
    // An ended session is not read back after a restart: its client hears so when it asks.
    const journaled = view.journaledState(sid);
    if (ledger.ended !== undefined || journaled === 'closed' || journaled === 'failed') {
      return undefined;
    }
    return fail(
      'session_forgotten',
      `the coordinator has no session its client still holds (journaled ${journaled ?? 'never'})`,
    );
  }
  const reference = entry.checkpoint;
  if (reference === undefined || reference.seq < acked) {
    return fail(
      'ack_not_durable',
      `turn ${acked} was acknowledged; the coordinator's checkpoint is at ${reference?.seq ?? 'none'}`,
    );
  }
  const named = view.checkpoints.get(reference.digest);
  if (named === undefined) {
    return fail('checkpoint_unknown', `the coordinator names ${reference.digest}, never stored`);
  }
  const adopted = checkApplied(named, ledger);
  if (adopted !== undefined) return fail('checkpoint_state_wrong', `coordinator: ${adopted}`);
  return undefined;
}

/** Each turn's chunks, as received, against what the agent produces for it from its history. */
function checkChunks(ledger: SessionLedger): string | undefined {
  let applied = 0;
  for (const turn of ledger.turns) {
    const expected = agentChunks(turn.seq, applied);
    const got = turn.chunks;
    if (turn.outcome === 'done') {
      if (turn.fail) return `turn ${turn.seq} was asked to fail but was acknowledged done`;
      if (got.length !== expected.length || got.some((chunk, n) => chunk !== expected[n])) {
        return `turn ${turn.seq} delivered [${got.join(' ')}], the agent produced [${expected.join(' ')}]`;
      }
      applied += 1;
    } else if (got.length > expected.length || got.some((chunk, n) => chunk !== expected[n])) {
      return `turn ${turn.seq} delivered [${got.join(' ')}], not a prefix of [${expected.join(' ')}]`;
    }
  }
  return undefined;
}

/** A checkpoint's applied list against the client's acknowledgements; undefined when right. */
function checkApplied(checkpoint: SessionCheckpoint, ledger: SessionLedger): string | undefined {
  const applied = appliedOf(checkpoint.state);
  const at = `checkpoint ${checkpoint.epoch}/${checkpoint.seq}`;
  if (applied === undefined) return `${at} holds no agent state`;
  if (checkpoint.seq > ledger.turns.length) {
    return `${at} is after the last turn the client sent (${ledger.turns.length})`;
  }
  const present = new Set<number>();
  let previous = 0;
  for (const seq of applied) {
    if (seq <= previous) return `${at} applies [${applied.join(',')}]: not strictly increasing`;
    if (seq > checkpoint.seq) return `${at} applies turn ${seq}, after its own seq`;
    previous = seq;
    present.add(seq);
  }
  const through = Math.min(checkpoint.seq, ledger.lastAckedSeq);
  for (let seq = 1; seq <= checkpoint.seq; seq++) {
    const turn = ledger.turn(seq);
    if (turn === undefined) continue;
    if (seq <= through) {
      const done = turn.outcome === 'done';
      if (done && !present.has(seq)) return `${at} lost turn ${seq}, acknowledged done`;
      if (!done && present.has(seq)) return `${at} applied turn ${seq}, acknowledged failed`;
    } else if (turn.fail && present.has(seq)) {
      return `${at} applied turn ${seq}, whose input fails`;
    }
  }
  return undefined;
}

/** I3, for one session the coordinator holds. */
export function checkSessionState(view: WorldView, entry: SessionEntry): Violation | undefined {
  const fail = (code: ViolationCode, message: string): Violation => ({
    invariant: 'I3',
    code,
    sid: entry.sid,
    message,
  });
  const firstTickMs = view.coordinatorUpSinceMs;
  switch (entry.state) {
    case 'active':
    case 'closed':
      return undefined;
    case 'failed':
      if (entry.reason === undefined) return fail('failed_without_reason', 'failed, no reason');
      return undefined;
    case 'migrating': {
      const since = entry.movingSinceMs ?? entry.updatedAtMs;
      const dueMs = Math.max(since + gridLimits.MIGRATION_BUDGET_MS, firstTickMs) + view.tickMs;
      if (view.nowMs > dueMs) {
        return fail(
          'migration_over_budget',
          `migrating since ${since}, ${view.nowMs - since} ms, past its budget`,
        );
      }
      return undefined;
    }
    case 'starting': {
      const expiresAtMs = Number.isFinite(entry.expiresAtMs)
        ? entry.expiresAtMs
        : entry.updatedAtMs + wireLimits.TICKET_TTL_MS + wireLimits.TICKET_CLOCK_SKEW_MS;
      if (view.nowMs > Math.max(expiresAtMs, firstTickMs) + view.tickMs) {
        return fail(
          'starting_past_expiry',
          `starting since ${entry.updatedAtMs}: its ticket expired and it never attached`,
        );
      }
      return undefined;
    }
    case 'requested':
    case 'placing':
      return fail('transient_state_visible', `${entry.state} between steps`);
  }
}

/** Every invariant that concerns one session: each one's first violation. */
export function sessionViolations(view: WorldView, sid: string): Violation[] {
  const found: Violation[] = [];
  const add = (violation: Violation | undefined) => {
    if (violation !== undefined) found.push(violation);
  };
  add(checkServing(view, sid));
  add(checkAckEpochs(view, sid));
  add(checkDurability(view, sid));
  const entry = view.sessions?.get(sid);
  if (entry !== undefined) add(checkSessionState(view, entry));
  return found;
}

/** The first violation of any invariant that concerns one session. */
export function checkSession(view: WorldView, sid: string): Violation | undefined {
  return sessionViolations(view, sid)[0];
}

/** I3's clock: migrating sessions run out of budget without any step touching them. */
export function movingViolations(view: WorldView): Violation[] {
  if (view.sessions === undefined) return [];
  const found: Violation[] = [];
  for (const entry of view.sessions.moving()) {
    const violation = checkSessionState(view, entry);
    if (violation !== undefined) found.push(violation);
  }
  return found;
}

export function checkMoving(view: WorldView): Violation | undefined {
  return movingViolations(view)[0];
}
