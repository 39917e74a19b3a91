/**
 * Each invariant checker fires on a world that breaks it, and stays quiet on the same world
 * intact: hand-built views for every violation code, then corruptions of a real simulated world.
 */
import type { SessionEntry } from '@mycel/grid';
import { type SessionCheckpoint, sealCheckpoint } from '@mycel/wire';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  agentChunks,
  checkAckEpochs,
  checkDurability,
  checkServing,
  checkSession,
  checkSessionState,
  SessionLedger,
  simLimits,
  type World,
  type WorldView,
} from '../src/index.js';
import { advance, worldOf } from './support/world-steps.js';

const SID = 'sid-1';
const NOW = simLimits.CLOCK_START_MS + 100_000;
const TICK_MS = 500;

function checkpoint(seq: number, applied: number[], epoch = 1): SessionCheckpoint {
  const sealed = sealCheckpoint({
    sid: SID,
    epoch,
    seq,
    turns: applied.length,
    agent: 'sim-agent',
    state: { applied },
    output: [],
  });
  if (!sealed.ok) throw new Error(sealed.error.message);
  return sealed.value;
}

function entry(fields: Partial<SessionEntry>): SessionEntry {
  return {
    sid: SID,
    epoch: 1,
    state: 'active',
    node: 'did:key:node',
    agent: 'sim-agent',
    class: 'interactive',
    client: 'did:key:client',
    turns: 0,
    createdAtMs: NOW - 10_000,
    updatedAtMs: NOW - 10_000,
    expiresAtMs: Number.POSITIVE_INFINITY,
    attachedAtHeartbeat: undefined,
    checkpoint: undefined,
    coordinate: undefined,
    attestationMin: undefined,
    reason: undefined,
    movingSinceMs: undefined,
    clientLostAtMs: undefined,
    reattachOffered: false,
    ...fields,
  };
}

/** A client that sent and got acknowledged `outcomes.length` turns, with the agent's chunks. */
function ledgerOf(outcomes: ('done' | 'failed')[]): SessionLedger {
  const ledger = new SessionLedger(SID, 'c0');
  let applied = 0;
  outcomes.forEach((outcome, at) => {
    const seq = at + 1;
    ledger.sent(seq, outcome === 'failed');
    const turn = ledger.turn(seq)!;
    const chunks = agentChunks(seq, applied);
    turn.chunks.push(...(outcome === 'done' ? chunks : chunks.slice(0, 1)));
    turn.outcome = outcome;
    ledger.lastAckedSeq = seq;
    ledger.ackEpochs.push(1);
    if (outcome === 'done') applied += 1;
  });
  return ledger;
}

interface Parts {
  ledger?: SessionLedger;
  latest?: SessionCheckpoint;
  entry?: SessionEntry | 'down';
  journaled?: SessionEntry['state'];
  stored?: SessionCheckpoint[];
  servers?: { node: string; epoch: number }[];
}

function viewOf(parts: Parts): WorldView {
  const stored = new Map<string, SessionCheckpoint>();
  for (const known of [...(parts.stored ?? []), ...(parts.latest ? [parts.latest] : [])]) {
    stored.set(known.digest, known);
  }
  const sessions =
    parts.entry === 'down'
      ? undefined
      : {
          get: (sid: string) =>
            sid === SID ? (parts.entry as SessionEntry | undefined) : undefined,
          moving: () => [],
          all: () => (parts.entry === undefined ? [] : [parts.entry as SessionEntry]),
        };
  return {
    nowMs: NOW,
    sessions,
    coordinatorUpSinceMs: simLimits.CLOCK_START_MS,
    tickMs: TICK_MS,
    latestCheckpoint: () => parts.latest,
    journaledState: () => parts.journaled,
    checkpoints: stored,
    servers: () => parts.servers ?? [],
    ledgers: new Map(parts.ledger === undefined ? [] : [[SID, parts.ledger]]),
  };
}

/** A consistent world: turns 1 done, 2 failed, 3 done, all durable at seq 3. */
function healthy(): Parts {
  const latest = checkpoint(3, [1, 3]);
  return {
    ledger: ledgerOf(['done', 'failed', 'done']),
    latest,
    entry: entry({ checkpoint: { seq: 3, digest: latest.digest } }),
  };
}

describe('I1: one server per epoch', () => {
  it('passes one node per epoch, however many epochs', () => {
    const view = viewOf({
      servers: [
        { node: 'n1', epoch: 1 },
        { node: 'n2', epoch: 2 },
      ],
    });
    expect(checkServing(view, SID)).toBeUndefined();
  });

  it('catches two nodes serving the same epoch', () => {
    const view = viewOf({
      servers: [
        { node: 'n1', epoch: 2 },
        { node: 'n2', epoch: 2 },
      ],
    });
    expect(checkServing(view, SID)).toMatchObject({ invariant: 'I1', code: 'epoch_served_twice' });
  });

  it('catches an acknowledgement from an older epoch than one already heard', () => {
    const ledger = ledgerOf(['done', 'done', 'done']);
    expect(checkAckEpochs(viewOf({ ledger }), SID)).toBeUndefined();
    ledger.ackEpochs.splice(0, 3, 1, 3, 2);
    expect(checkAckEpochs(viewOf({ ledger }), SID)).toMatchObject({
      invariant: 'I1',
      code: 'ack_from_stale_epoch',
    });
  });
});

describe('I2: no acknowledged turn lost or applied twice', () => {
  it('passes a consistent world', () => {
    expect(checkSession(viewOf(healthy()), SID)).toBeUndefined();
  });

  it('catches an acknowledged turn beyond the store and beyond the coordinator', () => {
    const behind = checkpoint(2, [1]);
    const store = { ...healthy(), latest: behind };
    expect(checkDurability(viewOf(store), SID)).toMatchObject({ code: 'ack_not_durable' });
    const parts = healthy();
    const coordinator = {
      ...parts,
      stored: [behind],
      entry: entry({ checkpoint: { seq: 2, digest: behind.digest } }),
    };
    expect(checkDurability(viewOf(coordinator), SID)).toMatchObject({
      invariant: 'I2',
      code: 'ack_not_durable',
    });
  });

  it('catches a lost turn, a turn applied twice, a failed turn applied, a turn never sent', () => {
    for (const applied of [[1], [1, 1, 3], [1, 2, 3], [3, 1], [1, 3, 4]]) {
      const latest = checkpoint(applied.includes(4) ? 4 : 3, applied);
      const parts = { ...healthy(), latest };
      expect(checkDurability(viewOf(parts), SID), `applied ${applied}`).toMatchObject({
        invariant: 'I2',
        code: 'checkpoint_state_wrong',
      });
    }
  });

  it('catches a state that is not the agent state', () => {
    const sealed = sealCheckpoint({
      sid: SID,
      epoch: 1,
      seq: 3,
      turns: 2,
      agent: 'sim-agent',
      state: { other: true },
      output: [],
    });
    if (!sealed.ok) throw new Error(sealed.error.message);
    expect(checkDurability(viewOf({ ...healthy(), latest: sealed.value }), SID)).toMatchObject({
      code: 'checkpoint_state_wrong',
    });
  });

  it('catches a coordinator naming a checkpoint the store never accepted', () => {
    const parts = healthy();
    const elsewhere = checkpoint(3, [1, 3], 2);
    const view = viewOf({
      ...parts,
      entry: entry({ checkpoint: { seq: 3, digest: elsewhere.digest } }),
    });
    expect(checkDurability(view, SID)).toMatchObject({ code: 'checkpoint_unknown' });
  });

  it('catches chunks delivered twice, missing, or from the wrong history', () => {
    const twice = healthy();
    twice.ledger!.turn(1)!.chunks.push(twice.ledger!.turn(1)!.chunks[0]!);
    expect(checkDurability(viewOf(twice), SID)).toMatchObject({ code: 'chunks_wrong' });
    const missing = healthy();
    missing.ledger!.turn(3)!.chunks.pop();
    expect(checkDurability(viewOf(missing), SID)).toMatchObject({ code: 'chunks_wrong' });
    const history = healthy();
    const turn = history.ledger!.turn(3)!;
    turn.chunks.splice(0, turn.chunks.length, ...agentChunks(3, 2));
    expect(checkDurability(viewOf(history), SID)).toMatchObject({ code: 'chunks_wrong' });
  });

  it('catches a failing turn acknowledged done', () => {
    const parts = healthy();
    parts.ledger!.turn(2)!.outcome = 'done';
    expect(checkDurability(viewOf(parts), SID)).toMatchObject({ code: 'chunks_wrong' });
  });

  it('catches a disputed acknowledgement and a forgotten session', () => {
    const disputed = healthy();
    disputed.ledger!.protocolViolation = 'resume_seq_ahead: turn 3 was never acknowledged';
    expect(checkDurability(viewOf(disputed), SID)).toMatchObject({
      code: 'acknowledgement_disputed',
    });
    const forgotten: Parts = { ...healthy(), entry: undefined, journaled: 'active' };
    expect(checkDurability(viewOf(forgotten), SID)).toMatchObject({ code: 'session_forgotten' });
    // A session the journal recorded as ended is not read back after a restart: legitimate.
    expect(checkDurability(viewOf({ ...forgotten, journaled: 'failed' }), SID)).toBeUndefined();
    forgotten.ledger!.ended = 'closed';
    expect(checkDurability(viewOf(forgotten), SID)).toBeUndefined();
  });

  it('checks the store alone while the coordinator is down', () => {
    const down = { ...healthy(), entry: 'down' as const };
    expect(checkDurability(viewOf(down), SID)).toBeUndefined();
    expect(checkDurability(viewOf({ ...down, latest: checkpoint(2, [1]) }), SID)).toMatchObject({
      code: 'ack_not_durable',
    });
  });
});

describe('I3: every session active, moving within budget, or ended with a reason', () => {
  const budget = 30_000;
  it('passes active, closed, failed with a reason, migrating within budget', () => {
    const view = viewOf({});
    for (const fields of [
      { state: 'active' as const },
      { state: 'closed' as const },
      { state: 'failed' as const, reason: 'migration_timeout' },
      { state: 'migrating' as const, movingSinceMs: NOW - budget },
      { state: 'starting' as const, expiresAtMs: NOW + 1 },
    ]) {
      expect(checkSessionState(view, entry(fields)), fields.state).toBeUndefined();
    }
  });

  it('catches a session migrating past its budget plus a tick', () => {
    const late = entry({ state: 'migrating', movingSinceMs: NOW - budget - TICK_MS - 1 });
    expect(checkSessionState(viewOf({}), late)).toMatchObject({
      invariant: 'I3',
      code: 'migration_over_budget',
    });
  });

  it('catches a failed session without a reason', () => {
    expect(checkSessionState(viewOf({}), entry({ state: 'failed' }))).toMatchObject({
      code: 'failed_without_reason',
    });
  });

  it('catches a starting session past its expiry, and a transient state between steps', () => {
    const stuck = entry({ state: 'starting', expiresAtMs: NOW - TICK_MS - 1 });
    expect(checkSessionState(viewOf({}), stuck)).toMatchObject({ code: 'starting_past_expiry' });
    const restored = entry({ state: 'starting', updatedAtMs: NOW - 70_000 });
    expect(checkSessionState(viewOf({}), restored)).toMatchObject({
      code: 'starting_past_expiry',
    });
    expect(checkSessionState(viewOf({}), entry({ state: 'placing' }))).toMatchObject({
      code: 'transient_state_visible',
    });
  });
});

describe('a real simulated world, corrupted', () => {
  let world: World;
  let acked: SessionLedger;
  beforeAll(() => {
    world = worldOf({ seed: 41, nodes: 6, sessions: 20, faults: 0 });
    advance(world, 8_000);
    acked = [...world.oracle.ledgers.values()].find(
      (ledger) => ledger.ended === undefined && ledger.lastAckedSeq >= 2,
    )!;
  });

  it('is intact before it is corrupted', () => {
    expect(acked).toBeDefined();
    for (const sid of world.allSessions()) expect(checkSession(world.view, sid)).toBeUndefined();
  });

  it('I1 catches a second node holding a live machine at the same epoch', () => {
    const sid = [...world.oracle.serving.sids()][0]!;
    const [server] = world.oracle.serving.servers(sid);
    world.oracle.serving.add(sid, server!.epoch, 'n-impostor');
    expect(checkSession(world.view, sid)).toMatchObject({ code: 'epoch_served_twice' });
    world.oracle.serving.remove(sid, server!.epoch, 'n-impostor');
    expect(checkSession(world.view, sid)).toBeUndefined();
  });

  it('I2 catches a stored checkpoint that lost an acknowledged turn', () => {
    const latest = world.store.latestCheckpoint(acked.sid)!;
    const applied = (latest.state as { applied: number[] }).applied;
    const { digest: _digest, ...body } = latest;
    const tampered = sealCheckpoint({
      ...body,
      epoch: latest.epoch + 1,
      state: { applied: applied.slice(1) },
    });
    if (!tampered.ok) throw new Error(tampered.error.message);
    expect(world.store.saveCheckpoint(tampered.value)).toEqual({ ok: true, value: 'new' });
    expect(checkSession(world.view, acked.sid)).toMatchObject({
      invariant: 'I2',
      code: 'checkpoint_state_wrong',
    });
  });

  it('I3 catches a session the coordinator failed without a reason', () => {
    const core = world.coordinator.core!;
    const active = [...core.sessions.all()].find((session) => session.state === 'active')!;
    const moved = core.sessions.transition(active.sid, 'failed', world.scheduler.nowMs);
    expect(moved.ok).toBe(true);
    expect(checkSession(world.view, active.sid)).toMatchObject({
      invariant: 'I3',
      code: 'failed_without_reason',
    });
  });
});
