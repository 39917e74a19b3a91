/**
 * The canopy on real coordinators and a real node over loopback HTTP and WebSockets: two
 * coordinators exchange signed summaries; one with no node of its own forwards a session to its
 * neighbour, which places it on its node and issues the ticket itself; the client completes a
 * turn there. A devnet canopy: no policy packs, one federation.
 */
import { PLACED_BY_HEADER } from '@mycel/grid';
import { parseKid } from '@mycel/kernel';
import type { OpenSessionResponse } from '@mycel/wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canopyView,
  dataDirWithKey,
  freePorts,
  removeDataDirs,
  seededSigner,
} from './support/canopy-harness.js';
import { postJson } from './support/coordinator-harness.js';
import { attachFrame, clientSigner, connectSession } from './support/node-session-client.js';
import { startTestGrid, type TestGrid, waitFor } from './support/node-test-grid.js';
import { startLinkedNode, type TestNode } from './support/node-test-node.js';

const MUMBAI = seededSigner(101);
const CHENNAI = seededSigner(102);
const client = clientSigner(7);

let mumbai: TestGrid;
let chennai: TestGrid;
let node: TestNode;

beforeAll(async () => {
  const [mumbaiPort, chennaiPort] = await freePorts(2);
  const url = (port: number | undefined) => `http://127.0.0.1:${port}`;
  mumbai = await startTestGrid({
    dataDir: dataDirWithKey(101),
    grid: 'south',
    port: mumbaiPort!,
    canopy: { peers: [url(chennaiPort)], colony: 'mumbai', publishIntervalMs: 100 },
  });
  chennai = await startTestGrid({
    dataDir: dataDirWithKey(102),
    grid: 'south',
    port: chennaiPort!,
    canopy: { peers: [url(mumbaiPort)], colony: 'chennai', publishIntervalMs: 100 },
  });
  node = await startLinkedNode(chennai);
}, 30_000);

afterAll(async () => {
  await node?.stop();
  await mumbai?.close();
  await chennai?.close();
  removeDataDirs();
});

describe('a canopy of two coordinators', () => {
  it('each holds the signed summary of the other, with its colony and capacity', async () => {
    const seen = await waitFor(
      async () => {
        const view = await canopyView(mumbai.url);
        const summary = view.summaries.find((entry) => entry.coordinator === CHENNAI.key.did);
        return summary !== undefined && summary.capacity.interactive!.free > 0 && summary;
      },
      10_000,
      'a summary of chennai with a free interactive slot',
    );
    expect(seen).toMatchObject({
      kind: 'canopy-summary',
      federation: 'south',
      colony: 'chennai',
      url: chennai.url,
    });
    expect(seen.warmAgents).toContain('tutor');
    expect(parseKid(seen.signatures[0]!.kid)).toMatchObject({
      ok: true,
      value: { identity: CHENNAI.key.did },
    });
    const back = await waitFor(
      async () =>
        (await canopyView(chennai.url)).summaries.find(
          (entry) => entry.coordinator === MUMBAI.key.did,
        ),
      10_000,
      'a summary of mumbai',
    );
    // Mumbai has no node: nothing free anywhere.
    expect(back.colony).toBe('mumbai');
    expect(Object.values(back.capacity).every((slots) => slots.total === 0)).toBe(true);
    const own = await canopyView(mumbai.url);
    expect(own).toMatchObject({
      coordinator: MUMBAI.key.did,
      colony: 'mumbai',
      federation: 'south',
    });
  });

  it('overflows a session it cannot place: the neighbour issues the ticket, the turn runs there', async () => {
    await waitFor(
      async () =>
        (await canopyView(mumbai.url)).summaries.some(
          (entry) => entry.coordinator === CHENNAI.key.did && entry.capacity.interactive!.free > 0,
        ),
      10_000,
      'chennai with room',
    );
    const opened = await postJson<OpenSessionResponse>(`${mumbai.url}/v1/sessions`, {
      agent: 'tutor',
      class: 'interactive',
      client: client.key.did,
    });
    expect(opened.status).toBe(201);
    expect(opened.headers.get(PLACED_BY_HEADER)).toBe(`${CHENNAI.key.did} ${chennai.url}`);
    const { ticket } = opened.body;
    expect(ticket.node).toBe(node.did);
    expect(ticket.aud).toBe('south');
    expect(parseKid(ticket.signatures[0]!.kid)).toMatchObject({
      value: { identity: CHENNAI.key.did },
    });
    expect(opened.body.node.did).toBe(node.did);
    // The client attaches to the node with chennai's ticket and completes a turn.
    const session = await connectSession(node.url);
    try {
      session.send(attachFrame(ticket, client));
      expect(await session.next()).toMatchObject({ t: 'attached', sid: ticket.sid });
      session.send({ t: 'turn', seq: 1, input: 'start' });
      const done = await session.next('done', 10_000);
      expect(done).toMatchObject({ t: 'done', seq: 1 });
      // Chennai placed the session and knows it; mumbai never held it.
      await waitFor(() => chennai.sessionState(ticket.sid) === 'active', 5000, 'active on chennai');
      expect(mumbai.sessionState(ticket.sid)).toBeUndefined();
    } finally {
      session.close();
    }
  }, 30_000);

  it('an agent no neighbour has is not forwarded: the local refusal stands', async () => {
    const refused = await postJson(`${mumbai.url}/v1/sessions`, {
      agent: 'no-such-agent',
      class: 'interactive',
      client: client.key.did,
    });
    expect(refused.status).toBe(404);
    expect(refused.body.error?.code).toBe('agent_unknown');
    expect(refused.headers.get(PLACED_BY_HEADER)).toBeNull();
  });
});
