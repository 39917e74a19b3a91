/**
 * What a coordinator tells its canopy about its colony (colony-summary.ts): slots summed over
 * placeable nodes only, agents most nodes have first, the quoted price, the mean coordinate.
 */
import { CoordinatorCore } from '@mycel/grid';
import { TrustStore } from '@mycel/kernel';
import { buildSummary, checkSummary } from '@mycel/mesh';
import { describe, expect, it } from 'vitest';
import { colonyCoordinate, colonySummary } from '../src/coordinator/canopy/colony-summary.js';
import { heartbeatFrame, testRegistration, testSigner } from './support/coordinator-nodes.js';

const NOW = 1_000_000;
const FACTS = {
  url: 'http://127.0.0.1:7400',
  federation: 'south',
  colony: 'chennai',
  seq: 5,
  issuedAtMs: NOW,
  price: { minor: '2', currency: 'INR' },
};

function coreWith(count: number): CoordinatorCore {
  const core = new CoordinatorCore({ grid: 'south', signer: testSigner(7000), heartbeatMs: 100 });
  for (let n = 1; n <= count; n++) {
    const registered = core.register(
      testRegistration(n, {
        coordinate: { vector: [n * 10, 0], height: 1, error: 0.2 },
        agents: n === 1 ? ['tutor', 'voice'] : ['tutor'],
      }),
      NOW,
    );
    if (!registered.ok) throw new Error(registered.error.message);
    core.nodes.setLinked(registered.value, true);
  }
  return core;
}

describe('colonySummary', () => {
  it('sums free and total slots of placeable nodes, and signs into a believable summary', () => {
    const core = coreWith(2);
    core.heartbeat(
      testSigner(2).key.did,
      heartbeatFrame({ free: { robot: 0, voice: 1, interactive: 3, batch: 8 } }),
      NOW,
    );
    const fields = colonySummary(core.nodes, FACTS);
    expect(fields.capacity).toEqual({
      robot: { free: 1, total: 2 },
      voice: { free: 3, total: 4 },
      interactive: { free: 7, total: 8 },
      batch: { free: 16, total: 16 },
    });
    expect(fields.warmAgents).toEqual(['tutor', 'voice']);
    expect(fields.prices).toEqual([{ currency: 'INR', minMinor: '2', maxMinor: '2' }]);
    expect(fields.coordinate).toEqual({ vector: [15, 0], height: 1, error: 0.2 });
    const signed = buildSummary(fields, testSigner(7000));
    expect(checkSummary(signed as never, { store: new TrustStore() }, NOW).ok).toBe(true);
  });

  it('leaves out nodes that are not placeable (unlinked, draining)', () => {
    const core = coreWith(2);
    core.nodes.setLinked(core.nodes.get(testSigner(1).key.did)!, false);
    core.drain(testSigner(2).key.did);
    const fields = colonySummary(core.nodes, FACTS);
    expect(fields.capacity.interactive).toEqual({ free: 0, total: 0 });
    expect(fields.warmAgents).toEqual([]);
    expect(fields.coordinate).toBeUndefined();
  });

  it('takes the mean of the most common dimension count; a wild mean is left out', () => {
    const two = (x: number) => ({ vector: [x, 0], height: 1, error: 0.1 });
    expect(colonyCoordinate([two(0), two(10), { vector: [5], height: 1, error: 0.1 }])).toEqual({
      vector: [5, 0],
      height: 1,
      error: 0.1,
    });
    expect(colonyCoordinate([])).toBeUndefined();
    expect(colonyCoordinate([{ vector: [1e9, 0], height: 1, error: 0.1 }])).toBeUndefined();
  });
});
