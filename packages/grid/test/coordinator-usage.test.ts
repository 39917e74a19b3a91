/**
 * Usage proofs on a real control link into the real coordinator (SQLite ledger, log and NodeCo
 * store in its data folder): a countersigned proof is logged, minted once as a receipt split
 * 90/10 for a node without a NodeCo and 70/20/10 with owners pro rata once it has one; a retry
 * answers the same receipt; each bad proof is refused with its code and mints nothing.
 */
import { join } from 'node:path';
import { accountOf, buildNodeCo, withSignature } from '@mycel/kernel';
import { openLedgerStore, openSqliteLogStore } from '@mycel/store';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Cleanup,
  getJson,
  launchCoordinator,
  openRequest,
  postJson,
  temporaryDataDir,
  waitUntil,
} from './support/coordinator-harness.js';
import { CLIENT, testSigner } from './support/coordinator-nodes.js';
import { registeredNode } from './support/coordinator-test-node.js';
import { signedUsage, TEST_PRICE, usageFields } from './support/usage-proofs.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const NODE = testSigner(1);
const OTHER_NODE = testSigner(2);
const STRANGER = testSigner(7001);
const OWNER_A = testSigner(7002);
const OWNER_B = testSigner(7003);
const OPERATOR = testSigner(7004);

async function servedSession() {
  const dataDir = temporaryDataDir(cleanup);
  const coordinator = await launchCoordinator(cleanup, { dataDir, price: TEST_PRICE });
  const node = await registeredNode(cleanup, coordinator.url, 1);
  const other = await registeredNode(cleanup, coordinator.url, 2);
  const opened = await postJson<{ sid: string; price: unknown; node: { did: string } }>(
    `${coordinator.url}/v1/sessions`,
    openRequest({ client: CLIENT.key.did }),
  );
  expect(opened.status).toBe(201);
  expect(opened.body.price).toEqual(TEST_PRICE);
  const { sid } = opened.body;
  // Serve it on node 1 whichever node placement chose: report it active there.
  const serving = opened.body.node.did === NODE.key.did ? node : other;
  const serverSigner = serving === node ? NODE : OTHER_NODE;
  serving.link.report(sid, 'active');
  await waitUntil(
    async () => (await getJson(`${coordinator.url}/v1/sessions/${sid}`)).body.state === 'active',
    'the session to be active',
  );
  const idle = serving === node ? other : node;
  return { coordinator, dataDir, sid, serving, serverSigner, idle };
}

describe('usage proofs at the coordinator', () => {
  it('logs and mints a countersigned proof once, split 90/10 without a NodeCo', async () => {
    const { coordinator, dataDir, sid, serving, serverSigner } = await servedSession();
    const proof = signedUsage(usageFields(sid, serverSigner, CLIENT, { seconds: 20 }), [
      serverSigner,
      CLIENT,
    ]);
    serving.link.send({ t: 'usage', proof });
    const ack = await serving.link.next('usage-ack');
    expect(ack.id).toBe(proof.id);
    expect(ack.error).toBeUndefined();
    expect(ack.receipt).toMatch(/^sha256:/);

    // The ack of a retry names the same receipt; nothing is minted twice.
    serving.link.send({ t: 'usage', proof });
    expect((await serving.link.next('usage-ack')).receipt).toBe(ack.receipt);

    const earnings = await getJson<{
      currencies: {
        currency: string;
        earned: string;
        parties: { party: string; owed: string }[];
      }[];
    }>(`${coordinator.url}/v1/nodes/${serverSigner.key.did}/earnings`);
    expect(earnings.status).toBe(200);
    const [inr] = earnings.body.currencies;
    expect(inr!.currency).toBe('INR');
    expect(inr!.earned).toBe('60');
    const owed = Object.fromEntries(inr!.parties.map((p) => [p.party, p.owed]));
    expect(owed).toEqual({ [serverSigner.key.did]: '54', [coordinator.did]: '6' });

    await coordinator.close();
    const ledger = await openLedgerStore({ sqlitePath: join(dataDir, 'ledger.sqlite') });
    try {
      expect(await ledger.receipts()).toHaveLength(1);
      expect(await ledger.balance(accountOf(CLIENT.key.did, 'INR'))).toBe(-60n);
      expect(await ledger.replayBalances()).toEqual(await ledger.balances());
    } finally {
      await ledger.close();
    }
    const log = await openSqliteLogStore({
      path: join(dataDir, 'log.sqlite'),
      origin: 'opengrid/testgrid',
    });
    try {
      expect((await log.head()).size).toBe(1);
      expect(await log.findIndex(proof.id)).toBe(0);
    } finally {
      await log.close();
    }
  });

  it('refuses each bad proof with its code and mints nothing for it', async () => {
    const { coordinator, sid, serving, serverSigner, idle } = await servedSession();
    const base = usageFields(sid, serverSigner, CLIENT, { seconds: 10 });
    const refusals: [string, unknown, string][] = [
      ['no countersignature', signedUsage(base, [serverSigner]), 'usage_countersignature_missing'],
      [
        "another client's countersignature",
        signedUsage(base, [serverSigner, STRANGER]),
        'usage_countersigner_mismatch',
      ],
      [
        'a proof claiming another client',
        signedUsage({ ...base, client: STRANGER.key.did }, [serverSigner, STRANGER]),
        'usage_countersigner_mismatch',
      ],
      [
        "seconds beyond the session's lifetime",
        signedUsage({ ...base, seconds: 3600, windowStartMs: base.windowEndMs - 3_600_000 }, [
          serverSigner,
          CLIENT,
        ]),
        'usage_seconds_exceed_lifetime',
      ],
      [
        'another price',
        signedUsage({ ...base, unitPrice: { minor: '4', currency: 'INR' } }, [
          serverSigner,
          CLIENT,
        ]),
        'usage_price_mismatch',
      ],
      [
        'an unknown session',
        signedUsage({ ...base, sid: 'S'.repeat(22) }, [serverSigner, CLIENT]),
        'usage_session_unknown',
      ],
      [
        'a body changed after signing',
        { ...signedUsage(base, [serverSigner, CLIENT]), issuedAt: new Date(0).toISOString() },
        'usage_proof_invalid',
      ],
    ];
    for (const [what, proof, code] of refusals) {
      serving.link.send({ t: 'usage', proof });
      const ack = await serving.link.next('usage-ack');
      expect(ack.error?.code, what).toBe(code);
      expect(ack.receipt, what).toBeUndefined();
    }
    // A good proof sent by a node that does not serve the session.
    const idleSigner = serverSigner === NODE ? OTHER_NODE : NODE;
    idle.link.send({
      t: 'usage',
      proof: signedUsage(usageFields(sid, idleSigner, CLIENT, { seconds: 10 }), [
        idleSigner,
        CLIENT,
      ]),
    });
    expect((await idle.link.next('usage-ack')).error?.code).toBe('usage_node_mismatch');
    // Issued in the serving node's name but sent on another node's link.
    idle.link.send({ t: 'usage', proof: signedUsage(base, [serverSigner, CLIENT]) });
    expect((await idle.link.next('usage-ack')).error?.code).toBe('usage_node_mismatch');

    const earnings = await getJson(`${coordinator.url}/v1/nodes/${serverSigner.key.did}/earnings`);
    expect(earnings.status).toBe(404);
    expect((earnings.body.error as { code: string }).code).toBe('node_unknown');
  });

  it('splits a NodeCo node 70/20/10 with the owners pro rata, and guards its record', async () => {
    const { coordinator, sid, serving, serverSigner } = await servedSession();
    const record = withSignature(
      buildNodeCo({
        federation: 'testgrid',
        node: serverSigner.key.did,
        operator: OPERATOR.key.did,
        protocol: coordinator.did,
        owners: [
          { party: OWNER_A.key.did, shares: '3' },
          { party: OWNER_B.key.did, shares: '1' },
        ],
        effectiveAt: new Date(Date.now() - 60_000).toISOString(),
      }),
      'nodeco',
      serverSigner,
    );
    // Signed by someone other than the node; for another protocol party; then the real one.
    const forged = withSignature({ ...record, signatures: [] }, 'nodeco', STRANGER);
    expect((await postJson(`${coordinator.url}/v1/nodecos`, forged)).status).toBe(422);
    const elsewhere = withSignature(
      buildNodeCo({ ...record, protocol: STRANGER.key.did }),
      'nodeco',
      serverSigner,
    );
    const refused = await postJson(`${coordinator.url}/v1/nodecos`, elsewhere);
    expect((refused.body.error as { code: string }).code).toBe('nodeco_protocol_mismatch');
    expect((await postJson(`${coordinator.url}/v1/nodecos`, record)).status).toBe(201);
    const again = await postJson(`${coordinator.url}/v1/nodecos`, elsewhere);
    expect((again.body.error as { code: string }).code).toBe('nodeco_protocol_mismatch');

    const proof = signedUsage(usageFields(sid, serverSigner, CLIENT, { seconds: 10 }), [
      serverSigner,
      CLIENT,
    ]);
    serving.link.send({ t: 'usage', proof });
    expect((await serving.link.next('usage-ack')).receipt).toMatch(/^sha256:/);
    const earnings = await getJson<{
      nodeco: string;
      currencies: { earned: string; parties: { party: string; owed: string; roles: string[] }[] }[];
    }>(`${coordinator.url}/v1/nodes/${serverSigner.key.did}/earnings`);
    expect(earnings.body.nodeco).toBe(record.id);
    const [inr] = earnings.body.currencies;
    expect(inr!.earned).toBe('30');
    // 30 paise: owners 21 (A 3/4 = 15.75 → 16, B 5.25 → 5), operator 6, protocol 3.
    const owed = Object.fromEntries(inr!.parties.map((p) => [p.party, p.owed]));
    expect(owed).toEqual({
      [OWNER_A.key.did]: '16',
      [OWNER_B.key.did]: '5',
      [OPERATOR.key.did]: '6',
      [coordinator.did]: '3',
    });
  });
});
