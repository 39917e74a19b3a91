/**
 * The router: hard filters, score, atomic reservation, RTTs the client measured (probes), and the
 * indexed, pruned search checked against a plain scan of every node (its slow twin) over random
 * node tables and requests.
 */
import {
  type Attestation,
  CoordinatorCore,
  chooseNode,
  type NodeTable,
  placeAndReserve,
} from '@mycel/grid';
import { LATENCY_CLASSES, type LatencyClass } from '@mycel/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLACEMENT_UNKNOWN_RTT_MS } from '../src/limits.js';
import { type NaiveRequest, naivePlacement } from './support/coordinator-naive-placement.js';
import {
  CLIENT,
  heartbeatFrame,
  testRegistration,
  testSigner,
} from './support/coordinator-nodes.js';

const NOW = 1_000_000;
type Coordinate = { vector: number[]; height: number; error: number };
const at = (x: number, y: number, height = 1): Coordinate => ({
  vector: [x, y],
  height,
  error: 0.2,
});

function coreWith(nodes: { n: number; coordinate?: Coordinate; agents?: string[] }[]) {
  const core = new CoordinatorCore({
    grid: 'testgrid',
    signer: testSigner(5000),
    heartbeatMs: 100,
  });
  for (const node of nodes) {
    const registered = core.register(
      testRegistration(node.n, {
        ...(node.coordinate === undefined ? {} : { coordinate: node.coordinate }),
        ...(node.agents === undefined ? {} : { agents: node.agents }),
      }),
      NOW,
    );
    expect(registered.ok).toBe(true);
  }
  return core;
}

function place(core: CoordinatorCore, request: Parameters<CoordinatorCore['placementRequest']>[0]) {
  const routing = core.placementRequest(request);
  if (!routing.ok) return routing;
  return placeAndReserve(core.nodes, routing.value.placement);
}

const didOf = (core: CoordinatorCore, slot: number) => core.nodes.atSlot(slot)?.did;

describe('placement filters and score', () => {
  it('picks the node with the lowest predicted RTT among those with free slots', () => {
    const core = coreWith([
      { n: 1, coordinate: at(100, 0) },
      { n: 2, coordinate: at(10, 0) },
      { n: 3, coordinate: at(40, 0) },
    ]);
    const request = { agent: 'tutor', latencyClass: 'interactive' as const, coordinate: at(0, 0) };
    const first = place(core, request);
    expect(first.ok && didOf(core, first.value.slot)).toBe(testSigner(2).key.did);
    expect(first.ok && first.value.predictedRttMs).toBeCloseTo(12);
    // The nearest node reports itself full: the next nearest wins.
    core.heartbeat(
      testSigner(2).key.did,
      heartbeatFrame({ free: { robot: 0, voice: 0, interactive: 0, batch: 0 } }),
      NOW,
    );
    const second = place(core, request);
    expect(second.ok && didOf(core, second.value.slot)).toBe(testSigner(3).key.did);
  });

  it('refuses nodes over the class budget and says no candidates when none is left', () => {
    const core = coreWith([{ n: 1, coordinate: at(70, 0) }]);
    const robot = place(core, { agent: 'tutor', latencyClass: 'robot', coordinate: at(0, 0) });
    expect(!robot.ok && robot.error.code).toBe('route_no_candidates');
    const voice = place(core, { agent: 'tutor', latencyClass: 'voice', coordinate: at(0, 0) });
    expect(voice.ok && voice.value.predictedRttMs).toBeCloseTo(72);
  });

  it('applies the budget only when both coordinates are known', () => {
    const core = coreWith([{ n: 1, coordinate: at(900, 0) }]);
    const unknownClient = place(core, { agent: 'tutor', latencyClass: 'robot' });
    expect(unknownClient.ok && unknownClient.value.predictedRttMs).toBe(undefined);
    expect(unknownClient.ok && unknownClient.value.score).toBeGreaterThanOrEqual(
      PLACEMENT_UNKNOWN_RTT_MS,
    );
    const otherDimensions = place(core, {
      agent: 'tutor',
      latencyClass: 'voice',
      coordinate: { vector: [0, 0, 0], height: 1, error: 0.2 },
    });
    expect(otherDimensions.ok).toBe(true);
  });

  it('pushes back when candidates exist but all are full, and a release frees the slot', () => {
    const core = coreWith([{ n: 1, coordinate: at(5, 0) }]);
    const request = { agent: 'tutor', latencyClass: 'robot' as const, coordinate: at(0, 0) };
    const first = place(core, request);
    expect(first.ok).toBe(true);
    const full = place(core, request);
    expect(!full.ok && full.error.code).toBe('route_pushback');
    if (first.ok) core.nodes.releaseReservation(first.value.slot, 0);
    expect(place(core, request).ok).toBe(true);
  });

  it('filters by agent: built-ins must be listed; an unknown name is agent_unknown', () => {
    const core = coreWith([
      { n: 1, agents: ['tutor'], coordinate: at(1, 0) },
      { n: 2, agents: ['voice'], coordinate: at(50, 0) },
    ]);
    const voice = place(core, { agent: 'voice', latencyClass: 'batch', coordinate: at(0, 0) });
    expect(voice.ok && didOf(core, voice.value.slot)).toBe(testSigner(2).key.did);
    const unknown = place(core, { agent: 'nobody', latencyClass: 'batch' });
    expect(!unknown.ok && unknown.error.code).toBe('agent_unknown');
  });

  it('filters by attestation when asked', () => {
    const core = coreWith([{ n: 1, coordinate: at(1, 0) }]);
    core.register(testRegistration(2, { attestation: 'tpm', coordinate: at(60, 0) }), NOW);
    const any = place(core, { agent: 'tutor', latencyClass: 'batch', coordinate: at(0, 0) });
    expect(any.ok && didOf(core, any.value.slot)).toBe(testSigner(1).key.did);
    const tpm = place(core, {
      agent: 'tutor',
      latencyClass: 'batch',
      coordinate: at(0, 0),
      attestationMin: 'tpm',
    });
    expect(tpm.ok && didOf(core, tpm.value.slot)).toBe(testSigner(2).key.did);
    const enclave = place(core, {
      agent: 'tutor',
      latencyClass: 'batch',
      attestationMin: 'secure-enclave',
    });
    expect(!enclave.ok && enclave.error.code).toBe('route_no_candidates');
  });

  it('skips suspected, failed and unlinked nodes', () => {
    const core = coreWith([{ n: 1 }, { n: 2 }, { n: 3 }]);
    const table = core.nodes;
    table.setState(table.get(testSigner(1).key.did)!, 'suspected', NOW);
    table.setState(table.get(testSigner(2).key.did)!, 'failed', NOW);
    table.setLinked(table.get(testSigner(3).key.did)!, false);
    const none = place(core, { agent: 'tutor', latencyClass: 'batch' });
    expect(!none.ok && none.error.code).toBe('route_no_candidates');
  });

  it('scores load, price, warm agents and reputation', () => {
    const core = coreWith([{ n: 1 }, { n: 2 }]);
    const [one, two] = [testSigner(1).key.did, testSigner(2).key.did];
    const request = { agent: 'tutor', latencyClass: 'interactive' as const };
    core.heartbeat(one, heartbeatFrame({ load: 0.9 }), NOW);
    const byLoad = place(core, request);
    expect(byLoad.ok && didOf(core, byLoad.value.slot)).toBe(two);
    if (byLoad.ok) core.nodes.releaseReservation(byLoad.value.slot, 2);
    core.heartbeat(one, heartbeatFrame({ warm: ['tutor'] }), NOW);
    core.heartbeat(two, heartbeatFrame({ price: { minorPerMinute: 10, currency: 'EUR' } }), NOW);
    const byWarmAndPrice = place(core, request);
    expect(byWarmAndPrice.ok && didOf(core, byWarmAndPrice.value.slot)).toBe(one);
    if (byWarmAndPrice.ok) core.nodes.releaseReservation(byWarmAndPrice.value.slot, 2);
    core.nodes.penalize(core.nodes.get(one)!.slot);
    const byReputation = place(core, request);
    expect(byReputation.ok && didOf(core, byReputation.value.slot)).toBe(two);
  });

  it('prefers headroom: the emptier of two equal nodes', () => {
    const core = coreWith([{ n: 1 }, { n: 2 }]);
    core.heartbeat(
      testSigner(1).key.did,
      heartbeatFrame({ free: { robot: 1, voice: 2, interactive: 1, batch: 8 } }),
      NOW,
    );
    const chosen = place(core, { agent: 'tutor', latencyClass: 'interactive' });
    expect(chosen.ok && didOf(core, chosen.value.slot)).toBe(testSigner(2).key.did);
  });

  it('reserves atomically: N slots give exactly N placements', () => {
    const core = coreWith([{ n: 1 }, { n: 2 }, { n: 3 }]);
    const outcomes = Array.from({ length: 20 }, () =>
      place(core, { agent: 'tutor', latencyClass: 'interactive' }),
    );
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(12);
    expect(
      outcomes.slice(12).every((outcome) => !outcome.ok && outcome.error.code === 'route_pushback'),
    ).toBe(true);
  });
});

describe('placement with RTTs the client measured (probes)', () => {
  const didOfNode = (n: number) => testSigner(n).key.did;

  it('weighs a probed node by its measured RTT: lower than predicted, it beats a node predicted closer', () => {
    const core = coreWith([
      { n: 1, coordinate: at(100, 0) },
      { n: 2, coordinate: at(10, 0) },
    ]);
    const request = {
      agent: 'tutor',
      latencyClass: 'interactive' as const,
      coordinate: at(0, 0),
      probes: [{ node: didOfNode(1), rttMs: 4 }],
    };
    const chosen = place(core, request);
    expect(chosen.ok && didOf(core, chosen.value.slot)).toBe(didOfNode(1));
    // The answer's RTT is the measured one, not the coordinates' 102 ms.
    expect(chosen.ok && chosen.value.predictedRttMs).toBe(4);
  });

  it('weighs a probed node by its measured RTT: higher than predicted, a node predicted further wins', () => {
    const core = coreWith([
      { n: 1, coordinate: at(10, 0) },
      { n: 2, coordinate: at(30, 0) },
    ]);
    const chosen = place(core, {
      agent: 'tutor',
      latencyClass: 'interactive',
      coordinate: at(0, 0),
      probes: [{ node: didOfNode(1), rttMs: 90 }],
    });
    expect(chosen.ok && didOf(core, chosen.value.slot)).toBe(didOfNode(2));
    expect(chosen.ok && chosen.value.predictedRttMs).toBeCloseTo(32);
  });

  it('applies the class budget to the measured RTT of a probed node', () => {
    const core = coreWith([
      { n: 1, coordinate: at(5, 0) },
      { n: 2, coordinate: at(90, 0) },
    ]);
    const question = { agent: 'tutor', latencyClass: 'robot' as const, coordinate: at(0, 0) };
    // Predicted 7 ms, measured 80 ms: over the 50 ms robot budget, so no candidate.
    const over = place(core, { ...question, probes: [{ node: didOfNode(1), rttMs: 80 }] });
    expect(!over.ok && over.error.code).toBe('route_no_candidates');
    // Predicted 92 ms, measured 30 ms: within the budget after all.
    const within = place(core, {
      ...question,
      probes: [
        { node: didOfNode(1), rttMs: 80 },
        { node: didOfNode(2), rttMs: 30 },
      ],
    });
    expect(within.ok && didOf(core, within.value.slot)).toBe(didOfNode(2));
    expect(within.ok && within.value.predictedRttMs).toBe(30);
  });

  it('uses a measured RTT when the client or the node has no comparable coordinate', () => {
    const core = coreWith([{ n: 1 }, { n: 2, coordinate: at(3, 0) }]);
    const noClientCoordinate = place(core, {
      agent: 'tutor',
      latencyClass: 'voice',
      probes: [{ node: didOfNode(1), rttMs: 250 }],
    });
    // Measured 250 ms is over the voice budget; node 2 stays unpredictable and takes it.
    expect(noClientCoordinate.ok && didOf(core, noClientCoordinate.value.slot)).toBe(didOfNode(2));
    expect(noClientCoordinate.ok && noClientCoordinate.value.predictedRttMs).toBe(undefined);
    const measured = place(core, {
      agent: 'tutor',
      latencyClass: 'voice',
      probes: [{ node: didOfNode(1), rttMs: 12 }],
    });
    expect(measured.ok && didOf(core, measured.value.slot)).toBe(didOfNode(1));
    expect(measured.ok && measured.value.predictedRttMs).toBe(12);
  });

  it('ignores probes of nodes it does not know, and forgets probes after the placement', () => {
    const core = coreWith([
      { n: 1, coordinate: at(40, 0) },
      { n: 2, coordinate: at(10, 0) },
    ]);
    const question = { agent: 'tutor', latencyClass: 'interactive' as const, coordinate: at(0, 0) };
    const probed = place(core, {
      ...question,
      probes: [
        { node: didOfNode(77), rttMs: 0 },
        { node: CLIENT.key.did, rttMs: 0 },
      ],
    });
    expect(probed.ok && didOf(core, probed.value.slot)).toBe(didOfNode(2));
    expect(probed.ok && probed.value.predictedRttMs).toBeCloseTo(12);
    const measuredFirst = place(core, { ...question, probes: [{ node: didOfNode(1), rttMs: 1 }] });
    expect(measuredFirst.ok && didOf(core, measuredFirst.value.slot)).toBe(didOfNode(1));
    // The next request probes nothing: node 1 is weighed by its coordinate again.
    const plain = place(core, question);
    expect(plain.ok && plain.value.predictedRttMs).toBeCloseTo(12);
  });
});

// --- the differential test: indexed router against the naive scan ---

const AGENT_NAMES = ['tutor', 'voice', 'burn', 'chat'];
const BUNDLE = `sha256:${'ab'.repeat(32)}`;

// Wide and clustered layouts: the clustered one puts many nodes in few grid cells.
const component = fc.oneof(
  fc.double({ min: -200, max: 200, noNaN: true }),
  fc.integer({ min: -30, max: 30 }),
);
const coordinateArbitrary = (dimensions: number) =>
  fc.record({
    vector: fc.array(component, {
      minLength: dimensions,
      maxLength: dimensions,
    }),
    height: fc.double({ min: 0, max: 30, noNaN: true }),
    error: fc.constant(0.2),
  });

const maybeCoordinate = fc.option(
  fc.oneof(
    { weight: 6, arbitrary: coordinateArbitrary(2) },
    { weight: 1, arbitrary: coordinateArbitrary(3) },
  ),
  { nil: undefined, freq: 5 },
);

const nodeArbitrary = fc.record({
  coordinate: maybeCoordinate,
  agents: fc.subarray([...AGENT_NAMES, BUNDLE]),
  warm: fc.subarray([...AGENT_NAMES, BUNDLE]),
  attestation: fc.constantFrom<Attestation>('software', 'software', 'tpm', 'secure-enclave'),
  capacity: fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3), fc.nat(3)),
  free: fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3), fc.nat(3)),
  load: fc.double({ min: 0, max: 1, noNaN: true }),
  price: fc.nat(30),
  failures: fc.nat(3),
  state: fc.constantFrom('alive', 'alive', 'alive', 'suspected', 'failed', 'unlinked'),
  /** A later heartbeat moves the node (often to another grid cell) and changes its load. */
  moveTo: fc.option(fc.tuple(maybeCoordinate, fc.double({ min: 0, max: 1, noNaN: true })), {
    nil: undefined,
  }),
});

/** A probe of test node n; n at or past the table's size is a did the coordinator does not know. */
const probeArbitrary = fc.record({
  n: fc.oneof({ weight: 4, arbitrary: fc.nat(12) }, { weight: 1, arbitrary: fc.nat(70) }),
  rttMs: fc.oneof(fc.double({ min: 0, max: 400, noNaN: true }), fc.integer({ min: 0, max: 60 })),
});

const requestArbitrary = fc.record({
  agent: fc.constantFrom(...AGENT_NAMES, BUNDLE),
  latencyClass: fc.constantFrom<LatencyClass>(...LATENCY_CLASSES),
  coordinate: maybeCoordinate,
  attestationMin: fc.constantFrom<Attestation>('software', 'software', 'tpm'),
  probes: fc.option(fc.array(probeArbitrary, { maxLength: 8 }), { nil: undefined }),
});

describe('the indexed router agrees with a plain scan of every node', () => {
  it('over random tables and request sequences, with random probes (and reservations)', () => {
    fc.assert(
      fc.property(
        fc.array(nodeArbitrary, { maxLength: 60 }),
        fc.array(requestArbitrary, { minLength: 1, maxLength: 12 }),
        (nodes, requests) => {
          const core = new CoordinatorCore({
            grid: 'testgrid',
            signer: testSigner(5000),
            heartbeatMs: 100,
          });
          // The bundle is known to the catalog, so any node can take it.
          core.catalog.add({
            name: 'echo',
            version: '1.0.0',
            publisher: CLIENT.key.did,
            assetId: BUNDLE,
            publishedAtMs: 0,
          });
          for (const [n, node] of nodes.entries()) loadNode(core.nodes, n, node);
          for (const { probes: drawn, ...question } of requests) {
            const probes = drawn?.map(({ n, rttMs }) => ({ node: testSigner(n).key.did, rttMs }));
            const request = { ...question, ...(probes === undefined ? {} : { probes }) };
            const naiveRequest: NaiveRequest = {
              agent:
                request.agent === BUNDLE
                  ? { kind: 'bundle', assetId: BUNDLE }
                  : { kind: 'built-in', name: request.agent },
              latencyClass: request.latencyClass,
              ...(request.coordinate === undefined ? {} : { coordinate: request.coordinate }),
              attestationMin: request.attestationMin,
              ...(probes === undefined ? {} : { probes }),
            };
            const expected = naivePlacement(core.nodes, naiveRequest);
            const routing = core.placementRequest(request);
            if (!routing.ok) {
              // A built-in no node lists is unknown to the router; the naive scan finds nobody.
              expect(routing.error.code).toBe('agent_unknown');
              expect(expected.code).toBe('route_no_candidates');
              continue;
            }
            const actual = chooseNode(core.nodes, routing.value.placement);
            if (expected.code !== 'placed') {
              expect(actual.ok ? 'placed' : actual.error.code).toBe(expected.code);
              continue;
            }
            expect(actual.ok).toBe(true);
            if (!actual.ok) continue;
            expect(actual.value.score).toBeCloseTo(expected.score, 9);
            if (Math.abs(actual.value.score - expected.score) === 0) {
              expect(didOf(core, actual.value.slot)).toBe(expected.did);
            }
            if (didOf(core, actual.value.slot) === expected.did) {
              // A probed node's RTT is the measured one, exactly; a predicted one may round.
              if (expected.rttMs === undefined) expect(actual.value.predictedRttMs).toBe(undefined);
              else expect(actual.value.predictedRttMs).toBeCloseTo(expected.rttMs, 9);
            }
            core.nodes.reserve(actual.value.slot, LATENCY_CLASSES.indexOf(request.latencyClass));
          }
        },
      ),
      { numRuns: 300, seed: 20261128 },
    );
  });
});

type NodeSpec = typeof nodeArbitrary extends fc.Arbitrary<infer T> ? T : never;

function loadNode(table: NodeTable, n: number, node: NodeSpec) {
  const [robot, voice, interactive, batch] = node.capacity;
  const registered = table.register(
    testRegistration(n, {
      agents: node.agents,
      attestation: node.attestation,
      capacity: { robot, voice, interactive, batch },
      ...(node.coordinate === undefined ? {} : { coordinate: node.coordinate }),
    }),
    NOW,
  );
  if (!registered.ok) throw new Error(registered.error.message);
  const record = registered.value;
  const [freeRobot, freeVoice, freeInteractive, freeBatch] = node.free;
  table.heartbeat(
    record.did,
    heartbeatFrame({
      free: { robot: freeRobot, voice: freeVoice, interactive: freeInteractive, batch: freeBatch },
      load: node.load,
      warm: node.warm,
      price: { minorPerMinute: node.price, currency: 'EUR' },
    }),
    NOW,
  );
  for (let failure = 0; failure < node.failures; failure++) table.penalize(record.slot);
  if (node.moveTo !== undefined) {
    const [coordinate, load] = node.moveTo;
    table.heartbeat(
      record.did,
      heartbeatFrame({
        free: {
          robot: freeRobot,
          voice: freeVoice,
          interactive: freeInteractive,
          batch: freeBatch,
        },
        load,
        warm: node.warm,
        price: { minorPerMinute: node.price, currency: 'EUR' },
        ...(coordinate === undefined ? {} : { coordinate }),
      }),
      NOW + 1,
    );
  }
  if (node.failures > 0) table.credit(record.slot);
  if (node.state === 'suspected' || node.state === 'failed')
    table.setState(record, node.state, NOW);
  if (node.state === 'unlinked') table.setLinked(record, false);
}
