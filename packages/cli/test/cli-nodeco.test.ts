/**
 * The `mycel nodeco` commands as a node host runs them, as child processes against a real
 * coordinator (started in this process on a loopback port, with its own data folder): create and
 * register a NodeCo record signed with the node's PKCS #8 key, show it, transfer shares; a
 * transfer by a party that owns no shares is refused by the coordinator and changes nothing; bad
 * policies and share counts never leave the command line.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { NODE_KEY_FILE, type RunningCoordinator, startCoordinator } from '@mycel/grid';
import { checkNodeCo, type JsonValue, signerFromPkcs8 } from '@mycel/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace, jsonOf } from './cli-workspace.js';
import { expectFailure, expectSuccess } from './run-mycel.js';

const { mycel, inWorkspace, keyFile, written } = cliWorkspace('cli-nodeco');

function nodeDataFolder(): { folder: string; did: string } {
  const folder = inWorkspace('node-data');
  mkdirSync(folder, { mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pkcs8 = new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' }));
  writeFileSync(`${folder}/${NODE_KEY_FILE}`, pkcs8, { mode: 0o600 });
  const signer = signerFromPkcs8(pkcs8);
  if (!signer.ok) throw new Error(signer.error.code);
  return { folder, did: signer.value.key.did };
}

describe('mycel nodeco', () => {
  let coordinator: RunningCoordinator;
  const node = nodeDataFolder();
  const ownerA = keyFile('owner-a');
  const ownerB = keyFile('owner-b');
  const newcomer = keyFile('newcomer');
  const stranger = keyFile('stranger');
  const operator = keyFile('operator');
  const otherNode = keyFile('other-node');
  const recordFile = inWorkspace('nodeco.json');
  const common = () => [
    '--federation',
    'testgrid',
    '--protocol',
    coordinator.did,
    '--operator',
    operator.did,
  ];
  const transfer = (from: string, ...rest: string[]) =>
    mycel(
      'nodeco',
      'transfer-shares',
      '--coordinator',
      coordinator.url,
      '--node',
      node.did,
      '--from-key',
      from,
      ...rest,
    );

  beforeAll(async () => {
    coordinator = await startCoordinator({
      dataDir: inWorkspace('coordinator'),
      grid: 'testgrid',
      host: '127.0.0.1',
      port: 0,
    });
  });
  afterAll(async () => {
    await coordinator?.close();
  });

  it('creates, signs and registers a record; bad policies and shares are argument_invalid', async () => {
    const ownersCsv = written(
      'owners.csv',
      `party,shares,rail,address\r\n${ownerA.did},2,sepa,"DE89 3704, ""A"""\r\n${ownerB.did},5,,\r\n`,
    );
    const [registered, fromCsv, badPolicy, fractional] = await Promise.all([
      mycel(
        'nodeco',
        'create',
        '--node-key',
        `${node.folder}/${NODE_KEY_FILE}`,
        ...common(),
        '--owner',
        `${ownerA.did}=3@upi:family.a@okbank`,
        '--owner',
        `${ownerB.did}=1`,
        '--out',
        recordFile,
        '--coordinator',
        coordinator.url,
        '--json',
      ),
      mycel('nodeco', 'create', '--node-key', otherNode.path, ...common(), '--owners', ownersCsv),
      mycel(
        'nodeco',
        'create',
        '--node-key',
        node.folder,
        ...common(),
        '--owner',
        `${ownerA.did}=1`,
        '--policy',
        '7000/2000/500',
      ),
      mycel(
        'nodeco',
        'create',
        '--node-key',
        node.folder,
        ...common(),
        '--owner',
        `${ownerA.did}=1.5`,
      ),
    ]);
    const answer = jsonOf(registered);
    expect(answer.record.node).toBe(node.did);
    expect(answer.record.policy).toEqual({ owners: 7000, operator: 2000, protocol: 1000 });
    expect(answer.holdings).toEqual(
      [
        {
          party: ownerA.did,
          shares: '3',
          percent: '75.00',
          payTo: { rail: 'upi', address: 'family.a@okbank' },
        },
        { party: ownerB.did, shares: '1', percent: '25.00' },
      ].sort((left, right) => (left.party < right.party ? -1 : 1)),
    );
    const stored = JSON.parse(readFileSync(recordFile, 'utf8'));
    expect(checkNodeCo(stored as JsonValue).ok).toBe(true);
    expect(stored.id).toBe(answer.record.id);

    expectSuccess(fromCsv);
    const record = JSON.parse(fromCsv.stdout);
    expect(checkNodeCo(record).ok).toBe(true);
    expect(record.node).toBe(otherNode.did);
    expect(record.owners).toContainEqual({
      party: ownerA.did,
      shares: '2',
      payTo: { rail: 'sepa', address: 'DE89 3704, "A"' },
    });
    expect(record.owners).toContainEqual({ party: ownerB.did, shares: '5' });
    expectFailure(badPolicy, 'argument_invalid');
    expect(badPolicy.stderr).toMatch(/10000/);
    expectFailure(fractional, 'argument_invalid');
  });

  it('shows the record; a stranger cannot give shares it does not own', async () => {
    const [shown, refused, negative] = await Promise.all([
      mycel('nodeco', 'show', recordFile, '--json'),
      transfer(stranger.path, '--to', newcomer.did, '--shares', '1'),
      transfer(ownerA.path, '--to', newcomer.did, '--shares', '-1'),
    ]);
    const view = jsonOf(shown);
    expect(view.transfers).toEqual([]);
    expect(view.holdings.map((holding: { shares: string }) => holding.shares).sort()).toEqual([
      '1',
      '3',
    ]);
    expectFailure(refused, 'nodeco_transfer_refused');
    expect(refused.stderr).toMatch(/share_transfer_unauthorized/);
    expectFailure(negative, 'argument_invalid');
  });

  it('an owner transfers shares; the coordinator shows the new holdings and only that transfer', async () => {
    const moved = jsonOf(
      await transfer(ownerA.path, '--to', newcomer.did, '--shares', '1', '--json'),
    );
    expect(moved.transfer).toMatchObject({ from: ownerA.did, to: newcomer.did, shares: '1' });
    const shown = await mycel(
      'nodeco',
      'show',
      '--coordinator',
      coordinator.url,
      '--node',
      node.did,
    );
    expectSuccess(shown);
    expect(shown.stdout).toMatch(/^share transfers: 1$/m);
    expect(shown.stdout).toMatch(
      new RegExp(`^${ownerA.did}\\s+2\\s+50\\.00\\s+upi:family\\.a@okbank$`, 'm'),
    );
    expect(shown.stdout).toMatch(new RegExp(`^${ownerB.did}\\s+1\\s+25\\.00$`, 'm'));
    expect(shown.stdout).toMatch(new RegExp(`^${newcomer.did}\\s+1\\s+25\\.00$`, 'm'));
  });
});
