/**
 * Lying nodes (issue 6, bad input): a node that claims a coordinate closer to clients than it is,
 * or more capacity than it admits, does not win placement on its word. The coordinator's own
 * observations (RTT on the control link, reservations that never attached) win, and the node's
 * summary names the discounted claim with its code. Also: the top few candidates placement
 * offers a client to probe.
 */
import {
  CoordinatorCore,
  chooseLandmarks,
  chooseNode,
  PLACEMENT_DISCOUNT_CODES,
  topCandidates,
} from '@mycel/grid';
import { wireLimits } from '@mycel/wire';
import { describe, expect, it } from 'vitest';
import {
  CLIENT,
  heartbeatFrame,
  testRegistration,
  testSigner,
} from './support/coordinator-nodes.js';

const NOW = 1_000_000;
const TTL = 5_000;
const did = (n: number) => testSigner(n).key.did;
type Point = readonly [number, number];
/** A coordinate in a plane where distances are RTTs exactly (height 1 ms on each end). */
const at = ([x, y]: Point) => ({ vector: [x, y], height: 1, error: 0.1 });
const rtt = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]) + 2;

const COORDINATOR: Point = [0, 0];
const CLIENT_AT: Point = [100, 0];
/** Honest nodes spread around the coordinator, each where it says it is. */
const HONEST: Point[] = [
  [30, 0],
  [0, 40],
  [-50, 0],
  [0, -60],
  [70, 70],
  [-80, 20],
  [20, -90],
  [105, 5],
];
const HONEST_NEAR_CLIENT = HONEST.length; // node n = 8 sits at [105, 5], 7 ms from the client
/** The liar: really on the far side of the coordinator, claiming to sit on the client. */
const LIAR_REALLY: Point = [-300, 0];
const LIAR_CLAIMS: Point = [100, 0];
const LIAR = 100;

function coreWithLiar() {
  const core = new CoordinatorCore({
    grid: 'testgrid',
    signer: testSigner(5000),
    heartbeatMs: 100,
    ticketTtlMs: TTL,
  });
  HONEST.forEach((point, index) => {
    expect(core.register(testRegistration(index + 1, { coordinate: at(point) }), NOW).ok).toBe(
      true,
    );
  });
  expect(core.register(testRegistration(LIAR, { coordinate: at(LIAR_CLAIMS) }), NOW).ok).toBe(true);
  return core;
}

/** Control-link pings answered: what the coordinator measures, noise-free. */
function observeAll(core: CoordinatorCore) {
  HONEST.forEach((point, index) => {
    expect(core.nodes.observeRtt(did(index + 1), rtt(COORDINATOR, point))).toBe(true);
  });
  expect(core.nodes.observeRtt(did(LIAR), rtt(COORDINATOR, LIAR_REALLY))).toBe(true);
}

function placedDid(core: CoordinatorCore) {
  const routing = core.placementRequest({
    agent: 'tutor',
    latencyClass: 'interactive',
    coordinate: at(CLIENT_AT),
  });
  if (!routing.ok) throw new Error(routing.error.message);
  const choice = chooseNode(core.nodes, routing.value.placement);
  return choice.ok ? core.nodes.atSlot(choice.value.slot)?.did : choice.error.code;
}

const codesOf = (core: CoordinatorCore, n: number) =>
  core.nodes.summary(core.nodes.get(did(n))!).discounts.map((discount) => discount.code);

describe('a node lying about its coordinate', () => {
  it('wins on its claim alone, and loses once the coordinator times its control link', () => {
    const core = coreWithLiar();
    // Claims only: the liar says it is 2 ms from the client, the honest node is 9 ms away.
    expect(placedDid(core)).toBe(did(LIAR));
    observeAll(core);
    expect(placedDid(core)).toBe(did(HONEST_NEAR_CLIENT));
    expect(codesOf(core, LIAR)).toEqual(['coordinate_contradicted']);
    const summary = core.nodes.summary(core.nodes.get(did(LIAR))!);
    expect(summary.observedRttMs).toBeCloseTo(rtt(COORDINATOR, LIAR_REALLY));
    for (let n = 1; n <= HONEST.length; n++) expect(codesOf(core, n)).toEqual([]);
  });

  it('is found with the coordinator coordinate fitted to the observations, not set', () => {
    const core = coreWithLiar();
    observeAll(core);
    const observer = core.nodes.observer!;
    // The fit, without the contradicted claim, lands near the coordinator's true place.
    expect(Math.hypot(observer.vector[0]!, observer.vector[1]!)).toBeLessThan(15);
    expect(codesOf(core, LIAR)).toEqual(['coordinate_contradicted']);
    expect(placedDid(core)).toBe(did(HONEST_NEAR_CLIENT));
  });

  it('serves as no landmark while contradicted, and is trusted again once its claim fits', () => {
    const core = coreWithLiar();
    core.nodes.setObserver(at(COORDINATOR));
    observeAll(core);
    const landmarks = chooseLandmarks(core.nodes, wireLimits.LANDMARKS_MAX);
    expect(landmarks.map((landmark) => landmark.did)).not.toContain(did(LIAR));
    expect(landmarks).toHaveLength(HONEST.length);
    // It stops lying: the next heartbeat carries where it really is.
    core.heartbeat(did(LIAR), heartbeatFrame({ coordinate: at(LIAR_REALLY) }), NOW + 100);
    expect(codesOf(core, LIAR)).toEqual([]);
    expect(chooseLandmarks(core.nodes, wireLimits.LANDMARKS_MAX)).toHaveLength(HONEST.length + 1);
  });

  it('leaves an honest node whose RTT is within Vivaldi-sized error of its claim alone', () => {
    const core = coreWithLiar();
    core.nodes.setObserver(at(COORDINATOR));
    // 60 % slower than its coordinate predicts: within OBSERVED_RTT_TOLERANCE.
    core.nodes.observeRtt(did(1), rtt(COORDINATOR, HONEST[0]!) * 1.6);
    expect(codesOf(core, 1)).toEqual([]);
  });

  it('discounts nobody while most claims disagree with the measurements (all at the origin)', () => {
    const core = new CoordinatorCore({
      grid: 'testgrid',
      signer: testSigner(5000),
      heartbeatMs: 100,
      ticketTtlMs: TTL,
    });
    // A fresh grid: each node claims the coordinate it starts with, whatever its real distance,
    // and the coordinator measures RTTs from 5 ms to a second. No single place for the
    // coordinator fits most of them, so no fit is trusted and nobody is discounted.
    // (Their error estimates claim to be settled: an unsettled claim is not judged at all.)
    const start = { vector: [0, 0], height: 0.01, error: 0.2 };
    const measured = [5, 8, 10, 200, 400, 600, 800, 1_000];
    measured.forEach((rttMs, index) => {
      expect(core.register(testRegistration(index + 1, { coordinate: start }), NOW).ok).toBe(true);
      expect(core.nodes.observeRtt(did(index + 1), rttMs)).toBe(true);
    });
    // Refit from all eight (a scheduled refit does the same): most claims disagree, so no fit.
    core.nodes.setObserver(undefined);
    expect(core.nodes.observer).toBeUndefined();
    for (let n = 1; n <= measured.length; n++) expect(codesOf(core, n)).toEqual([]);
  });

  it('does not judge a claim whose error estimate says it is still settling', () => {
    const core = coreWithLiar();
    core.nodes.setObserver(at(COORDINATOR));
    observeAll(core);
    expect(codesOf(core, LIAR)).toEqual(['coordinate_contradicted']);
    // The same lie with the error a fresh coordinate starts with is not judged yet.
    const unsettled = { ...at(LIAR_CLAIMS), error: 1.5 };
    core.heartbeat(did(LIAR), heartbeatFrame({ coordinate: unsettled }), NOW + 100);
    expect(codesOf(core, LIAR)).toEqual([]);
  });

  it('ignores samples that are not RTTs, and nodes it does not know', () => {
    const core = coreWithLiar();
    for (const bad of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, 10_001]) {
      expect(core.nodes.observeRtt(did(1), bad)).toBe(false);
    }
    expect(core.nodes.observeRtt(did(4242), 10)).toBe(false);
    expect(core.nodes.summary(core.nodes.get(did(1))!).observedRttMs).toBeUndefined();
  });
});

describe('a node lying about its capacity', () => {
  function coreWithTwo() {
    const core = new CoordinatorCore({
      grid: 'testgrid',
      signer: testSigner(5000),
      heartbeatMs: 100,
      ticketTtlMs: TTL,
    });
    const capacity = { robot: 1, voice: 2, interactive: 8, batch: 8 };
    // Node 1 is nearer the client and claims 8 interactive slots; it admits 2.
    core.register(testRegistration(1, { capacity, coordinate: at([10, 0]) }), NOW);
    core.register(testRegistration(2, { capacity, coordinate: at([40, 0]) }), NOW);
    return core;
  }
  let sids = 0;
  const open = (core: CoordinatorCore, nowMs: number) => {
    const opened = core.open(
      {
        sid: `cap-${++sids}`,
        agent: 'tutor',
        latencyClass: 'interactive',
        client: CLIENT.key.did,
        coordinate: at([0, 0]),
      },
      nowMs,
    );
    if (!opened.ok) throw new Error(opened.error.message);
    return { sid: opened.value.session.sid, node: opened.value.node.did };
  };
  const six = { robot: 1, voice: 2, interactive: 6, batch: 8 };
  const report = (sid: string, state: 'active' | 'closed' | 'failed') =>
    ({ t: 'session-state', sid, epoch: 1, state, turns: 0 }) as const;

  it('is capped at what it held when it failed to admit a session, and placement moves on', () => {
    const core = coreWithTwo();
    const first = open(core, NOW);
    const second = open(core, NOW);
    expect([first.node, second.node]).toEqual([did(1), did(1)]);
    expect(core.sessionReport(did(1), report(first.sid, 'active'), NOW + 10).ok).toBe(true);
    expect(core.sessionReport(did(1), report(second.sid, 'active'), NOW + 10).ok).toBe(true);
    // The third ticket goes unused: the node refused the client.
    const third = open(core, NOW + 20);
    expect(third.node).toBe(did(1));
    const expiry = NOW + 20 + TTL + wireLimits.TICKET_CLOCK_SKEW_MS;
    core.heartbeat(did(1), heartbeatFrame({ free: six, sessions: 2 }), expiry);
    core.heartbeat(did(2), heartbeatFrame(), expiry);
    core.tick(expiry);
    expect(codesOf(core, 1)).toEqual(['capacity_unproven']);
    // Its heartbeats go on claiming 6 free slots; placement counts none.
    const later = NOW + 2 * TTL;
    core.heartbeat(did(1), heartbeatFrame({ free: six, sessions: 2 }), later);
    core.heartbeat(did(2), heartbeatFrame(), later);
    expect(core.nodes.summary(core.nodes.get(did(1))!).free.interactive).toBe(0);
    expect(open(core, later).node).toBe(did(2));
    // One of its sessions ends: it has room for one again, fills it, and proves one more.
    expect(core.sessionReport(did(1), report(first.sid, 'closed'), later).ok).toBe(true);
    core.heartbeat(
      did(1),
      heartbeatFrame({ free: { robot: 1, voice: 2, interactive: 7, batch: 8 }, sessions: 1 }),
      later + 1,
    );
    const refill = open(core, later + 2);
    expect(refill.node).toBe(did(1));
    expect(core.sessionReport(did(1), report(refill.sid, 'active'), later + 3).ok).toBe(true);
    const message = core.nodes.summary(core.nodes.get(did(1))!).discounts[0]!.message;
    expect(message).toBe('interactive: claimed 8 slots, placement counts 3');
  });

  it('is not capped by reservations the coordinator gives back itself', () => {
    const core = coreWithTwo();
    const routing = core.placementRequest({
      agent: 'tutor',
      latencyClass: 'interactive',
      coordinate: at([0, 0]),
    });
    if (!routing.ok) throw new Error(routing.error.message);
    const slot = core.nodes.get(did(1))!.slot;
    core.nodes.reserve(slot, 2);
    core.nodes.releaseReservation(slot, 2);
    expect(codesOf(core, 1)).toEqual([]);
  });

  it('discounts nothing when the cap would be the claimed capacity anyway', () => {
    const core = coreWithTwo();
    const slot = core.nodes.get(did(1))!.slot;
    // Robot: one slot claimed; a refusal while holding none caps at CAPACITY_CAP_FLOOR = 1.
    core.nodes.reserve(slot, 0);
    core.nodes.releaseReservation(slot, 0, true);
    expect(codesOf(core, 1)).toEqual([]);
    expect(core.nodes.summary(core.nodes.get(did(1))!).free.robot).toBe(1);
  });

  it('every discount code has a meaning', () => {
    for (const [code, meaning] of Object.entries(PLACEMENT_DISCOUNT_CODES)) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)+$/);
      expect(meaning.length).toBeGreaterThan(20);
    }
  });
});

describe('top candidates', () => {
  it('lists the best nodes in placement order, each once, up to the count', () => {
    const core = coreWithLiar();
    const routing = core.placementRequest({
      agent: 'tutor',
      latencyClass: 'batch',
      coordinate: at(CLIENT_AT),
    });
    if (!routing.ok) throw new Error(routing.error.message);
    const top = topCandidates(core.nodes, routing.value.placement, 3);
    expect(top.map((choice) => core.nodes.atSlot(choice.slot)!.did)).toEqual([
      did(LIAR),
      did(HONEST_NEAR_CLIENT),
      did(1),
    ]);
    expect(top[0]!.score).toBeLessThan(top[1]!.score);
    expect(topCandidates(core.nodes, routing.value.placement, 50)).toHaveLength(HONEST.length + 1);
  });
});
