/**
 * A node on the devnet's emulated network: messages it receives are held for the one-way delay
 * from the sender's city, it names its own city in every answer, and it finds its network
 * coordinate by probing the peers its coordinator names.
 */
import { CITY_HEADER, type LatencyEmulation, NODE_PATHS } from '@mycel/wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { attachFrame, clientSigner } from './support/node-session-client.js';
import { startTestGrid, type TestGrid, waitFor } from './support/node-test-grid.js';
import { fetchJson, startTestNode, type TestNode } from './support/node-test-node.js';

/** One-way delays between made-up cities, in ms; any other pair of cities is FAR_MS apart. */
const ONE_WAY_MS: Record<string, number> = { 'lisbon>porto': 15, 'porto>lisbon': 15 };
const FAR_MS = 150;

function emulation(city: string): LatencyEmulation {
  return {
    city,
    oneWayMs: (from, to) => (from === to ? 0 : (ONE_WAY_MS[`${from}>${to}`] ?? FAR_MS)),
  };
}

let coordinator: TestGrid;
let lisbon: TestNode;
let porto: TestNode;

beforeAll(async () => {
  coordinator = await startTestGrid();
  [lisbon, porto] = await Promise.all([
    startTestNode(coordinator.url, { emulation: emulation('lisbon'), label: 'lisbon' }),
    startTestNode(coordinator.url, { emulation: emulation('porto'), label: 'porto' }),
  ]);
  await waitFor(
    () => coordinator.nodeSummary(lisbon.did)?.linked && coordinator.nodeSummary(porto.did)?.linked,
    10_000,
    'registrations',
  );
});

afterAll(async () => {
  await Promise.all([lisbon?.stop(), porto?.stop()]);
  await coordinator?.close();
});

describe('emulated latency', () => {
  it('holds an HTTP request for the sender city delay and names its own city', async () => {
    const url = `${lisbon.url}${NODE_PATHS.ping}`;
    const startedAt = performance.now();
    const response = await fetch(url, { headers: { [CITY_HEADER]: 'tokyo' } });
    // Only lower bounds: a loaded machine makes anything slower, never faster.
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(FAR_MS - 1);
    expect(response.headers.get(CITY_HEADER)).toBe('lisbon');
    const local = await fetch(url, { headers: { [CITY_HEADER]: 'lisbon' } });
    expect(local.headers.get(CITY_HEADER)).toBe('lisbon');
  });

  it('holds session frames from a far city and answers the upgrade with its own city', async () => {
    const client = clientSigner(4);
    const socket = new WebSocket(`${lisbon.url.replace('http', 'ws')}${NODE_PATHS.session}`, {
      headers: { [CITY_HEADER]: 'tokyo' },
    });
    const upgradeCity = new Promise<unknown>((done) =>
      socket.on('upgrade', (response) => done(response.headers[CITY_HEADER])),
    );
    await new Promise((done) => socket.on('open', done));
    expect(await upgradeCity).toBe('lisbon');
    const answered = new Promise<number>((done) =>
      socket.on('message', () => done(performance.now())),
    );
    const ticket = coordinator.ticket({ node: lisbon.did, client: client.key.did });
    // The ticket is signed with the coordinator's key; the coordinator itself is not asked.
    const sentAt = performance.now();
    socket.send(JSON.stringify(attachFrame(ticket, client)));
    expect((await answered) - sentAt).toBeGreaterThanOrEqual(FAR_MS - 1);
    socket.close();
  });

  it('moves its network coordinate by probing the peers the coordinator names', async () => {
    const start = lisbon.status().coordinate;
    const moved = await waitFor(
      () => {
        const coordinate = lisbon.status().coordinate;
        return coordinate.error < start.error && coordinate;
      },
      10_000,
      'the coordinate to move',
    );
    expect(moved.vector).toHaveLength(8);
    // Porto keeps probing while we ask: its answer is the coordinate it held just before or after.
    const before = porto.status().coordinate;
    const ping = await fetchJson(`${porto.url}${NODE_PATHS.ping}`);
    const after = porto.status().coordinate;
    expect([before, after]).toContainEqual(ping.coordinate);
  });
});
