/**
 * Devnet latency emulation on the coordinator: requests and link frames from another emulated
 * city are handled one one-way delay late, in order, and every answer names the coordinator's
 * city. (The delay is asserted as a lower bound: that is the behaviour, not a benchmark.)
 */
import { CITY_HEADER, COORDINATOR_PATHS, type LatencyEmulation } from '@mycel/wire';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  Cleanup,
  getJson,
  launchCoordinator,
  nodeState,
  waitUntil,
} from './support/coordinator-harness.js';
import { testSigner } from './support/coordinator-nodes.js';
import { TestLink } from './support/coordinator-test-node.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const ONE_WAY_MS = 80;
const emulation: LatencyEmulation = {
  city: 'lisbon',
  oneWayMs(fromCity, toCity) {
    if (fromCity === toCity) return 0;
    if (fromCity === 'tokyo' && toCity === 'lisbon') return ONE_WAY_MS;
    throw new Error(`emulated city ${fromCity} is not in the latency matrix`);
  },
};

describe('latency emulation', () => {
  it('delays HTTP requests from another city and names its own city in answers', async () => {
    const coordinator = await launchCoordinator(cleanup, { emulation });
    const started = performance.now();
    const far = await getJson(`${coordinator.url}/healthz`, { [CITY_HEADER]: 'tokyo' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(ONE_WAY_MS - 1);
    expect(far.status).toBe(200);
    expect(far.headers.get(CITY_HEADER)).toBe('lisbon');
    const local = await getJson(`${coordinator.url}/v1/nodes`);
    expect(local.headers.get(CITY_HEADER)).toBe('lisbon');
    const unknown = await getJson(`${coordinator.url}/healthz`, { [CITY_HEADER]: 'atlantis' });
    expect([unknown.status, unknown.body.error?.code]).toEqual([400, 'request_malformed']);
  });

  it('delays link frames from another city, in order, and names its city in the handshake', async () => {
    const coordinator = await launchCoordinator(cleanup, { emulation });
    const url = new URL(COORDINATOR_PATHS.nodeLink, coordinator.url.replace(/^http/, 'ws'));
    const probe = new WebSocket(url, { headers: { [CITY_HEADER]: 'tokyo' } });
    const city = await new Promise<string | string[] | undefined>((resolve, reject) => {
      probe.once('upgrade', (response) => resolve(response.headers[CITY_HEADER]));
      probe.once('error', reject);
    });
    probe.terminate();
    expect(city).toBe('lisbon');

    const link = await TestLink.open(coordinator.url, testSigner(1), {
      headers: { [CITY_HEADER]: 'tokyo' },
    });
    cleanup.add(() => link.terminate());
    const started = performance.now();
    const registered = link.register();
    link.heartbeat({ sessions: 7 });
    expect((await registered).t).toBe('registered');
    expect(performance.now() - started).toBeGreaterThanOrEqual(ONE_WAY_MS - 1);
    // The heartbeat sent right after the registration arrives after it, not before.
    await waitUntil(
      () => nodeState(coordinator, testSigner(1).key.did)?.sessions === 7,
      'the heartbeat',
    );
  });
});
