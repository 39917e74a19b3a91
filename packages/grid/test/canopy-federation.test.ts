/**
 * Federations on real coordinators over loopback: a session crosses from one federation into
 * another only under a treaty both signed (session_treaty_required without one, treaty_expired
 * with an ended one); every bad input named in the issue is refused with its code — forged,
 * replayed and flooding summaries, a coordinator claiming a colony it does not own, forged and
 * replayed forwards, a treaty signed by one side only, a replayed treaty — and a refused summary
 * leaves the book as it was.
 */
import { type CanopyOptions, startCoordinator } from '@mycel/grid';
import { formatTimestamp, type JsonValue, parseKid, type Signer } from '@mycel/kernel';
import { buildSummary, type CanopySummary, type SummaryFields } from '@mycel/mesh';
import type { OpenSessionResponse } from '@mycel/wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildForward } from '../src/coordinator/canopy/canopy-forward.js';
import {
  canopyView,
  dataDirWithKey,
  freePorts,
  policyPack,
  removeDataDirs,
  seededSigner,
  treaty,
} from './support/canopy-harness.js';
import { postJson } from './support/coordinator-harness.js';
import { clientSigner } from './support/node-session-client.js';
import { startTestGrid, type TestGrid, waitFor } from './support/node-test-grid.js';
import { startLinkedNode, type TestNode } from './support/node-test-node.js';

const SEEDS = { beta: 111, alpha: 112, gamma: 113, delta: 114, ghost: 115, outsider: 116 };
const B = seededSigner(SEEDS.beta);
const A = seededSigner(SEEDS.alpha);
const GHOST = seededSigner(SEEDS.ghost);
const OUTSIDER = seededSigner(SEEDS.outsider);
const FED = {
  alpha: seededSigner(121),
  beta: seededSigner(122),
  gamma: seededSigner(123),
  delta: seededSigner(124),
};
const DAY_MS = 86_400_000;
const iso = (ms: number) => formatTimestamp(ms);
const client = clientSigner(9);

const PACKS: JsonValue[] = [
  policyPack('alpha', FED.alpha, [
    { did: A.key.did, colony: 'mumbai' },
    // A coordinator of alpha with no process: tests speak for it.
    { did: GHOST.key.did, colony: 'pune' },
  ]),
  policyPack('beta', FED.beta, [{ did: B.key.did, colony: 'chennai' }]),
  policyPack('gamma', FED.gamma, [{ did: seededSigner(SEEDS.gamma).key.did, colony: 'kolkata' }]),
  policyPack('delta', FED.delta, [{ did: seededSigner(SEEDS.delta).key.did, colony: 'delhi' }]),
];
const ALPHA_BETA = treaty(
  {
    federations: ['alpha', 'beta'],
    kinds: ['session'],
    validFrom: iso(Date.now() - DAY_MS),
    validUntil: iso(Date.now() + 30 * DAY_MS),
  },
  [FED.alpha, FED.beta],
);
const BETA_DELTA_ENDED = treaty(
  {
    federations: ['beta', 'delta'],
    kinds: ['session'],
    validFrom: iso(Date.now() - 10 * DAY_MS),
    validUntil: iso(Date.now() - DAY_MS),
  },
  [FED.beta, FED.delta],
);

let beta: TestGrid;
const origins: Record<'alpha' | 'gamma' | 'delta', TestGrid> = {} as never;
let node: TestNode;

beforeAll(async () => {
  const ports = await freePorts(4);
  const url = (index: number) => `http://127.0.0.1:${ports[index]}`;
  beta = await startTestGrid({
    dataDir: dataDirWithKey(SEEDS.beta),
    grid: 'beta',
    port: ports[0]!,
    canopy: {
      peers: [url(1), url(2), url(3)],
      colony: 'chennai',
      packs: PACKS,
      treaties: [ALPHA_BETA, BETA_DELTA_ENDED],
      publishIntervalMs: 1000,
    },
  });
  const colonies = { alpha: 'mumbai', gamma: 'kolkata', delta: 'delhi' } as const;
  for (const [index, federation] of (['alpha', 'gamma', 'delta'] as const).entries()) {
    origins[federation] = await startTestGrid({
      dataDir: dataDirWithKey(SEEDS[federation]),
      grid: federation,
      port: ports[index + 1]!,
      canopy: {
        peers: [url(0)],
        colony: colonies[federation],
        packs: PACKS,
        publishIntervalMs: 100,
      },
    });
  }
  node = await startLinkedNode(beta);
  // Every origin holds beta's summary with room before the tests ask it to overflow.
  for (const origin of Object.values(origins)) {
    await waitFor(
      async () =>
        (await canopyView(origin.url)).summaries.some(
          (entry) => entry.coordinator === B.key.did && entry.capacity.interactive!.free > 0,
        ),
      15_000,
      'a summary of beta with room',
    );
  }
}, 60_000);

afterAll(async () => {
  await node?.stop();
  for (const origin of Object.values(origins)) await origin?.close();
  await beta?.close();
  removeDataDirs();
});

function open(origin: TestGrid) {
  return postJson<OpenSessionResponse>(`${origin.url}/v1/sessions`, {
    agent: 'tutor',
    class: 'interactive',
    client: client.key.did,
  });
}

describe('the treaty gate on overflow', () => {
  it('alpha → beta under a treaty both signed: placed in beta, ticket by beta', async () => {
    const opened = await open(origins.alpha);
    expect(opened.status).toBe(201);
    expect(opened.body.ticket.aud).toBe('beta');
    expect(opened.body.ticket.node).toBe(node.did);
    expect(parseKid(opened.body.ticket.signatures[0]!.kid)).toMatchObject({
      value: { identity: B.key.did },
    });
  });

  it('gamma → beta without a treaty: session_treaty_required', async () => {
    const refused = await open(origins.gamma);
    expect(refused.status).toBe(422);
    expect(refused.body.error?.code).toBe('session_treaty_required');
  });

  it('delta → beta under a treaty that has ended: treaty_expired', async () => {
    const refused = await open(origins.delta);
    expect(refused.body.error?.code).toBe('treaty_expired');
  });
});

describe('bad summaries leave the book as it was', () => {
  const summaryOf = (signer: Signer, overrides: Partial<SummaryFields> = {}): CanopySummary =>
    buildSummary(
      {
        url: 'http://127.0.0.1:9',
        federation: 'alpha',
        colony: 'pune',
        seq: 1,
        issuedAtMs: Date.now(),
        capacity: { interactive: { free: 1, total: 1 } },
        warmAgents: [],
        prices: [],
        ...overrides,
      },
      signer,
    );
  const post = (summary: unknown) => postJson(`${beta.url}/v1/canopy/summaries`, summary);
  const heldOf = async (did: string) =>
    (await canopyView(beta.url)).summaries.find((entry) => entry.coordinator === did);

  it('forged, replayed, flooding and colony-claiming summaries, each with its code', async () => {
    const first = summaryOf(GHOST, { seq: 10 });
    expect((await post(first)).status).toBe(202);
    expect(await heldOf(GHOST.key.did)).toEqual(first);

    // Forged: the capacity inflated after signing.
    const forged = { ...first, capacity: { interactive: { free: 999, total: 999 } } };
    const forgedAnswer = await post(forged);
    expect(forgedAnswer.status).toBe(403);
    expect(forgedAnswer.body.error?.code).toBe('summary_signature_invalid');

    // Replayed: the same summary again, and an older one.
    expect((await post(first)).body.error?.code).toBe('summary_replayed');
    const older = summaryOf(GHOST, { seq: 9 });
    expect((await post(older)).body.error?.code).toBe('summary_replayed');

    // Flooding: a newer summary right after the last one.
    const flood = await post(summaryOf(GHOST, { seq: 11 }));
    expect(flood.status).toBe(429);
    expect(flood.body.error?.code).toBe('summary_rate_exceeded');

    // A colony alpha's pack gives to another coordinator.
    const claim = await post(summaryOf(GHOST, { seq: 12, colony: 'mumbai' }));
    expect(claim.status).toBe(403);
    expect(claim.body.error?.code).toBe('summary_colony_not_owned');

    // A coordinator no pack names, claiming a colony of alpha.
    const outsider = await post(summaryOf(OUTSIDER, { colony: 'pune' }));
    expect(outsider.body.error?.code).toBe('summary_colony_not_owned');

    // Malformed.
    expect((await post({ kind: 'canopy-summary' })).body.error?.code).toBe(
      'summary_schema_invalid',
    );

    expect(await heldOf(GHOST.key.did)).toEqual(first);
    expect(await heldOf(OUTSIDER.key.did)).toBeUndefined();
  });
});

describe('forwards', () => {
  const forwardBy = (signer: Signer, colony: string) =>
    buildForward(
      {
        federation: 'alpha',
        colony,
        issuedAtMs: Date.now(),
        request: { agent: 'tutor', class: 'batch', client: client.key.did },
      },
      signer,
    );
  const place = (forward: unknown) => postJson(`${beta.url}/v1/canopy/place`, forward);

  it('a forward from a coordinator its federation pack does not name: canopy_forward_invalid', async () => {
    const refused = await place(forwardBy(OUTSIDER, 'pune'));
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe('canopy_forward_invalid');
  });

  it('a forward altered after signing: canopy_forward_invalid', async () => {
    const forward = forwardBy(GHOST, 'pune');
    const altered = { ...forward, request: { ...forward.request, class: 'interactive' } };
    expect((await place(altered)).body.error?.code).toBe('canopy_forward_invalid');
  });

  it('a forward placed once is not placed again when replayed: canopy_forward_invalid', async () => {
    const forward = forwardBy(GHOST, 'pune');
    const placed = await place(forward);
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({
      coordinator: { coordinator: B.key.did, url: beta.url },
      placed: { node: { did: node.did } },
    });
    const replayed = await place(forward);
    expect(replayed.status).toBe(403);
    expect(replayed.body.error?.code).toBe('canopy_forward_invalid');
  });
});

describe('a canopy configuration the coordinator refuses to start with', () => {
  async function startWith(seed: number, grid: string, canopy: CanopyOptions) {
    return startCoordinator({ dataDir: dataDirWithKey(seed), grid, canopy });
  }

  it('a colony its federation pack gives to another coordinator: summary_colony_not_owned', async () => {
    await expect(
      startWith(SEEDS.alpha, 'alpha', { peers: [], colony: 'pune', packs: PACKS }),
    ).rejects.toMatchObject({ name: 'CanopyConfigError', code: 'summary_colony_not_owned' });
    await expect(
      startWith(SEEDS.outsider, 'alpha', { peers: [], colony: 'surat', packs: PACKS }),
    ).rejects.toMatchObject({ code: 'summary_colony_not_owned' });
  });

  it('a treaty signed by only one side: treaty_signature_missing', async () => {
    const oneSided = treaty(
      { federations: ['alpha', 'beta'], kinds: ['session'], validFrom: iso(Date.now()) },
      [FED.beta],
    );
    await expect(
      startWith(SEEDS.beta, 'beta', {
        peers: [],
        colony: 'chennai',
        packs: PACKS,
        treaties: [oneSided],
      }),
    ).rejects.toMatchObject({ code: 'treaty_signature_missing' });
  });

  it('an older treaty after a newer one for the same pair: treaty_replayed', async () => {
    const newer = treaty(
      { federations: ['alpha', 'beta'], kinds: ['session'], validFrom: iso(Date.now()) },
      [FED.alpha, FED.beta],
    );
    await expect(
      startWith(SEEDS.beta, 'beta', {
        peers: [],
        colony: 'chennai',
        packs: PACKS,
        treaties: [newer, ALPHA_BETA],
      }),
    ).rejects.toMatchObject({ code: 'treaty_replayed' });
  });
});
