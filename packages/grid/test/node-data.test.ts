/** The node's data folder: a restart with the same folder is the same node. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NODE_KEY_FILE, NODE_SETTINGS_FILE, openNodeData } from '../src/node/node-data.js';
import { NodeStartError } from '../src/node/node-error-codes.js';
import { startNode } from '../src/node/start-node.js';

const root = mkdtempSync(join(tmpdir(), 'node-data-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const COORDINATOR = 'http://127.0.0.1:7800';
const COORDINATOR_DID = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof NodeStartError) return error.code;
    throw error;
  }
  return undefined;
}

describe('openNodeData', () => {
  it('makes a key on first start (0600 in a 0700 folder) and reuses it after', () => {
    const dataDir = join(root, 'first');
    const first = openNodeData({ dataDir, coordinatorUrl: COORDINATOR });
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, NODE_KEY_FILE)).mode & 0o777).toBe(0o600);
    const again = openNodeData({ dataDir, coordinatorUrl: COORDINATOR });
    expect(again.signer.key.did).toBe(first.signer.key.did);
    const other = openNodeData({ dataDir: join(root, 'other'), coordinatorUrl: COORDINATOR });
    expect(other.signer.key.did).not.toBe(first.signer.key.did);
  });

  it('keeps settings across starts; options given on a start replace the stored ones', () => {
    const dataDir = join(root, 'settings');
    openNodeData({
      dataDir,
      coordinatorUrl: COORDINATOR,
      label: 'lisbon-1',
      capacity: { voice: 3 },
      coordinatorKey: COORDINATOR_DID,
    });
    const again = openNodeData({ dataDir, coordinatorUrl: COORDINATOR, capacity: { batch: 1 } });
    expect(again.settings.label).toBe('lisbon-1');
    expect(again.settings.capacity.voice).toBe(3);
    expect(again.settings.capacity.batch).toBe(1);
    expect(again.settings.coordinatorDid).toBe(COORDINATOR_DID);
    expect(again.settings.price.currency).toBe('EUR');
    const stored = JSON.parse(readFileSync(join(dataDir, NODE_SETTINGS_FILE), 'utf8'));
    expect(stored.label).toBe('lisbon-1');
  });

  it('refuses an unreadable key or settings file instead of replacing it', () => {
    const badKey = join(root, 'bad-key');
    mkdirSync(badKey, { recursive: true });
    writeFileSync(join(badKey, NODE_KEY_FILE), 'not a key');
    expect(codeOf(() => openNodeData({ dataDir: badKey, coordinatorUrl: COORDINATOR }))).toBe(
      'node_data_invalid',
    );
    const badSettings = join(root, 'bad-settings');
    openNodeData({ dataDir: badSettings, coordinatorUrl: COORDINATOR });
    writeFileSync(join(badSettings, NODE_SETTINGS_FILE), '{"v":1,"label":""}');
    expect(codeOf(() => openNodeData({ dataDir: badSettings, coordinatorUrl: COORDINATOR }))).toBe(
      'node_data_invalid',
    );
    writeFileSync(join(badSettings, NODE_SETTINGS_FILE), '{not json');
    expect(codeOf(() => openNodeData({ dataDir: badSettings, coordinatorUrl: COORDINATOR }))).toBe(
      'node_data_invalid',
    );
  });

  it('refuses options out of range', () => {
    const dataDir = join(root, 'options');
    expect(
      codeOf(() => openNodeData({ dataDir, coordinatorUrl: COORDINATOR, capacity: { voice: -1 } })),
    ).toBe('node_options_invalid');
    expect(codeOf(() => openNodeData({ dataDir, coordinatorUrl: COORDINATOR, label: '' }))).toBe(
      'node_options_invalid',
    );
  });

  it('refuses a folder inside a git working tree (the key would be one commit from public)', () => {
    const repository = join(root, 'repository');
    mkdirSync(join(repository, '.git'), { recursive: true });
    const dataDir = join(repository, 'deep', 'node');
    expect(codeOf(() => openNodeData({ dataDir, coordinatorUrl: COORDINATOR }))).toBe(
      'node_data_in_repository',
    );
  });
});

describe('startNode options', () => {
  it('refuses options out of range before it starts anything', async () => {
    const dataDir = join(root, 'start-options');
    const base = { dataDir, coordinatorUrl: COORDINATOR, logger: false as const };
    const refused = [
      { ...base, coordinatorUrl: 'ftp://127.0.0.1:7800' },
      { ...base, coordinatorUrl: 'not a url' },
      { ...base, workers: 0 },
      { ...base, turnTimeoutMs: 0 },
      { ...base, heartbeatMs: 1.5 },
      { ...base, coordinatorKey: 'did:key:zNotAKey' },
    ];
    for (const options of refused) {
      await expect(startNode(options)).rejects.toMatchObject({ code: 'node_options_invalid' });
    }
  });
});
