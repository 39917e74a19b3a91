/**
 * `opengrid devnet --once --json` (what `npm start` runs, to its end): a coordinator and seven
 * node processes in real cities behind the emulated network, eight demo clients elsewhere. The
 * summary must show every node registered, every session served, and placement finding the
 * nearest node for most clients — from network coordinates, since the coordinator never reads
 * the latency matrix. Partway through, the devnet SIGKILLs the node serving the most sessions:
 * those sessions (and only those) must move to live nodes within a bounded gap and answer every
 * turn, numbered on without a turn lost. `--no-kill` is asserted by the live devnet test, which
 * runs with it (a third devnet run would add half a minute to the suite for one flag).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sdkLimits } from '@mycel/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProductionSummary } from '../src/devnet/producer/production-summary.js';
import { DEVNET_TURNS_AFTER_KILL, DEVNET_TURNS_PER_CLIENT } from '../src/limits.js';
import { temporaryFolder } from './run-mycel.js';
import { runOpengrid } from './run-opengrid.js';

const folder = temporaryFolder('grid-devnet');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/**
 * A moved session's gap (SIGKILL to attached on the new node) must end in a resume, not in the
 * SDK giving up: it is below the SDK's resume timeout. How fast a move is belongs to
 * `npm run bench -- failover` (crash p95 47 ms, docs/benchmarks.md), not to this test: a fixed
 * 10 s bound failed twice on a loaded 2-core CI machine (17.6 s and 28.6 s for one session).
 */
const MOVE_GAP_MS_MAX = sdkLimits.RESUME_TIMEOUT_MS;
/** Turns every client answers, the kill or not. */
const TURNS = DEVNET_TURNS_PER_CLIENT + DEVNET_TURNS_AFTER_KILL;

interface Move {
  from: string;
  fromDid: string;
  to: string;
  toDid: string;
  code: string;
  gapMs: number;
  resumeMs: number;
  turnsBefore: number;
  lastSeqBefore: number;
  turnsAfter: number;
  firstSeqAfter: number;
  lastSeqAfter: number;
  continued: boolean;
}

interface Summary {
  ok: boolean;
  production: ProductionSummary;
  nodes: { city: string; did: string; state: string; sessions: number }[];
  killed: { city: string; did: string; sessions: string[] } | null;
  sessions: {
    client: string;
    agent: string;
    node: string;
    nodeDid: string;
    nearest: boolean;
    bestNode: string;
    rttMs: number;
    bestRttMs: number;
    turns: number;
    firstChunkMs: number[];
    moves: Move[];
    errors: string[];
  }[];
  placedNearest: number;
  coordinatesSettled: boolean;
  moved: number;
  fees: {
    nodes: { city: string; did: string; currency: string; earned: string; receipts: number }[];
    community: {
      city: string;
      did: string;
      earned: string;
      owners: string;
      operator: string;
      protocol: string;
      ownerParts: { party: string; shares: string; owed: string; payout: string | null }[];
    } | null;
    payout: { id: string; csv: string; json: string; instructions: number; total: string } | null;
  };
}

describe('opengrid devnet --once --json', () => {
  it('places every demo session, mostly on the nearest node, kills the busiest node and moves its sessions on, and exits 0', async () => {
    const run = await runOpengrid(['devnet', '--once', '--json', '--data', join(folder, 'data')], {
      env: { ...process.env, OPENGRID_HOME: join(folder, 'home') },
      timeoutMs: 170_000,
    });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0]!) as Summary;
    expect(summary.ok).toBe(true);
    expect(summary.nodes.length).toBeGreaterThanOrEqual(6);
    expect(summary.sessions).toHaveLength(8);
    expect(new Set(summary.sessions.map((s) => s.agent))).toEqual(new Set(['tutor', 'voice']));

    // One node was killed; the coordinator confirmed it failed, and every other node is alive.
    const killed = summary.killed!;
    expect(killed, run.stderr).not.toBeNull();
    const killedNode = summary.nodes.find((node) => node.did === killed.did)!;
    expect(killedNode.city).toBe(killed.city);
    expect(killedNode.state).toBe('failed');
    const alive = summary.nodes.filter((node) => node.did !== killed.did);
    expect(alive.every((node) => node.state === 'alive')).toBe(true);
    expect(run.stderr).toContain(`devnet: killed the node in ${killed.city} (SIGKILL`);

    // It was the node serving the most sessions when it was killed.
    const servedBy = new Map<string, number>();
    for (const session of summary.sessions) {
      const atKill = session.moves[0]?.fromDid ?? session.nodeDid;
      servedBy.set(atKill, (servedBy.get(atKill) ?? 0) + 1);
    }
    expect(killed.sessions.length).toBe(servedBy.get(killed.did));
    expect(killed.sessions.length).toBe(Math.max(...servedBy.values()));

    // Exactly the sessions it served moved, each to a live node, and went on.
    const moved = summary.sessions.filter((s) => s.moves.length > 0);
    expect(moved.map((s) => s.client).sort()).toEqual([...killed.sessions].sort());
    expect(summary.moved).toBe(moved.length);
    const aliveDids = new Set(alive.map((node) => node.did));
    for (const session of moved) {
      expect(session.moves, session.client).toHaveLength(1);
      const [move] = session.moves as [Move];
      expect(move.fromDid).toBe(killed.did);
      expect(move.from).toBe(killed.city);
      expect(move.toDid).not.toBe(killed.did);
      expect(aliveDids.has(move.toDid), session.client).toBe(true);
      expect(session.nodeDid).toBe(move.toDid);
      expect(session.node).toBe(move.to);
      expect(move.code).toBe('node_unavailable');
      expect(move.gapMs, session.client).toBeGreaterThan(0);
      expect(move.gapMs, session.client).toBeLessThan(MOVE_GAP_MS_MAX);
      // The client heard of the loss after the kill, so its own resume is part of the gap.
      expect(move.resumeMs).toBeGreaterThanOrEqual(0);
      expect(move.resumeMs).toBeLessThanOrEqual(move.gapMs);
      // Killed in the round after the first turns: its turns were answered before the move or
      // after it (the interrupted one after, unless its done was already on its way), numbered
      // on from the last one before, none lost or repeated, up to the last turn.
      expect(move.turnsBefore).toBeGreaterThanOrEqual(DEVNET_TURNS_PER_CLIENT);
      expect(move.turnsAfter).toBeGreaterThanOrEqual(DEVNET_TURNS_AFTER_KILL - 1);
      expect(move.turnsBefore + move.turnsAfter).toBe(TURNS);
      expect(move.firstSeqAfter).toBe(move.lastSeqBefore + 1);
      expect(move.lastSeqAfter).toBe(TURNS);
      expect(move.continued).toBe(true);
    }

    for (const session of summary.sessions) {
      expect(session.errors, session.client).toEqual([]);
      expect(session.turns, session.client).toBe(TURNS);
      // Every first chunk from the session's node crossed the emulated network: at least one
      // client-node round trip (a moved session's: to its new node).
      expect(session.firstChunkMs.length, session.client).toBeGreaterThan(0);
      expect(Math.min(...session.firstChunkMs)).toBeGreaterThanOrEqual(session.rttMs * 0.9);
      // Nearest is judged among the nodes still running: the killed one is nobody's.
      expect(session.bestNode).not.toBe(killed.city);
    }
    // Coordinates are estimates: most, not necessarily all, sessions land on the nearest node
    // (a loaded CI machine once left 5 of 8 there), and of those that stayed put at most one lands
    // far from it (once, under load, Melbourne went to Singapore: 82 ms above Sydney).
    expect(
      summary.placedNearest,
      `coordinates settled: ${summary.coordinatesSettled}`,
    ).toBeGreaterThan(summary.sessions.length / 2);
    const far = summary.sessions.filter(
      (session) => session.moves.length === 0 && session.rttMs - session.bestRttMs >= 60,
    );
    const farText = far.map((s) => `${s.client} +${s.rttMs - s.bestRttMs} ms`).join(', ');
    expect(far.length, farText).toBeLessThanOrEqual(1);

    // Fees: every node that served a session to its end earned (the killed node's usage not yet
    // proved died with it). The community node's fees split exactly 70/20/10 among 40 owners.
    const { fees } = summary;
    const earners = new Set(fees.nodes.map((node) => node.did));
    for (const session of summary.sessions) expect(earners.has(session.nodeDid)).toBe(true);
    const community = fees.community!;
    expect(community.city).toBe('Singapore');
    expect(community.ownerParts).toHaveLength(40);
    const earned = BigInt(community.earned);
    expect(earned).toBeGreaterThan(0n);
    const owners = community.ownerParts.reduce((sum, part) => sum + BigInt(part.owed), 0n);
    expect(owners).toBe(BigInt(community.owners));
    expect(owners + BigInt(community.operator) + BigInt(community.protocol)).toBe(earned);
    // Each receipt rounds by at most one unit per level; the shares hold overall.
    const receipts = BigInt(fees.nodes.find((node) => node.did === community.did)!.receipts);
    expect(owners * 10n - earned * 7n).toBeLessThanOrEqual(receipts * 20n);
    expect(earned * 7n - owners * 10n).toBeLessThanOrEqual(receipts * 20n);
    // Each owner's payout is what it earned; the CSV's amounts add up to the payout's total.
    const payout = fees.payout!;
    for (const part of community.ownerParts) expect(part.payout).toBe(part.owed);
    const csvRows = readFileSync(payout.csv, 'utf8').trim().split('\r\n').slice(1);
    expect(csvRows).toHaveLength(payout.instructions);
    const csvTotal = csvRows.reduce((sum, row) => sum + BigInt(row.split(',')[3]!), 0n);
    expect(csvTotal.toString()).toBe(payout.total);
    const total = fees.nodes.reduce((sum, node) => sum + BigInt(node.earned), 0n);
    expect(BigInt(payout.total)).toBe(total);

    // The producer federation ran first, in the devnet's folder (its own test checks it in depth).
    const { production } = summary;
    expect(production.files.folder).toBe(join(folder, 'data', 'producer'));
    expect(production.producers.map((row) => [row.name, row.refused === row.proofs])).toEqual([
      ['community microgrid', false],
      ['inflating microgrid', true],
    ]);
    expect(production.discover.found.map((hit) => hit.name)).toEqual(['community microgrid']);
    expect(production.coordinate.status).toBe('SETTLED');
    expect(production.settle.receipts).toBe(production.coordinate.verified);
  }, 180_000);
});
